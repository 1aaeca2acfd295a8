import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HANDLERS } from '../../handler/index';
import { SecureBaseline } from '../../src';
import { AccountPasswordPolicy } from '../../src/account/password-policy';
import { RestrictDefaultSecurityGroup } from '../../src/account/restrict-default-security-group';
import { InspectorScanning } from '../../src/detection/inspector';
import { logicalId, NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

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
    // The provider's role, and the role Systems Manager assumes for the remediation.
    template.resourceCountIs('AWS::IAM::Role', 2);
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

  test('the AWS Config managed rule VPC_DEFAULT_SECURITY_GROUP_CLOSED evaluates security groups', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::Config::ConfigRule', 1);
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { Owner: 'AWS', SourceIdentifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED' },
      Scope: { ComplianceResourceTypes: ['AWS::EC2::SecurityGroup'] },
    });
  });

  test('a NON_COMPLIANT group is remediated automatically by the AWS-owned runbook, with the group id and the remediation role', () => {
    const { stack, template } = synth();
    const construct = stack.node.findChild('DefaultSg') as RestrictDefaultSecurityGroup;
    template.resourceCountIs('AWS::Config::RemediationConfiguration', 1);
    const [remediation] = Object.values<any>(template.findResources('AWS::Config::RemediationConfiguration'));
    expect(remediation.Properties).toEqual({
      ConfigRuleName: { Ref: logicalId(construct.rule) },
      TargetType: 'SSM_DOCUMENT',
      TargetId: 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules',
      Parameters: {
        AutomationAssumeRole: { StaticValue: { Values: [{ 'Fn::GetAtt': [logicalId(construct.remediationRole), 'Arn'] }] } },
        GroupId: { ResourceValue: { Value: 'RESOURCE_ID' } },
      },
      Automatic: true,
      MaximumAutomaticAttempts: 5,
      RetryAttemptSeconds: 60,
    });
    expect(remediation.DependsOn).toEqual(expect.arrayContaining([logicalId(construct.remediationRole), expect.stringMatching(/^DefaultSgRemediationPolicy/)]));
  });

  test('only Systems Manager automations of this account and region may assume the remediation role', () => {
    const { stack, template } = synth({ account: '111111111111', region: 'eu-west-1' });
    const construct = stack.node.findChild('DefaultSg') as RestrictDefaultSecurityGroup;
    const role = template.toJSON().Resources[logicalId(construct.remediationRole)];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 'ssm.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '111111111111' },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:111111111111:automation-execution/*']] } },
      },
    }]);
    expect(role.Properties.Policies).toBeUndefined();
  });

  test('the remediation policy allows what the runbook lists, on this account\'s security groups only, and nothing to authorize', () => {
    const { template } = synth({ account: '111111111111', region: 'eu-west-1' });
    const [policy] = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy'));
    const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'ec2:DescribeSecurityGroups', Resource: '*' },
      revoke([arn(':ec2:eu-west-1:111111111111:security-group/*'), arn(':ec2:eu-west-1:111111111111:security-group-rule/*')]),
      { Effect: 'Allow', Action: 'ssm:StartAutomationExecution', Resource: arn(':ssm:eu-west-1:*:automation-definition/AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules:*') },
      { Effect: 'Allow', Action: 'ssm:GetAutomationExecution', Resource: arn(':ssm:eu-west-1:111111111111:automation-execution/*') },
    ]);
    expect(JSON.stringify(policy)).not.toContain('Authorize');
  });
});

describe('RestrictDefaultSecurityGroup in a SecureBaseline', () => {
  test('the rule waits for the baseline\'s recorder (NoAvailableConfigurationRecorderException otherwise)', () => {
    const stack = new SecureBaseline(new App(), 'Baseline', { env: { account: '111111111111', region: 'eu-west-1' } });
    const rule = stack.node.findChild('DefaultSecurityGroup').node.findChild('Rule');
    const template = Template.fromStack(stack).toJSON();
    expect(template.Resources[logicalId(rule)].DependsOn).toEqual(expect.arrayContaining([logicalId(stack.configRecorder!.node.findChild('Resource'))]));
  });

  test('with config.enabled false the rule is still made, for the region\'s existing recorder', () => {
    const stack = new SecureBaseline(new App(), 'Baseline', { config: { enabled: false } });
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::Config::ConfigRule', {
      Properties: { Source: { SourceIdentifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED' } },
    }))).toHaveLength(1);
  });

  test('defaultSecurityGroup.enabled false leaves out the rule, the remediation, its role and the custom resource', () => {
    // Flow logs (EC2.6) are off too, so that every Config rule and remediation counted here is this construct's.
    const template = Template.fromStack(new SecureBaseline(new App(), 'Baseline', { defaultSecurityGroup: { enabled: false }, vpcFlowLogs: { enabled: false } }));
    for (const type of ['AWS::Config::ConfigRule', 'AWS::Config::RemediationConfiguration', 'Custom::DefaultSecurityGroup']) {
      template.resourceCountIs(type, 0);
    }
    expect(JSON.stringify(template.toJSON())).not.toContain('AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules');
  });
});
