import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { HANDLERS } from '../../handler/index';
import { AccountBlockPublicAccess } from '../../src/account/account-block-public-access';
import { EbsDefaultEncryption } from '../../src/account/ebs-default-encryption';
import { NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };
const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const EBS_STATEMENT = {
  Effect: 'Allow',
  Action: ['ec2:EnableEbsEncryptionByDefault', 'ec2:ModifyEbsDefaultKmsKeyId', 'ec2:ResetEbsDefaultKmsKeyId'],
  Resource: '*',
};

function newStack(): Stack {
  return new Stack(new App(), 'TestStack');
}

describe('EbsDefaultEncryption', () => {
  test('defaults: Custom::EbsDefaultEncryption with Kind and no KmsKeyId (the AWS managed key)', () => {
    const stack = newStack();
    new EbsDefaultEncryption(stack, 'Ebs');
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::EbsDefaultEncryption', 1);
    template.hasResourceProperties('Custom::EbsDefaultEncryption', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'EbsDefaultEncryption',
    }));
    template.hasResourceProperties('Custom::EbsDefaultEncryption', { KmsKeyId: Match.absent() });
  });

  test('an imported key passes its ARN as KmsKeyId', () => {
    const stack = newStack();
    new EbsDefaultEncryption(stack, 'Ebs', { encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN) });
    Template.fromStack(stack).hasResourceProperties('Custom::EbsDefaultEncryption', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'EbsDefaultEncryption',
      KmsKeyId: KEY_ARN,
    }));
  });

  test('a key in the stack passes its ARN (Fn::GetAtt Arn) as KmsKeyId', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new EbsDefaultEncryption(stack, 'Ebs', { encryptionKey: key });
    const template = Template.fromStack(stack);
    const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];
    template.hasResourceProperties('Custom::EbsDefaultEncryption', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'EbsDefaultEncryption',
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    }));
  });

  test('grants exactly the three EC2 account-attribute actions on *', () => {
    const stack = newStack();
    new EbsDefaultEncryption(stack, 'Ebs');
    expect(providerStatements(Template.fromStack(stack))).toEqual([EBS_STATEMENT]);
  });

  test('the statement is the same with a key (no kms: actions needed)', () => {
    const stack = newStack();
    new EbsDefaultEncryption(stack, 'Ebs', { encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN) });
    expect(providerStatements(Template.fromStack(stack))).toEqual([EBS_STATEMENT]);
  });

  test('shares the one provider function with other baseline constructs', () => {
    const stack = newStack();
    new EbsDefaultEncryption(stack, 'Ebs');
    new AccountBlockPublicAccess(stack, 'Bpa');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    expect(providerStatements(template)).toEqual([
      EBS_STATEMENT,
      { Effect: 'Allow', Action: 's3:PutAccountPublicAccessBlock', Resource: '*' },
    ]);
  });

  test('the custom resource is removed with the stack; the handler leaves encryption on', () => {
    const stack = newStack();
    new EbsDefaultEncryption(stack, 'Ebs');
    Template.fromStack(stack).hasResource('Custom::EbsDefaultEncryption', { DeletionPolicy: 'Delete' });
    expect(HANDLERS.EbsDefaultEncryption.delete).toBeUndefined();
  });

  test.each([
    ['defaults', (_stack: Stack) => undefined],
    ['a rotated key in the stack', (stack: Stack) => new kms.Key(stack, 'Key', { enableKeyRotation: true })],
  ])('no cdk-nag pack reports a violation (%s)', (_name, key) => {
    const stack = newStack();
    new EbsDefaultEncryption(stack, 'Ebs', { encryptionKey: key(stack) });
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
