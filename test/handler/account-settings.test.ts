import { AccountClient, PutAlternateContactCommand } from '@aws-sdk/client-account';
import {
  DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client,
  EnableEbsEncryptionByDefaultCommand, ModifyEbsDefaultKmsKeyIdCommand, ResetEbsDefaultKmsKeyIdCommand,
  RevokeSecurityGroupEgressCommand, RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { CreateServiceLinkedRoleCommand, IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { trustEveryEvent } from './trust-events';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { handler } from '../../handler/index';

trustEveryEvent();

const ec2 = mockClient(EC2Client);
const iam = mockClient(IAMClient);
const s3control = mockClient(S3ControlClient);
const account = mockClient(AccountClient);

beforeAll(() => { retryOptions.baseDelayMs = 0; permissionPropagation.windowMs = 0; });
beforeEach(() => {
  ec2.reset();
  iam.reset();
  s3control.reset();
  account.reset();
});

describe('EbsDefaultEncryption', () => {
  test('create turns encryption by default on and leaves the default key alone', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    await expect(handler({ RequestType: 'Create', ResourceProperties: { Kind: 'EbsDefaultEncryption' } }))
      .resolves.toEqual({ PhysicalResourceId: 'EbsDefaultEncryption' });
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand)).toHaveLength(1);
    expect(ec2.commandCalls(ModifyEbsDefaultKmsKeyIdCommand)).toHaveLength(0);
    expect(ec2.commandCalls(ResetEbsDefaultKmsKeyIdCommand)).toHaveLength(0);
  });

  test('create with a key makes it the default EBS key', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({});
    ec2.on(ModifyEbsDefaultKmsKeyIdCommand).resolves({});
    await handler({ RequestType: 'Create', ResourceProperties: { Kind: 'EbsDefaultEncryption', KmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k' } });
    expect(ec2.commandCalls(ModifyEbsDefaultKmsKeyIdCommand)[0].args[0].input).toEqual({ KmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k' });
  });

  test('update that takes the key out goes back to the AWS managed key', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({});
    ec2.on(ResetEbsDefaultKmsKeyIdCommand).resolves({});
    await handler({
      RequestType: 'Update',
      PhysicalResourceId: 'EbsDefaultEncryption',
      ResourceProperties: { Kind: 'EbsDefaultEncryption' },
      OldResourceProperties: { Kind: 'EbsDefaultEncryption', KmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k' },
    });
    expect(ec2.commandCalls(ResetEbsDefaultKmsKeyIdCommand)).toHaveLength(1);
  });

  test.each([
    ['adds a key', undefined, 'arn:aws:kms:us-east-1:111111111111:key/new'],
    ['changes the key', 'arn:aws:kms:us-east-1:111111111111:key/old', 'arn:aws:kms:us-east-1:111111111111:key/new'],
  ])('update that %s makes it the default key of new volumes', async (_what, oldKey, newKey) => {
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({});
    ec2.on(ModifyEbsDefaultKmsKeyIdCommand).resolves({});
    await expect(handler({
      RequestType: 'Update',
      PhysicalResourceId: 'EbsDefaultEncryption',
      ResourceProperties: { Kind: 'EbsDefaultEncryption', KmsKeyId: newKey },
      OldResourceProperties: { Kind: 'EbsDefaultEncryption', ...(oldKey ? { KmsKeyId: oldKey } : {}) },
    })).resolves.toEqual({ PhysicalResourceId: 'EbsDefaultEncryption' });
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand)).toHaveLength(1);
    expect(ec2.commandCalls(ModifyEbsDefaultKmsKeyIdCommand).map(call => call.args[0].input)).toEqual([{ KmsKeyId: newKey }]);
    expect(ec2.commandCalls(ResetEbsDefaultKmsKeyIdCommand)).toHaveLength(0);
  });

  test('delete leaves encryption on: no EC2 call', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: 'EbsDefaultEncryption', ResourceProperties: { Kind: 'EbsDefaultEncryption' } });
    expect(ec2.calls()).toHaveLength(0);
  });

  test('access denied names the missing permission', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: { Kind: 'EbsDefaultEncryption' } }))
      .rejects.toThrow(/^ec2:EnableEbsEncryptionByDefault was denied \(UnauthorizedOperation\)\. The baseline grants it/);
  });

  test('throttling is retried', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand)
      .rejectsOnce(awsError('RequestLimitExceeded'))
      .resolves({});
    await handler({ RequestType: 'Create', ResourceProperties: { Kind: 'EbsDefaultEncryption' } });
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand)).toHaveLength(2);
  });
});

describe('AccountPublicAccessBlock', () => {
  test('create sets all four settings for the account', async () => {
    s3control.on(PutPublicAccessBlockCommand).resolves({});
    await expect(handler({ RequestType: 'Create', ResourceProperties: { Kind: 'AccountPublicAccessBlock', AccountId: '111111111111' } }))
      .resolves.toEqual({ PhysicalResourceId: 'AccountPublicAccessBlock-111111111111' });
    expect(s3control.commandCalls(PutPublicAccessBlockCommand)[0].args[0].input).toEqual({
      AccountId: '111111111111',
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
  });

  test('update applies the settings again (someone may have switched one off)', async () => {
    s3control.on(PutPublicAccessBlockCommand).resolves({});
    await handler({
      RequestType: 'Update',
      PhysicalResourceId: 'AccountPublicAccessBlock-111111111111',
      ResourceProperties: { Kind: 'AccountPublicAccessBlock', AccountId: '111111111111' },
      OldResourceProperties: { Kind: 'AccountPublicAccessBlock' },
    });
    expect(s3control.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(1);
  });

  test('access denied names s3:PutAccountPublicAccessBlock, the real IAM action', async () => {
    s3control.on(PutPublicAccessBlockCommand).rejects(awsError('AccessDenied', 'Access Denied'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: { Kind: 'AccountPublicAccessBlock', AccountId: '111111111111' } }))
      .rejects.toThrow(/^s3:PutAccountPublicAccessBlock was denied \(AccessDenied\)/);
  });
});

describe('PasswordPolicy', () => {
  test('sends every field, converting the strings CloudFormation passes', async () => {
    iam.on(UpdateAccountPasswordPolicyCommand).resolves({});
    await handler({
      RequestType: 'Create',
      ResourceProperties: {
        Kind: 'PasswordPolicy',
        MinimumPasswordLength: '14',
        RequireSymbols: 'true',
        RequireNumbers: 'true',
        RequireUppercaseCharacters: 'true',
        RequireLowercaseCharacters: 'true',
        AllowUsersToChangePassword: 'true',
        PasswordReusePrevention: '24',
        HardExpiry: 'false',
      },
    });
    expect(iam.commandCalls(UpdateAccountPasswordPolicyCommand)[0].args[0].input).toEqual({
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      PasswordReusePrevention: 24,
      MaxPasswordAge: undefined,
      HardExpiry: false,
    });
  });

  test('passes a maximum age when one is set', async () => {
    iam.on(UpdateAccountPasswordPolicyCommand).resolves({});
    await handler({ RequestType: 'Create', ResourceProperties: { Kind: 'PasswordPolicy', MinimumPasswordLength: '14', MaxPasswordAge: '90' } });
    expect(iam.commandCalls(UpdateAccountPasswordPolicyCommand)[0].args[0].input.MaxPasswordAge).toBe(90);
  });

  test('create and update answer the one physical id AccountPasswordPolicy, so an update never replaces the policy', async () => {
    iam.on(UpdateAccountPasswordPolicyCommand).resolves({});
    const properties = { Kind: 'PasswordPolicy', MinimumPasswordLength: '14' };
    await expect(handler({ RequestType: 'Create', ResourceProperties: properties })).resolves.toEqual({ PhysicalResourceId: 'AccountPasswordPolicy' });
    await expect(handler({ RequestType: 'Update', PhysicalResourceId: 'AccountPasswordPolicy', ResourceProperties: properties, OldResourceProperties: properties }))
      .resolves.toEqual({ PhysicalResourceId: 'AccountPasswordPolicy' });
  });

  test('an IAM validation error is passed on', async () => {
    iam.on(UpdateAccountPasswordPolicyCommand).rejects(awsError('MalformedPolicyDocumentException', 'bad'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: { Kind: 'PasswordPolicy' } })).rejects.toThrow('bad');
  });
});

describe('AlternateContact', () => {
  const security = {
    Kind: 'AlternateContact',
    AlternateContactType: 'SECURITY',
    Name: 'Security team',
    EmailAddress: 'sec@example.com',
    PhoneNumber: '+1 555 0100',
    Title: 'Security',
  };

  test('puts the contact of its type', async () => {
    account.on(PutAlternateContactCommand).resolves({});
    await expect(handler({ RequestType: 'Create', ResourceProperties: security })).resolves.toEqual({ PhysicalResourceId: 'AlternateContact-SECURITY' });
    expect(account.commandCalls(PutAlternateContactCommand)[0].args[0].input).toEqual({
      AlternateContactType: 'SECURITY', Name: 'Security team', EmailAddress: 'sec@example.com', PhoneNumber: '+1 555 0100', Title: 'Security',
    });
  });

  test('delete keeps the contact', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: 'AlternateContact-SECURITY', ResourceProperties: { Kind: 'AlternateContact' } });
    expect(account.calls()).toHaveLength(0);
  });

  test('access denied (for example an SCP) names account:PutAlternateContact', async () => {
    account.on(PutAlternateContactCommand).rejects(awsError('AccessDeniedException'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: security }))
      .rejects.toThrow(/^account:PutAlternateContact was denied/);
  });
});

describe('DefaultSecurityGroup', () => {
  const create = { RequestType: 'Create' as const, ResourceProperties: { Kind: 'DefaultSecurityGroup' } };

  test('revokes every ingress and egress rule of the default VPC\'s default group', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1' }] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-1' }] });
    ec2.on(DescribeSecurityGroupRulesCommand)
      .resolvesOnce({ SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-in', IsEgress: false }], NextToken: 'next' })
      .resolvesOnce({ SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-out4', IsEgress: true }, { SecurityGroupRuleId: 'sgr-out6', IsEgress: true }] });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    ec2.on(RevokeSecurityGroupEgressCommand).resolves({ Return: true });

    await expect(handler(create)).resolves.toEqual({
      PhysicalResourceId: 'DefaultSecurityGroupRules',
      Data: { Status: 'Revoked', SecurityGroupId: 'sg-1', RevokedRuleCount: '3' },
    });
    expect(ec2.commandCalls(DescribeVpcsCommand)[0].args[0].input).toEqual({ Filters: [{ Name: 'isDefault', Values: ['true'] }] });
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)[0].args[0].input).toEqual({
      Filters: [{ Name: 'vpc-id', Values: ['vpc-1'] }, { Name: 'group-name', Values: ['default'] }],
    });
    // Without the group filter the rules of every group in the region would be revoked.
    expect(ec2.commandCalls(DescribeSecurityGroupRulesCommand).map(call => call.args[0].input)).toEqual([
      { Filters: [{ Name: 'group-id', Values: ['sg-1'] }] },
      { Filters: [{ Name: 'group-id', Values: ['sg-1'] }], NextToken: 'next' },
    ]);
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0].args[0].input).toEqual({ GroupId: 'sg-1', SecurityGroupRuleIds: ['sgr-in'] });
    expect(ec2.commandCalls(RevokeSecurityGroupEgressCommand)[0].args[0].input).toEqual({ GroupId: 'sg-1', SecurityGroupRuleIds: ['sgr-out4', 'sgr-out6'] });
  });

  test('a group that is already empty needs no revoke call', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1' }] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-1' }] });
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [] });
    await expect(handler(create)).resolves.toMatchObject({ Data: { RevokedRuleCount: '0' } });
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)).toHaveLength(0);
    expect(ec2.commandCalls(RevokeSecurityGroupEgressCommand)).toHaveLength(0);
  });

  test('a default VPC without a group named default fails: the control cannot be reported as fixed', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1' }] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [] });
    await expect(handler(create)).rejects.toThrow(/^the default VPC vpc-1 has no security group named 'default'$/);
    expect(ec2.commandCalls(DescribeSecurityGroupRulesCommand)).toHaveLength(0);
  });

  test('a region without a default VPC succeeds and changes nothing', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    await expect(handler(create)).resolves.toEqual({
      PhysicalResourceId: 'DefaultSecurityGroupRules', Data: { Status: 'NoDefaultVpc', RevokedRuleCount: '0' },
    });
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)).toHaveLength(0);
  });

  test('delete does not put rules back', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: 'DefaultSecurityGroupRules', ResourceProperties: { Kind: 'DefaultSecurityGroup' } });
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe('ServiceLinkedRole', () => {
  const create = { RequestType: 'Create' as const, ResourceProperties: { Kind: 'ServiceLinkedRole', AWSServiceName: 'config.amazonaws.com', RoleName: 'AWSServiceRoleForConfig' } };

  test('creates the role when it is absent', async () => {
    iam.on(CreateServiceLinkedRoleCommand).resolves({ Role: { RoleName: 'AWSServiceRoleForConfig' } as any });
    await expect(handler(create)).resolves.toEqual({ PhysicalResourceId: 'AWSServiceRoleForConfig' });
    expect(iam.commandCalls(CreateServiceLinkedRoleCommand)[0].args[0].input).toEqual({ AWSServiceName: 'config.amazonaws.com' });
  });

  test('accepts the role when IAM says it has been taken (it already exists)', async () => {
    iam.on(CreateServiceLinkedRoleCommand).rejects(awsError('InvalidInputException',
      'Service role name AWSServiceRoleForConfig has been taken in this account, please try a different suffix.'));
    await expect(handler(create)).resolves.toEqual({ PhysicalResourceId: 'AWSServiceRoleForConfig' });
  });

  test('any other InvalidInput fails', async () => {
    iam.on(CreateServiceLinkedRoleCommand).rejects(awsError('InvalidInputException', 'Invalid service name'));
    await expect(handler(create)).rejects.toThrow('Invalid service name');
  });
});

describe('a denied call names the IAM action to look for in the policies that override the grant', () => {
  test.each([
    ['PasswordPolicy', () => iam.on(UpdateAccountPasswordPolicyCommand), { Kind: 'PasswordPolicy' }, 'iam:UpdateAccountPasswordPolicy'],
    ['ServiceLinkedRole', () => iam.on(CreateServiceLinkedRoleCommand), { Kind: 'ServiceLinkedRole', AWSServiceName: 'config.amazonaws.com', RoleName: 'AWSServiceRoleForConfig' }, 'iam:CreateServiceLinkedRole'],
    ['DefaultSecurityGroup', () => ec2.on(DescribeVpcsCommand), { Kind: 'DefaultSecurityGroup' }, 'ec2:DescribeVpcs'],
    ['EbsDefaultEncryption with a key', () => ec2.on(ModifyEbsDefaultKmsKeyIdCommand), { Kind: 'EbsDefaultEncryption', KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/k' }, 'ec2:ModifyEbsDefaultKmsKeyId'],
  ])('%s', async (_kind, stub, properties, action) => {
    stub().rejects(awsError('AccessDenied', 'explicit deny in a service control policy'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: properties })).rejects.toThrow(
      `${action} was denied (AccessDenied). The baseline grants it to its custom resource role`);
  });

  test('EbsDefaultEncryption whose key an update takes out', async () => {
    ec2.on(ResetEbsDefaultKmsKeyIdCommand).rejects(awsError('AccessDenied', 'explicit deny in a service control policy'));
    await expect(handler({
      RequestType: 'Update',
      PhysicalResourceId: 'EbsDefaultEncryption',
      ResourceProperties: { Kind: 'EbsDefaultEncryption' },
      OldResourceProperties: { Kind: 'EbsDefaultEncryption', KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/k' },
    })).rejects.toThrow('ec2:ResetEbsDefaultKmsKeyId was denied (AccessDenied)');
  });
});
