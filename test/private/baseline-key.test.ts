import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createBaselineKey } from '../../src/private/baseline-key';
import { keyStatements, NO_VIOLATIONS, violationsOf } from '../helpers';

function synth(removalPolicy: RemovalPolicy = RemovalPolicy.RETAIN) {
  const stack = new Stack(new App(), 'TestStack');
  const key = createBaselineKey(stack, 'Key', { description: 'Encrypts test data', removalPolicy });
  return { stack, key, template: Template.fromStack(stack) };
}

describe('createBaselineKey', () => {
  test('a symmetric key with rotation, the description and the removal policy given', () => {
    const { template } = synth(RemovalPolicy.DESTROY);
    template.hasResource('AWS::KMS::Key', {
      Properties: { Description: 'Encrypts test data', EnableKeyRotation: true },
      DeletionPolicy: 'Delete',
    });
  });

  test('the key policy denies CreateGrant to every principal unless an AWS service asks (CT.KMS.PR.3)', () => {
    const { template, key } = synth();
    const statements = keyStatements(template, key);
    expect(statements).toContainEqual({
      Sid: 'DenyGrantsExceptForAwsServices',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    });
  });

  test('the account keeps its key administration statement beside the Deny', () => {
    const { template, key } = synth();
    const statements = keyStatements(template, key);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
  });

  test('passes the four cdk-nag packs', () => {
    const { stack } = synth();
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
