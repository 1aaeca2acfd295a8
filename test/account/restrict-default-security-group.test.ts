import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HANDLERS } from '../../handler/index';
import { AccountPasswordPolicy } from '../../src/account/password-policy';
import { RestrictDefaultSecurityGroup } from '../../src/account/restrict-default-security-group';
import { InspectorScanning } from '../../src/detection/inspector';
import { NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };

const DESCRIBE = {
  Effect: 'Allow',
  Action: ['ec2:DescribeVpcs', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules'],
  Resource: '*',
};

function revoke(resource: unknown) {
  return {
    Effect: 'Allow',
    Action: ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
    Resource: resource,
  };
}

function synth(env?: { account: string; region: string }): { stack: Stack; template: Template } {
  const stack = new Stack(new App(), 'TestStack', { env });
  new RestrictDefaultSecurityGroup(stack, 'DefaultSg');
  return { stack, template: Template.fromStack(stack) };
}

describe('RestrictDefaultSecurityGroup', () => {
  test('Custom::DefaultSecurityGroup with only Kind (the handler finds the group itself)', () => {
    const { template } = synth();
    template.resourceCountIs('Custom::DefaultSecurityGroup', 1);
    template.hasResourceProperties('Custom::DefaultSecurityGroup', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'DefaultSecurityGroup',
    }));
  });

  test('describes on * and revokes only on this account\'s and region\'s security groups and their rules', () => {
    const statements = providerStatements(synth().template);
    const arnOf = (resource: string) => ({
      'Fn::Join': ['', [
        'arn:', { Ref: 'AWS::Partition' }, ':ec2:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}/*`,
      ]],
    });
    expect(statements).toEqual([
      DESCRIBE,
      revoke([arnOf('security-group'), arnOf('security-group-rule')]),
    ]);
    expect(JSON.stringify(statements)).not.toContain('Authorize');
  });

  test('an explicit environment names its literal account and region', () => {
    expect(providerStatements(synth({ account: '111111111111', region: 'eu-west-1' }).template)).toEqual([
      DESCRIBE,
      revoke([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:eu-west-1:111111111111:security-group/*']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:eu-west-1:111111111111:security-group-rule/*']] },
      ]),
    ]);
  });

  test('shares the one provider function with other baseline constructs', () => {
    const stack = new Stack(new App(), 'TestStack');
    new RestrictDefaultSecurityGroup(stack, 'DefaultSg');
    new AccountPasswordPolicy(stack, 'PasswordPolicy');
    new InspectorScanning(stack, 'Inspector');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    expect(providerStatements(template).map((s) => s.Action)).toEqual([
      DESCRIBE.Action,
      ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
      'iam:UpdateAccountPasswordPolicy',
      ['inspector2:BatchGetAccountStatus', 'inspector2:Enable', 'inspector2:Disable', 'inspector2:GetMember'],
      'iam:CreateServiceLinkedRole',
      'iam:CreateServiceLinkedRole',
    ]);
  });

  test('the custom resource is removed with the stack; the handler does not put rules back', () => {
    synth().template.hasResource('Custom::DefaultSecurityGroup', { DeletionPolicy: 'Delete' });
    expect(HANDLERS.DefaultSecurityGroup.delete).toBeUndefined();
  });

  test('no cdk-nag pack reports a violation', () => {
    const { stack } = synth();
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
