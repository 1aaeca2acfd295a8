import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HANDLERS } from '../../handler/index';
import { AccountBlockPublicAccess } from '../../src/account/account-block-public-access';
import { EbsDefaultEncryption } from '../../src/account/ebs-default-encryption';
import { AccountPasswordPolicy } from '../../src/account/password-policy';
import { NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };

function synth(env?: { account: string; region: string }): { stack: Stack; template: Template } {
  const stack = new Stack(new App(), 'TestStack', { env });
  new AccountBlockPublicAccess(stack, 'Bpa');
  return { stack, template: Template.fromStack(stack) };
}

describe('AccountBlockPublicAccess', () => {
  test('Custom::AccountPublicAccessBlock with Kind and the stack\'s account id', () => {
    const { template } = synth();
    template.resourceCountIs('Custom::AccountPublicAccessBlock', 1);
    template.hasResourceProperties('Custom::AccountPublicAccessBlock', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'AccountPublicAccessBlock',
      AccountId: { Ref: 'AWS::AccountId' },
    }));
  });

  test('an explicit environment passes its literal account id', () => {
    synth({ account: '111111111111', region: 'eu-west-1' }).template.hasResourceProperties('Custom::AccountPublicAccessBlock', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'AccountPublicAccessBlock',
      AccountId: '111111111111',
    }));
  });

  test('grants only s3:PutAccountPublicAccessBlock on *, no s3-control: action', () => {
    const statements = providerStatements(synth().template);
    expect(statements).toEqual([{ Effect: 'Allow', Action: 's3:PutAccountPublicAccessBlock', Resource: '*' }]);
    expect(JSON.stringify(statements)).not.toContain('s3-control:');
  });

  test('shares the one provider function with other baseline constructs', () => {
    const stack = new Stack(new App(), 'TestStack');
    new AccountBlockPublicAccess(stack, 'Bpa');
    new EbsDefaultEncryption(stack, 'Ebs');
    new AccountPasswordPolicy(stack, 'PasswordPolicy');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    expect(providerStatements(template).map((s) => s.Action)).toEqual([
      's3:PutAccountPublicAccessBlock',
      ['ec2:EnableEbsEncryptionByDefault', 'ec2:ResetEbsDefaultKmsKeyId'],
      'iam:UpdateAccountPasswordPolicy',
    ]);
  });

  test('the custom resource is removed with the stack; the handler leaves the block on', () => {
    synth().template.hasResource('Custom::AccountPublicAccessBlock', { DeletionPolicy: 'Delete' });
    expect(HANDLERS.AccountPublicAccessBlock.delete).toBeUndefined();
  });

  test('no cdk-nag pack reports a violation', () => {
    const { stack } = synth();
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
