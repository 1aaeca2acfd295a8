import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { HANDLERS } from '../../handler/index';
import { AccountBlockPublicAccess } from '../../src/account/account-block-public-access';
import { EbsDefaultEncryption } from '../../src/account/ebs-default-encryption';
import { EVENT_CHECK_STATEMENT, NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };
const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** Without a key: switching encryption on, and going back to the AWS managed key when an update took a key out. */
const EBS_STATEMENT = {
  Effect: 'Allow',
  Action: ['ec2:EnableEbsEncryptionByDefault', 'ec2:ResetEbsDefaultKmsKeyId'],
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

  test('without a key, grants the two EC2 account-attribute actions on * and no way to choose another key, and needs no event check', () => {
    const stack = newStack();
    new EbsDefaultEncryption(stack, 'Ebs');
    const template = Template.fromStack(stack);
    expect(providerStatements(template)).toEqual([EBS_STATEMENT]);
    expect(Object.values<any>(template.findResources('AWS::IAM::RolePolicy')).flatMap(p => p.Properties.PolicyDocument.Statement)).toEqual([EBS_STATEMENT]);
  });

  test('with a key, may also make it the default key (no kms: actions needed), confirmed with CloudFormation first', () => {
    const stack = newStack();
    new EbsDefaultEncryption(stack, 'Ebs', { encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN) });
    const template = Template.fromStack(stack);
    expect(providerStatements(template)).toEqual([{ ...EBS_STATEMENT, Action: [...EBS_STATEMENT.Action, 'ec2:ModifyEbsDefaultKmsKeyId'] }]);
    expect(Object.values<any>(template.findResources('AWS::IAM::RolePolicy')).flatMap(p => p.Properties.PolicyDocument.Statement))
      .toContainEqual(EVENT_CHECK_STATEMENT);
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
