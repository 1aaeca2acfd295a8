import { AccountClient, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { GuardDutyClient, UpdateDetectorCommand } from '@aws-sdk/client-guardduty';
import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { ApiModels, botocoreDataDirectory, refusedRequests, validateRequest } from './botocore-model';

// The setup file wraps mockClient to check every test's requests; these tests judge requests
// themselves, so they take the real one and restore it before the setup file looks.
const { mockClient } = jest.requireActual('aws-sdk-client-mock');

const models = new ApiModels();
const contact = { AlternateContactType: 'SECURITY', Name: 'Security team', EmailAddress: 'sec@example.com', PhoneNumber: '+1 555 0100', Title: 'Security' };

describe('validateRequest against botocore\'s models', () => {
  test('a request that follows the model has no violations', () => {
    expect(validateRequest(models.model('Account'), 'PutAlternateContact', contact)).toEqual([]);
  });

  test('a missing required member is named', () => {
    const { Title, ...withoutTitle } = contact;
    expect(validateRequest(models.model('Account'), 'PutAlternateContact', withoutTitle))
      .toEqual([{ path: 'input', rule: 'required member \'Title\' is missing' }]);
  });

  test('a value outside the enum is named with the allowed values', () => {
    expect(validateRequest(models.model('Account'), 'PutAlternateContact', { ...contact, AlternateContactType: 'LEGAL' }))
      .toEqual([{ path: 'input.AlternateContactType', rule: '\'LEGAL\' is not one of BILLING, OPERATIONS, SECURITY' }]);
  });

  test('a string longer than the model allows is refused', () => {
    expect(validateRequest(models.model('Account'), 'PutAlternateContact', { ...contact, Title: 'x'.repeat(51) }))
      .toEqual([{ path: 'input.Title', rule: 'length 51 is above the maximum 50' }]);
  });

  test('a string that does not match the pattern is refused', () => {
    expect(validateRequest(models.model('Account'), 'PutAlternateContact', { ...contact, PhoneNumber: 'call' }))
      .toEqual([{ path: 'input.PhoneNumber', rule: expect.stringMatching(/^'call' does not match the pattern /) }]);
  });

  test('a number outside its range is refused', () => {
    expect(validateRequest(models.model('IAM'), 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: 5 }))
      .toEqual([{ path: 'input.MinimumPasswordLength', rule: 'value 5 is below the minimum 6' }]);
  });

  test('a number sent as the string CloudFormation hands over is refused', () => {
    expect(validateRequest(models.model('IAM'), 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '14' }))
      .toEqual([{ path: 'input.MinimumPasswordLength', rule: 'expected an integer (minimumPasswordLengthType), received string "14"' }]);
  });

  test('a boolean sent as a string is refused', () => {
    expect(validateRequest(models.model('IAM'), 'UpdateAccountPasswordPolicy', { RequireSymbols: 'true' }))
      .toEqual([{ path: 'input.RequireSymbols', rule: 'expected a boolean (booleanType), received string "true"' }]);
  });

  test('a member the model does not have is named, since the SDK would drop it', () => {
    expect(validateRequest(models.model('IAM'), 'UpdateAccountPasswordPolicy', { MinimumLength: 14 }))
      .toEqual([{ path: 'input', rule: expect.stringMatching(/^member 'MinimumLength' is not in UpdateAccountPasswordPolicyRequest/) }]);
  });

  test('list items are checked one by one, with their index', () => {
    expect(validateRequest(models.model('GuardDuty'), 'UpdateDetector', {
      DetectorId: '12abc34d567e8fa901bc2d34e56789f0',
      Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }, { Name: 'NEW_PROTECTION', Status: 'ENABLED' }],
    })).toEqual([{ path: 'input.Features[1].Name', rule: expect.stringMatching(/^'NEW_PROTECTION' is not one of S3_DATA_EVENTS, /) }]);
  });

  test('an operation the service does not have is named', () => {
    expect(validateRequest(models.model('IAM'), 'PutPasswordPolicy', {})).toEqual([{ path: 'PutPasswordPolicy', rule: 'IAM has no operation \'PutPasswordPolicy\'' }]);
  });

  test('models are found by the serviceId the SDK reports, where the folder name differs', () => {
    expect(models.model('Config Service').metadata.serviceId).toBe('Config Service');
    expect(models.model('Cost Explorer').metadata.serviceId).toBe('Cost Explorer');
    expect(models.model('S3 Control').metadata.serviceId).toBe('S3 Control');
    expect(() => models.model('Not A Service')).toThrow('botocore has no API model whose serviceId is \'Not A Service\'');
  });

  test('a virtual environment without botocore fails loudly instead of skipping the check', () => {
    expect(() => botocoreDataDirectory('/nonexistent/.venv')).toThrow(
      'botocore\'s API models are not installed in /nonexistent/.venv: run `npx projen setup:python` (requirements-dev.txt pins botocore)');
  });
});

describe('refusedRequests over mocked clients', () => {
  test('names the service, operation, member and rule of each refused request, once', async () => {
    const guardDuty = mockClient(GuardDutyClient);
    const iam = mockClient(IAMClient);
    try {
      await new GuardDutyClient({ region: 'us-east-1' }).send(new UpdateDetectorCommand({ DetectorId: '', Enable: true }));
      await new IAMClient({ region: 'us-east-1' }).send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 200 }));
      const seen = new WeakSet<object>();
      expect(refusedRequests([guardDuty, iam], models, seen)).toEqual([
        'GuardDuty:UpdateDetector input.DetectorId: length 0 is below the minimum 1',
        'IAM:UpdateAccountPasswordPolicy input.MinimumPasswordLength: value 200 is above the maximum 128',
      ]);
      expect(refusedRequests([guardDuty, iam], models, seen)).toEqual([]);
    } finally {
      guardDuty.restore();
      iam.restore();
    }
  });

  test('a request that follows the model is not reported', async () => {
    const account = mockClient(AccountClient);
    try {
      await new AccountClient({ region: 'us-east-1' }).send(new PutAlternateContactCommand(contact as any));
      expect(refusedRequests([account], models, new WeakSet())).toEqual([]);
    } finally {
      account.restore();
    }
  });
});
