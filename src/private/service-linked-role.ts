import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BaselineCustomResource } from './baseline-custom-resource';

/**
 * Properties for a `ServiceLinkedRole`.
 */
export interface ServiceLinkedRoleProps {
  /** Service principal that owns the role, e.g. `config.amazonaws.com`. */
  readonly awsServiceName: string;
  /** Name AWS gives the role, e.g. `AWSServiceRoleForConfig`. */
  readonly roleName: string;
}

/**
 * Makes sure a service-linked role exists, whether or not it already did.
 *
 * `AWS::IAM::ServiceLinkedRole` fails when the role exists ("has been taken in this account"),
 * which it does in any account where the service was ever switched on by hand. The handler creates
 * it through the IAM API and accepts that answer. The role is never deleted: other tools in the
 * account may rely on it, and IAM refuses to delete it while the service uses it.
 */
export class ServiceLinkedRole extends Construct {
  /** ARN of the service-linked role. */
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: ServiceLinkedRoleProps) {
    super(scope, id);
    const rolePath = `aws-service-role/${props.awsServiceName}/${props.roleName}`;
    this.roleArn = Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: rolePath });

    new BaselineCustomResource(this, 'Resource', {
      kind: 'ServiceLinkedRole',
      properties: { AWSServiceName: props.awsServiceName, RoleName: props.roleName },
      policyStatements: [new iam.PolicyStatement({
        actions: ['iam:CreateServiceLinkedRole'],
        resources: [this.roleArn],
        conditions: { StringEquals: { 'iam:AWSServiceName': props.awsServiceName } },
      })],
    });
  }
}
