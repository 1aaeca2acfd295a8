import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeAwsCustomResourceProvider } from './aws-custom-resource-provider';

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
 * which it does in any account where the service was ever switched on by hand. Creating it through
 * the IAM API and ignoring that answer converges both cases. The role is never deleted: other
 * tools in the account may rely on it, and IAM refuses to delete it while the service uses it.
 */
export class ServiceLinkedRole extends Construct {
  /** ARN of the service-linked role. */
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: ServiceLinkedRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const rolePath = `aws-service-role/${props.awsServiceName}/${props.roleName}`;
    this.roleArn = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: rolePath });

    const resource = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::ServiceLinkedRole',
      installLatestAwsSdk: false,
      onCreate: {
        service: 'IAM',
        action: 'createServiceLinkedRole',
        parameters: { AWSServiceName: props.awsServiceName },
        physicalResourceId: cr.PhysicalResourceId.of(props.roleName),
        // IAM answers InvalidInput ("Service role name ... has been taken in this account") when the
        // role exists; with a fixed service name that is the only input that can be invalid.
        ignoreErrorCodesMatching: 'InvalidInput',
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [this.roleArn],
          conditions: { StringEquals: { 'iam:AWSServiceName': props.awsServiceName } },
        }),
      ]),
    });
    acknowledgeAwsCustomResourceProvider(resource);
  }
}
