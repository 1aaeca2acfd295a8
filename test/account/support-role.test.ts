import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SecureBaseline } from '../../src';
import { SupportRole, SupportRoleProps } from '../../src/account/support-role';
import { NO_VIOLATIONS, violationsOf } from '../helpers';

const ACCOUNT_ROOT = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] };
const SUPPORT_ACCESS = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSSupportAccess']] };

function synth(props?: SupportRoleProps): { stack: Stack; template: Template; construct: SupportRole } {
  const stack = new Stack(new App(), 'TestStack');
  const construct = new SupportRole(stack, 'Support', props);
  return { stack, template: Template.fromStack(stack), construct };
}

function trust(template: Template): any[] {
  return Object.values<any>(template.findResources('AWS::IAM::Role'))[0].Properties.AssumeRolePolicyDocument.Statement;
}

describe('SupportRole (Security Hub IAM.18, CIS 1.17)', () => {
  test('IAM.18: one role with the AWS managed policy AWSSupportAccess and nothing else', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [SUPPORT_ACCESS],
      MaxSessionDuration: 3600,
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('by default only this account\'s principals may assume it, with MFA', () => {
    expect(trust(synth().template)).toEqual([{
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { AWS: ACCOUNT_ROOT },
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    }]);
  });

  test('assumedBy names the principals; requireMfa false drops the MFA condition', () => {
    const { template } = synth({ assumedBy: new iam.ArnPrincipal('arn:aws:iam::111111111111:role/Responder'), requireMfa: false });
    expect(trust(template)).toEqual([{
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/Responder' },
    }]);
  });

  test('maxSessionDuration sets the session limit', () => {
    synth({ maxSessionDuration: Duration.hours(4) }).template.hasResourceProperties('AWS::IAM::Role', { MaxSessionDuration: 14400 });
  });

  test.each([Duration.minutes(30), Duration.hours(13)])('maxSessionDuration %s outside 1 to 12 hours fails', duration => {
    expect(() => synth({ maxSessionDuration: duration }))
      .toThrow(`SupportRoleProps.maxSessionDuration: received ${duration.toHumanString()}; expected 1 to 12 hours (IAM MaxSessionDuration)`);
  });

  test('no cdk-nag pack reports a violation (the AWS managed policy is acknowledged on the role alone)', () => {
    expect(violationsOf(synth().stack)).toEqual(NO_VIOLATIONS);
  });
});

describe('SupportRole in a SecureBaseline', () => {
  test('on by default in the home region, exposed as supportRole', () => {
    const baseline = new SecureBaseline(new App());
    expect(baseline.supportRole).toBeDefined();
    Template.fromStack(baseline).hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: [SUPPORT_ACCESS] });
  });

  test('supportRole.enabled false leaves it out', () => {
    const baseline = new SecureBaseline(new App(), 'Baseline', { supportRole: { enabled: false } });
    expect(baseline.supportRole).toBeUndefined();
    expect(Template.fromStack(baseline).findResources('AWS::IAM::Role', { Properties: { ManagedPolicyArns: Match.arrayWith([SUPPORT_ACCESS]) } })).toEqual({});
  });
});
