import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BaselineCustomResource } from '../private/baseline-custom-resource';

/**
 * Removes every inbound and outbound rule of the default VPC's default security group in this
 * region (Security Hub EC2.2), so that an instance or interface placed in it by accident can reach
 * nothing and be reached by nothing.
 *
 * This breaks a workload that relies on the default group's rules (its members talking to each
 * other, or reaching the internet). Leave it out where such a workload runs. The rules are not put
 * back when the stack is deleted; a region without a default VPC is left as it is.
 */
export class RestrictDefaultSecurityGroup extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    const securityGroups = stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: '*' });
    const securityGroupRules = stack.formatArn({ service: 'ec2', resource: 'security-group-rule', resourceName: '*' });
    new BaselineCustomResource(this, 'Resource', {
      kind: 'DefaultSecurityGroup',
      policyStatements: [
        new iam.PolicyStatement({
          // Describe calls support no resource-level permissions.
          actions: ['ec2:DescribeVpcs', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          // The default group's id is known only in the account, so the statement names this
          // account's and region's groups, and their rules, which revoking by rule id also checks.
          actions: ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
          resources: [securityGroups, securityGroupRules],
        }),
      ],
    });
  }
}
