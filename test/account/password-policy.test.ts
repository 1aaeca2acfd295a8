import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { HANDLERS } from '../../handler/index';
import { AccountBlockPublicAccess } from '../../src/account/account-block-public-access';
import { AccountPasswordPolicy, AccountPasswordPolicyProps } from '../../src/account/password-policy';
import { RestrictDefaultSecurityGroup } from '../../src/account/restrict-default-security-group';
import { NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };
const PATH = '/TestStack/PasswordPolicy';

function synth(props?: AccountPasswordPolicyProps): { stack: Stack; template: Template } {
  const stack = new Stack(new App(), 'TestStack');
  new AccountPasswordPolicy(stack, 'PasswordPolicy', props);
  return { stack, template: Template.fromStack(stack) };
}

describe('AccountPasswordPolicy properties', () => {
  test('defaults: 14 characters, all classes, 24 remembered, no expiry, no hard expiry', () => {
    const { template } = synth();
    template.resourceCountIs('Custom::PasswordPolicy', 1);
    template.hasResourceProperties('Custom::PasswordPolicy', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'PasswordPolicy',
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      PasswordReusePrevention: 24,
      HardExpiry: false,
    }));
    template.hasResourceProperties('Custom::PasswordPolicy', { MaxPasswordAge: Match.absent() });
  });

  test('every option is passed through', () => {
    synth({
      minimumLength: 20,
      requireAllCharacterClasses: false,
      passwordReusePrevention: 5,
      maxPasswordAge: Duration.days(90),
      hardExpiry: true,
    }).template.hasResourceProperties('Custom::PasswordPolicy', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'PasswordPolicy',
      MinimumPasswordLength: 20,
      RequireSymbols: false,
      RequireNumbers: false,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: true,
      PasswordReusePrevention: 5,
      MaxPasswordAge: 90,
      HardExpiry: true,
    }));
  });

  test('requireAllCharacterClasses: true sets all four classes', () => {
    synth({ requireAllCharacterClasses: true }).template.hasResourceProperties('Custom::PasswordPolicy', {
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
    });
  });

  test('hardExpiry alone, without maxPasswordAge', () => {
    const { template } = synth({ hardExpiry: true });
    template.hasResourceProperties('Custom::PasswordPolicy', { HardExpiry: true, MaxPasswordAge: Match.absent() });
  });

  test.each([
    [Duration.days(1), 1],
    [Duration.days(1095), 1095],
    [Duration.hours(48), 2],
  ])('maxPasswordAge %s is sent as %d days', (age, days) => {
    synth({ maxPasswordAge: age }).template.hasResourceProperties('Custom::PasswordPolicy', { MaxPasswordAge: days });
  });

  test.each([6, 128])('minimumLength %d (a limit of IAM) is accepted', (length) => {
    synth({ minimumLength: length }).template.hasResourceProperties('Custom::PasswordPolicy', { MinimumPasswordLength: length });
  });

  test.each([1, 24])('passwordReusePrevention %d (a limit of IAM) is accepted', (count) => {
    synth({ passwordReusePrevention: count }).template.hasResourceProperties('Custom::PasswordPolicy', { PasswordReusePrevention: count });
  });
});

describe('AccountPasswordPolicy permissions', () => {
  test('grants only iam:UpdateAccountPasswordPolicy on *', () => {
    expect(providerStatements(synth().template)).toEqual([
      { Effect: 'Allow', Action: 'iam:UpdateAccountPasswordPolicy', Resource: '*' },
    ]);
  });

  test('shares the one provider function with other baseline constructs', () => {
    const stack = new Stack(new App(), 'TestStack');
    new AccountPasswordPolicy(stack, 'PasswordPolicy');
    new AccountBlockPublicAccess(stack, 'Bpa');
    new RestrictDefaultSecurityGroup(stack, 'DefaultSg');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    // The provider's role, and the role Systems Manager assumes to remediate default security groups.
    template.resourceCountIs('AWS::IAM::Role', 2);
    template.resourceCountIs('Custom::PasswordPolicy', 1);
    template.resourceCountIs('Custom::AccountPublicAccessBlock', 1);
    template.resourceCountIs('Custom::DefaultSecurityGroup', 1);
    expect(providerStatements(template)[0]).toEqual({ Effect: 'Allow', Action: 'iam:UpdateAccountPasswordPolicy', Resource: '*' });
  });

  test('the custom resource is removed with the stack; the handler keeps the policy', () => {
    synth().template.hasResource('Custom::PasswordPolicy', { DeletionPolicy: 'Delete' });
    expect(HANDLERS.PasswordPolicy.delete).toBeUndefined();
  });
});

describe('AccountPasswordPolicy CIS warning', () => {
  test.each([6, 13])('minimumLength %d warns', (length) => {
    const { stack } = synth({ minimumLength: length });
    Annotations.fromStack(stack).hasWarning(PATH, Match.stringLikeRegexp('CIS'));
    Annotations.fromStack(stack).hasWarning(PATH, Match.stringLikeRegexp(`minimumLength is ${length}`));
  });

  test.each([
    ['the default', {}],
    ['14', { minimumLength: 14 }],
    ['128', { minimumLength: 128 }],
  ])('%s does not warn', (_name, props: AccountPasswordPolicyProps) => {
    const { stack } = synth(props);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('AccountPasswordPolicy validation', () => {
  test.each([5, 129, 14.5])('minimumLength %d throws', (length) => {
    expect(() => synth({ minimumLength: length }))
      .toThrow(`AccountPasswordPolicyProps.minimumLength: received ${length}; expected a whole number from 6 to 128`);
  });

  test.each([0, 25])('passwordReusePrevention %d throws', (count) => {
    expect(() => synth({ passwordReusePrevention: count }))
      .toThrow(`AccountPasswordPolicyProps.passwordReusePrevention: received ${count}; expected a whole number from 1 to 24`);
  });

  test.each([
    [Duration.days(0), '0 days'],
    [Duration.days(1096), '1096 days'],
    [Duration.hours(36), '1 day 12 hours'],
  ])('maxPasswordAge %s throws', (age, human) => {
    expect(() => synth({ maxPasswordAge: age }))
      .toThrow(`AccountPasswordPolicyProps.maxPasswordAge: received ${human}; expected a whole number of days, from 1 to 1095`);
  });
});

describe('AccountPasswordPolicy and cdk-nag', () => {
  test.each([
    ['defaults', {}],
    ['every option', { minimumLength: 20, requireAllCharacterClasses: false, passwordReusePrevention: 5, maxPasswordAge: Duration.days(90), hardExpiry: true }],
  ])('no pack reports a violation (%s)', (_name, props: AccountPasswordPolicyProps) => {
    const { stack } = synth(props);
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
