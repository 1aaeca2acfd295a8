import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BaselineCustomResource } from './baseline-custom-resource';

/** The ARN of a service-linked role, e.g. `aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`. */
function serviceLinkedRoleArn(scope: Construct, awsServiceName: string, roleName: string): string {
  return Stack.of(scope).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `aws-service-role/${awsServiceName}/${roleName}` });
}

/**
 * Lets the provider create one service's service-linked role and no other. Services such as
 * Security Hub, Inspector and GuardDuty create theirs on first use, with the caller's permissions.
 */
export function createServiceLinkedRoleStatement(scope: Construct, awsServiceName: string, roleName: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['iam:CreateServiceLinkedRole'],
    resources: [serviceLinkedRoleArn(scope, awsServiceName, roleName)],
    conditions: { StringEquals: { 'iam:AWSServiceName': awsServiceName } },
  });
}

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
    this.roleArn = serviceLinkedRoleArn(this, props.awsServiceName, props.roleName);
    new BaselineCustomResource(this, 'Resource', {
      kind: 'ServiceLinkedRole',
      properties: { AWSServiceName: props.awsServiceName, RoleName: props.roleName },
      policyStatements: [createServiceLinkedRoleStatement(this, props.awsServiceName, props.roleName)],
    });
  }
}
