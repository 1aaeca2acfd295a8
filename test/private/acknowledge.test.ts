import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { policyWildcards } from '../../src/private/acknowledge';
import { acknowledgeReviewedWildcards } from '../../src/private/config-remediation';

function policyWith(statements: iam.PolicyStatement[]): iam.ManagedPolicy {
  const stack = new Stack(new App(), 'Stack', { env: { region: 'eu-west-1' } });
  return new iam.ManagedPolicy(stack, 'Policy', { statements });
}

const statements = () => {
  const stack = new Stack();
  return [
    new iam.PolicyStatement({ actions: ['ec2:Describe*', 'ec2:CreateFlowLogs'], resources: ['*'] }),
    new iam.PolicyStatement({ actions: ['ssm:StartAutomationExecution'], resources: [stack.formatArn({ service: 'ssm', account: '*', resource: 'automation-definition', resourceName: 'AWS-X:*' })] }),
    new iam.PolicyStatement({ actions: ['ec2:RevokeSecurityGroupIngress'], resources: [`arn:${Stack.of(stack).partition}:ec2:*:${Stack.of(stack).account}:security-group/*`, 'arn:aws:ec2:us-east-1:111111111111:vpc/vpc-1'] }),
    new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['s3:*'], resources: ['*'] }),
  ];
};

describe('policyWildcards', () => {
  test('names exactly the AwsSolutions-IAM5 findings that the pack reports for the policy', () => {
    const policy = policyWith(statements());
    const reported = new AwsSolutionsChecks().validateScope(policy).violations
      .map(violation => violation.ruleName).filter(id => id.startsWith('AwsSolutions-IAM5['));

    expect(policyWildcards(policy).map(wildcard => `AwsSolutions-IAM5[${wildcard}]`)).toEqual(reported);
    expect(reported).toEqual([
      'AwsSolutions-IAM5[Action::ec2:Describe*]',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:*:automation-definition/AWS-X:*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:*:<AWS::AccountId>:security-group/*]',
    ]);
  });

  test('a policy without wildcards has none', () => {
    expect(policyWildcards(policyWith([new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/key'] })]))).toEqual([]);
  });
});

describe('acknowledgeReviewedWildcards', () => {
  test('acknowledges the expected wildcards, so that AwsSolutions reports none of them', () => {
    const policy = policyWith(statements());
    acknowledgeReviewedWildcards(policy, 'Owner', [/^Action::ec2:Describe\*$/, /^Resource::/], 'reviewed');

    expect(new AwsSolutionsChecks().validateScope(policy).violations.filter(v => v.ruleName.startsWith('AwsSolutions-IAM5'))).toEqual([]);
  });

  test('fails on a wildcard that no pattern expects, naming its finding', () => {
    const policy = policyWith(statements());
    expect(() => acknowledgeReviewedWildcards(policy, 'Owner', [/^Resource::/], 'reviewed'))
      .toThrow('Owner: the remediation policy has wildcards nobody reviewed: AwsSolutions-IAM5[Action::ec2:Describe*]');
  });
});
