import { BatchGetAccountStatusCommand, DisableCommand, EnableCommand, GetMemberCommand, Inspector2Client, RelationshipStatus } from '@aws-sdk/client-inspector2';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { trustEveryEvent } from './trust-events';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { handler } from '../../handler/index';

trustEveryEvent();

const inspector = mockClient(Inspector2Client);

function status(enabled: string[]) {
  const field = (type: string) => ({ status: enabled.includes(type) ? 'ENABLED' : 'DISABLED' });
  return {
    accounts: [{
      accountId: '111111111111',
      state: { status: enabled.length ? 'ENABLED' : 'DISABLED' },
      resourceState: { ec2: field('EC2'), ecr: field('ECR'), lambda: field('LAMBDA'), lambdaCode: field('LAMBDA_CODE') },
    }],
  } as any;
}

const ALL = ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'];
const props = (types: string[], extra: Record<string, string> = {}) => ({ Kind: 'Inspector', AccountId: '111111111111', ResourceTypes: types, ...extra });

beforeAll(() => { retryOptions.baseDelayMs = 0; permissionPropagation.windowMs = 0; });
beforeEach(() => {
  inspector.reset();
  inspector.on(EnableCommand).resolves({ accounts: [], failedAccounts: [] });
  inspector.on(DisableCommand).resolves({ accounts: [], failedAccounts: [] });
  // A standalone account is nobody's member.
  inspector.on(GetMemberCommand).rejects(awsError('ResourceNotFoundException', 'Member not found'));
});

describe('Inspector create', () => {
  test('in an account where Inspector is off: enables every type asked for, and owns Inspector', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(status([]));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props(ALL) })).resolves.toEqual({ PhysicalResourceId: 'Inspector:created' });
    expect(inspector.commandCalls(BatchGetAccountStatusCommand)[0].args[0].input).toEqual({ accountIds: ['111111111111'] });
    expect(inspector.commandCalls(EnableCommand)[0].args[0].input).toEqual({ accountIds: ['111111111111'], resourceTypes: ALL });
  });

  test('a status answer without the account (listed under failedAccounts) counts as nothing on', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves({ accounts: [], failedAccounts: [{ accountId: '111111111111', errorCode: 'INTERNAL_ERROR', errorMessage: 'x' }] } as any);
    await expect(handler({ RequestType: 'Create', ResourceProperties: props(['EC2']) })).resolves.toEqual({ PhysicalResourceId: 'Inspector:created' });
    expect(inspector.commandCalls(EnableCommand)[0].args[0].input).toEqual({ accountIds: ['111111111111'], resourceTypes: ['EC2'] });
  });

  test('a scan type still ENABLING counts as on: no second Enable, and Inspector is adopted', async () => {
    const enabling = status(['EC2']);
    enabling.accounts[0].resourceState.ecr = { status: 'ENABLING' };
    inspector.on(BatchGetAccountStatusCommand).resolves(enabling);
    await expect(handler({ RequestType: 'Create', ResourceProperties: props(['EC2', 'ECR']) })).resolves.toEqual({ PhysicalResourceId: 'Inspector:adopted' });
    expect(inspector.commandCalls(EnableCommand)).toHaveLength(0);
  });

  test('where some scans are already on: enables only the missing ones and adopts Inspector', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(status(['EC2', 'ECR']));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props(ALL) })).resolves.toEqual({ PhysicalResourceId: 'Inspector:adopted' });
    expect(inspector.commandCalls(EnableCommand)[0].args[0].input.resourceTypes).toEqual(['LAMBDA', 'LAMBDA_CODE']);
  });

  test('where everything asked for is on: makes no Enable call', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(status(ALL));
    await handler({ RequestType: 'Create', ResourceProperties: props(['EC2']) });
    expect(inspector.commandCalls(EnableCommand)).toHaveLength(0);
  });

  test('an account Inspector reports as failed fails the deployment with its reason', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(status([]));
    inspector.on(EnableCommand).resolves({ accounts: [], failedAccounts: [{ accountId: '111111111111', errorCode: 'ACCESS_DENIED', errorMessage: 'SCP' } as any] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props(['EC2']) })).rejects.toThrow('Inspector could not enable EC2: ACCESS_DENIED: SCP; where a scan type is not offered in this region, turn it off with inspector.ec2: false');
  });

  test('access denied on the status call names inspector2:BatchGetAccountStatus', async () => {
    inspector.on(BatchGetAccountStatusCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props(['EC2']) })).rejects.toThrow(/^inspector2:BatchGetAccountStatus was denied/);
  });
});

describe('Inspector update', () => {
  test('adds a type that was added to the list', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(status(['EC2']));
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: 'Inspector:created', ResourceProperties: props(['EC2', 'ECR']), OldResourceProperties: props(['EC2']),
    })).resolves.toEqual({ PhysicalResourceId: 'Inspector:created' });
    expect(inspector.commandCalls(EnableCommand)[0].args[0].input.resourceTypes).toEqual(['ECR']);
  });

  test('turns off a type taken out of the list when the stack owns Inspector', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(status(['EC2', 'ECR']));
    await handler({
      RequestType: 'Update', PhysicalResourceId: 'Inspector:created', ResourceProperties: props(['EC2']), OldResourceProperties: props(['EC2', 'ECR']),
    });
    expect(inspector.commandCalls(DisableCommand)[0].args[0].input).toEqual({ accountIds: ['111111111111'], resourceTypes: ['ECR'] });
  });

  test('never turns off a type of an adopted Inspector', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(status(['EC2', 'ECR']));
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: 'Inspector:adopted', ResourceProperties: props(['EC2']), OldResourceProperties: props(['EC2', 'ECR']),
    })).resolves.toEqual({ PhysicalResourceId: 'Inspector:adopted' });
    expect(inspector.commandCalls(DisableCommand)).toHaveLength(0);
  });
});

describe('Inspector delete', () => {
  test('leaves Inspector on by default', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: 'Inspector:created', ResourceProperties: props(ALL, { DisableOnDelete: 'false' }) });
    expect(inspector.calls()).toHaveLength(0);
  });

  test('with DisableOnDelete, turns off what is on when the stack owns Inspector', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(status(['EC2', 'LAMBDA']));
    await handler({ RequestType: 'Delete', PhysicalResourceId: 'Inspector:created', ResourceProperties: props(ALL, { DisableOnDelete: 'true' }) });
    expect(inspector.commandCalls(DisableCommand)[0].args[0].input.resourceTypes).toEqual(['EC2', 'LAMBDA']);
  });

  test('with DisableOnDelete, never turns off an adopted Inspector', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: 'Inspector:adopted', ResourceProperties: props(ALL, { DisableOnDelete: 'true' }) });
    expect(inspector.calls()).toHaveLength(0);
  });
});

describe('Inspector in a member account of a delegated administrator', () => {
  const ADMINISTRATOR = '999999999999';
  beforeEach(() => {
    inspector.on(GetMemberCommand).resolves({
      member: { accountId: '111111111111', delegatedAdminAccountId: ADMINISTRATOR, relationshipStatus: 'ENABLED', updatedAt: new Date() },
    });
    // "If your account is a member account ..., you cannot deactivate Amazon Inspector": a regression fails these tests.
    inspector.on(DisableCommand).rejects(awsError('ValidationException', 'Member accounts cannot disable Amazon Inspector'));
  });

  test('update leaves a type taken out of the list on, and says so in the result', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(status(['EC2', 'ECR']));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: 'Inspector:created', ResourceProperties: props(['EC2']), OldResourceProperties: props(['EC2', 'ECR']),
    })).resolves.toEqual({ PhysicalResourceId: 'Inspector:created', Data: { ManagedBy: ADMINISTRATOR, SkippedSettings: 'Disable ECR' } });
    expect(inspector.commandCalls(GetMemberCommand)[0].args[0].input).toEqual({ accountId: '111111111111' });
    expect(inspector.commandCalls(DisableCommand)).toHaveLength(0);
    expect(log).toHaveBeenCalledWith('Inspector is managed by the administrator account 999999999999: this member account\'s baseline left Disable ECR to it');
    log.mockRestore();
  });

  test('delete with DisableOnDelete leaves Inspector on', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(status(['EC2', 'LAMBDA']));
    jest.spyOn(console, 'log').mockImplementationOnce(() => undefined);
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: 'Inspector:created', ResourceProperties: props(ALL, { DisableOnDelete: 'true' }) }))
      .resolves.toBeUndefined();
    expect(inspector.commandCalls(DisableCommand)).toHaveLength(0);
  });

  const member = (extra: { delegatedAdminAccountId?: string; relationshipStatus: RelationshipStatus }) => ({ accountId: '111111111111', updatedAt: new Date(), ...extra });
  test.each([
    ['the delegated administrator\'s own account, which GetMember names as its own administrator,', member({ delegatedAdminAccountId: '111111111111', relationshipStatus: 'ENABLED' })],
    ['a member whose relationship is REMOVED', member({ delegatedAdminAccountId: ADMINISTRATOR, relationshipStatus: 'REMOVED' })],
    ['a member whose relationship is RESIGNED', member({ delegatedAdminAccountId: ADMINISTRATOR, relationshipStatus: 'RESIGNED' })],
    ['a member whose relationship is INVITED', member({ delegatedAdminAccountId: ADMINISTRATOR, relationshipStatus: 'INVITED' })],
    ['an enabled relationship that names no administrator', member({ relationshipStatus: 'ENABLED' })],
  ])('%s is on its own: it disables what it owns', async (_account, record) => {
    inspector.on(GetMemberCommand).resolves({ member: record });
    inspector.on(DisableCommand).resolves({ accounts: [], failedAccounts: [] });
    inspector.on(BatchGetAccountStatusCommand).resolves(status(['EC2', 'ECR']));
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: 'Inspector:created', ResourceProperties: props(['EC2']), OldResourceProperties: props(['EC2', 'ECR']),
    })).resolves.toEqual({ PhysicalResourceId: 'Inspector:created' });
    expect(inspector.commandCalls(DisableCommand)[0].args[0].input).toEqual({ accountIds: ['111111111111'], resourceTypes: ['ECR'] });
  });

  test.each([
    ['the delegated administrator itself', awsError('ResourceNotFoundException', 'Member not found')],
    ['an account GetMember answers ValidationException', awsError('ValidationException', 'The request is rejected because the given account ID is not an associated member')],
  ])('%s is no member: it disables what it owns', async (_account, answer) => {
    inspector.on(GetMemberCommand).rejects(answer);
    inspector.on(DisableCommand).resolves({ accounts: [], failedAccounts: [] });
    inspector.on(BatchGetAccountStatusCommand).resolves(status(['EC2']));
    await handler({ RequestType: 'Delete', PhysicalResourceId: 'Inspector:created', ResourceProperties: props(ALL, { DisableOnDelete: 'true' }) });
    expect(inspector.commandCalls(DisableCommand)).toHaveLength(1);
  });
});

/**
 * GetMember "gets member information for your organization" (Inspector API reference): the delegated
 * administrator's call. What a member account gets back is not documented: its own record (above), or
 * AccessDeniedException, also listed among GetMember's errors. Update and delete are right for both.
 */
describe('Inspector where GetMember is refused (the administrator\'s call)', () => {
  const update = () => handler({
    RequestType: 'Update', PhysicalResourceId: 'Inspector:created', ResourceProperties: props(['EC2']), OldResourceProperties: props(['EC2', 'ECR']),
  });
  beforeEach(() => {
    inspector.on(GetMemberCommand).rejects(awsError('AccessDeniedException', 'The request is rejected because the caller is not the delegated administrator'));
    inspector.on(BatchGetAccountStatusCommand).resolves(status(['EC2', 'ECR']));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  test('a standalone account whose Disable works: the type taken out is disabled, GetMember asked once (no wait for IAM)', async () => {
    await expect(update()).resolves.toEqual({ PhysicalResourceId: 'Inspector:created' });
    expect(inspector.commandCalls(GetMemberCommand)).toHaveLength(1);
    expect(inspector.commandCalls(DisableCommand)[0].args[0].input).toEqual({ accountIds: ['111111111111'], resourceTypes: ['ECR'] });
  });

  test('a member account, whose Disable is refused too: the type stays on, and the result says an organization manages it', async () => {
    inspector.on(DisableCommand).rejects(awsError('AccessDeniedException', 'Member accounts cannot disable Amazon Inspector'));
    await expect(update()).resolves.toEqual({ PhysicalResourceId: 'Inspector:created', Data: { ManagedBy: 'organization', SkippedSettings: 'Disable ECR' } });
    expect(console.log).toHaveBeenCalledWith('Inspector is managed by the administrator account organization: this member account\'s baseline left Disable ECR to it');
  });

  test('a member account whose Disable answers the account failed with ACCESS_DENIED: the same', async () => {
    inspector.on(DisableCommand).resolves({ accounts: [], failedAccounts: [{ accountId: '111111111111', errorCode: 'ACCESS_DENIED', errorMessage: 'member' }] });
    await expect(update()).resolves.toEqual({ PhysicalResourceId: 'Inspector:created', Data: { ManagedBy: 'organization', SkippedSettings: 'Disable ECR' } });
  });

  test('delete with DisableOnDelete in a member account leaves Inspector on instead of failing the stack deletion', async () => {
    inspector.on(DisableCommand).rejects(awsError('AccessDeniedException', 'Member accounts cannot disable Amazon Inspector'));
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: 'Inspector:created', ResourceProperties: props(ALL, { DisableOnDelete: 'true' }) }))
      .resolves.toBeUndefined();
    expect(inspector.commandCalls(DisableCommand)).toHaveLength(1);
  });

  test('any other failure of Disable fails the request', async () => {
    inspector.on(DisableCommand).resolves({ accounts: [], failedAccounts: [{ accountId: '111111111111', errorCode: 'INTERNAL_ERROR', errorMessage: 'try again' }] });
    await expect(update()).rejects.toThrow('Inspector could not disable ECR: INTERNAL_ERROR: try again');
  });
});

describe('Inspector where GetMember answers', () => {
  const update = (taken: string[] = ['ECR']) => handler({
    RequestType: 'Update', PhysicalResourceId: 'Inspector:created', ResourceProperties: props(['EC2']), OldResourceProperties: props(['EC2', ...taken]),
  });
  beforeEach(() => inspector.on(BatchGetAccountStatusCommand).resolves(status(ALL)));

  test('no member (a standalone account): a denied Disable is a denial, not a sign of membership, and fails naming the action', async () => {
    inspector.on(DisableCommand).rejects(awsError('AccessDeniedException', 'explicit deny in a service control policy'));
    await expect(update()).rejects.toThrow(/^inspector2:Disable was denied \(AccessDeniedException\)/);
  });

  test('with another error than not-a-member or a refusal: the request fails with it', async () => {
    inspector.on(GetMemberCommand).rejects(awsError('InternalServerException', 'try again'));
    await expect(update()).rejects.toThrow('try again');
    expect(inspector.commandCalls(DisableCommand)).toHaveLength(0);
  });

  test('a failed Disable of two types names both', async () => {
    inspector.on(DisableCommand).resolves({ accounts: [], failedAccounts: [{ accountId: '111111111111', errorCode: 'INTERNAL_ERROR', errorMessage: 'try again' }] });
    await expect(update(['ECR', 'LAMBDA'])).rejects.toThrow('Inspector could not disable ECR, LAMBDA: INTERNAL_ERROR: try again');
  });

  test('an update that takes no type out asks nobody who manages Inspector', async () => {
    await expect(update([])).resolves.toEqual({ PhysicalResourceId: 'Inspector:created' });
    expect(inspector.commandCalls(GetMemberCommand)).toHaveLength(0);
    expect(inspector.commandCalls(DisableCommand)).toHaveLength(0);
  });
});

describe('Inspector Disable answering HTTP 200 with failed accounts', () => {
  test('fails the delete of a standalone account instead of reporting success with scans still on', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(status(['EC2']));
    inspector.on(DisableCommand).resolves({ accounts: [], failedAccounts: [{ accountId: '111111111111', errorCode: 'DISABLE_IN_PROGRESS', errorMessage: 'busy' }] });
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: 'Inspector:created', ResourceProperties: props(ALL, { DisableOnDelete: 'true' }) }))
      .rejects.toThrow('Inspector could not disable EC2: DISABLE_IN_PROGRESS: busy');
  });
});

describe('Inspector create that fails after switching scans on', () => {
  test('an account reported as failed with a scan type already on: that type is disabled again, and the error says so', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolvesOnce(status([])).resolves(status(['EC2']));
    inspector.on(EnableCommand).resolves({ accounts: [], failedAccounts: [{ accountId: '111111111111', errorCode: 'SSM_UNAVAILABLE', errorMessage: 'try later' } as any] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props(['EC2', 'ECR']) })).rejects.toThrow(
      'Inspector could not enable EC2, ECR: SSM_UNAVAILABLE: try later; where a scan type is not offered in this region, turn it off with '
      + 'inspector.ec2: false or inspector.ecr: false. Undone, so that the next deployment starts afresh: Inspector scans EC2 (Disable)');
    expect(inspector.commandCalls(DisableCommand)[0].args[0].input).toEqual({ accountIds: ['111111111111'], resourceTypes: ['EC2'] });
  });

  test('an undo of two scan types names both', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolvesOnce(status([])).resolves(status(['EC2', 'ECR']));
    inspector.on(EnableCommand).resolves({ accounts: [], failedAccounts: [{ accountId: '111111111111', errorCode: 'SSM_UNAVAILABLE', errorMessage: 'try later' } as any] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props(['EC2', 'ECR']) })).rejects.toThrow(
      '. Undone, so that the next deployment starts afresh: Inspector scans EC2, ECR (Disable)');
  });

  test('an undo whose Disable is refused says the scans are NOT undone, naming the denied action', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolvesOnce(status([])).resolves(status(['EC2']));
    inspector.on(EnableCommand).resolves({ accounts: [], failedAccounts: [{ accountId: '111111111111', errorCode: 'SSM_UNAVAILABLE', errorMessage: 'try later' } as any] });
    inspector.on(DisableCommand).rejects(awsError('AccessDeniedException', 'explicit deny'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props(['EC2']) })).rejects.toThrow(
      '. Could NOT be undone, switch it off by hand before deploying again (or the next deployment adopts it): Inspector scans EC2 (Disable): '
      + 'inspector2:Disable was denied (AccessDeniedException)');
  });

  test('scans that were on before the stack are never disabled by the undo: a failed Create leaves the account as it found it', async () => {
    // EC2 was on before; the stack asks for ECR too, and Enable fails after switching ECR on.
    inspector.on(BatchGetAccountStatusCommand).resolvesOnce(status(['EC2'])).resolves(status(['EC2', 'ECR']));
    inspector.on(EnableCommand).resolves({ accounts: [], failedAccounts: [{ accountId: '111111111111', errorCode: 'SSM_UNAVAILABLE', errorMessage: 'try later' } as any] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props(['EC2', 'ECR']) })).rejects.toThrow(
      /^Inspector could not enable ECR: SSM_UNAVAILABLE: try later; where a scan type is not offered in this region, turn it off with inspector.ecr: false$/);
    expect(inspector.commandCalls(EnableCommand)[0].args[0].input.resourceTypes).toEqual(['ECR']);
    expect(inspector.commandCalls(DisableCommand)).toHaveLength(0);
  });

  test('nothing switched on: nothing to undo', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves(status([]));
    inspector.on(EnableCommand).resolves({ accounts: [], failedAccounts: [{ accountId: '111111111111', errorCode: 'ACCESS_DENIED', errorMessage: 'SCP' } as any] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props(['EC2']) })).rejects.toThrow(/^Inspector could not enable EC2: ACCESS_DENIED: SCP; where a scan type is not offered in this region, turn it off with inspector.ec2: false$/);
    expect(inspector.commandCalls(DisableCommand)).toHaveLength(0);
  });
});
