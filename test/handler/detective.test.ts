import { CreateGraphCommand, DeleteGraphCommand, DetectiveClient, ListGraphsCommand, ListInvitationsCommand } from '@aws-sdk/client-detective';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { trustEveryEvent } from './trust-events';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { handler } from '../../handler/index';

trustEveryEvent();

const detective = mockClient(DetectiveClient);

const GRAPH = 'arn:aws:detective:eu-west-1:111111111111:graph:a1b2c3d4e5f60718293a4b5c6d7e8f90';
const ADMIN_GRAPH = 'arn:aws:detective:eu-west-1:999999999999:graph:027c7c4610ea4aacaf0b883093cab899';
const props = (disableOnDelete = 'false') => ({ Kind: 'DetectiveGraph', AccountId: '111111111111', DisableOnDelete: disableOnDelete });
const SELF = { ManagedBy: 'self', SkippedSettings: '' };

beforeAll(() => {
  retryOptions.baseDelayMs = 0;
  permissionPropagation.windowMs = 0;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
beforeEach(() => {
  detective.reset();
  detective.on(ListGraphsCommand).resolves({ GraphList: [] });
  detective.on(ListInvitationsCommand).resolves({ Invitations: [] });
  detective.on(CreateGraphCommand).resolves({ GraphArn: GRAPH });
});

describe('Detective create', () => {
  test('where the account has no graph and belongs to none: creates one and owns it', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: 'Detective-111111111111:created', Data: { GraphArn: GRAPH, ...SELF },
    });
    expect(detective.commandCalls(CreateGraphCommand)).toHaveLength(1);
  });

  test('where the account administers a graph: adopts it', async () => {
    detective.on(ListGraphsCommand).resolves({ GraphList: [{ Arn: GRAPH }] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: 'Detective-111111111111:adopted', Data: { GraphArn: GRAPH, ...SELF },
    });
    expect(detective.commandCalls(CreateGraphCommand)).toHaveLength(0);
  });

  test('in an enabled member of another account\'s graph: creates none, and names the administrator', async () => {
    detective.on(ListInvitationsCommand).resolves({ Invitations: [{ AccountId: '111111111111', AdministratorId: '999999999999', GraphArn: ADMIN_GRAPH, Status: 'ENABLED' }] });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: 'Detective-111111111111:adopted', Data: { GraphArn: ADMIN_GRAPH, ManagedBy: '999999999999', SkippedSettings: 'CreateGraph' },
    });
    expect(detective.commandCalls(CreateGraphCommand)).toHaveLength(0);
    expect(log).toHaveBeenCalledWith('Detective is managed by the administrator account 999999999999: this member account\'s baseline left CreateGraph to it');
    log.mockRestore();
  });

  test('reads every page of ListGraphs: a graph on the second page is adopted', async () => {
    detective.on(ListGraphsCommand).resolvesOnce({ GraphList: [], NextToken: 'page2' }).resolves({ GraphList: [{ Arn: GRAPH }] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toMatchObject({ Data: { GraphArn: GRAPH } });
    expect(detective.commandCalls(ListGraphsCommand).map(call => call.args[0].input)).toEqual([{}, { NextToken: 'page2' }]);
    expect(detective.commandCalls(CreateGraphCommand)).toHaveLength(0);
  });

  test('reads every page of ListInvitations: an enabled membership on the second page counts', async () => {
    detective.on(ListInvitationsCommand)
      .resolvesOnce({ Invitations: [{ AccountId: '111111111111', AdministratorId: '888888888888', GraphArn: ADMIN_GRAPH, Status: 'INVITED' }], NextToken: 'page2' })
      .resolves({ Invitations: [{ AccountId: '111111111111', AdministratorId: '999999999999', GraphArn: ADMIN_GRAPH, Status: 'ENABLED' }] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toMatchObject({ Data: { ManagedBy: '999999999999' } });
    expect(detective.commandCalls(ListInvitationsCommand).map(call => call.args[0].input)).toEqual([{}, { NextToken: 'page2' }]);
  });

  test('an invitation that was not accepted does not count: the account gets its own graph', async () => {
    detective.on(ListInvitationsCommand).resolves({ Invitations: [{ AccountId: '111111111111', AdministratorId: '999999999999', GraphArn: ADMIN_GRAPH, Status: 'INVITED' }] });
    await handler({ RequestType: 'Create', ResourceProperties: props() });
    expect(detective.commandCalls(CreateGraphCommand)).toHaveLength(1);
  });

  test('a refused CreateGraph says what Detective needs', async () => {
    detective.on(CreateGraphCommand).rejects(awsError('ValidationException', 'The request failed because the account does not meet the GuardDuty prerequisite'));
    const refused = handler({ RequestType: 'Create', ResourceProperties: props() });
    await expect(refused).rejects.toThrow(
      'Detective could not be enabled: The request failed because the account does not meet the GuardDuty prerequisite. Detective needs GuardDuty on '
      + 'in this account and Region for at least 48 hours, and a data volume within its quota (Detective API reference, CreateGraph): deploy again once '
      + 'GuardDuty has been on for two days, or set detective.enabled: false');
    // The log keeps AWS's error name.
    await expect(refused).rejects.toMatchObject({ name: 'ValidationException' });
  });

  test('a denied or throttled CreateGraph is not explained as a Detective prerequisite: the denial names the action, throttling is retried', async () => {
    detective.on(CreateGraphCommand).rejects(awsError('AccessDeniedException', 'explicit deny'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(/^detective:CreateGraph was denied \(AccessDeniedException\)\..* AWS said: explicit deny$/);
    detective.on(CreateGraphCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(
      /^detective:CreateGraph was still throttled \(ThrottlingException\) after \d+ attempts; deploy again later\. AWS said: Rate exceeded$/);
  });
});

describe('Detective update', () => {
  test('keeps the physical id and the graph', async () => {
    detective.on(ListGraphsCommand).resolves({ GraphList: [{ Arn: GRAPH }] });
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: 'Detective-111111111111:created', ResourceProperties: props('true'), OldResourceProperties: props(),
    })).resolves.toEqual({ PhysicalResourceId: 'Detective-111111111111:created', Data: { GraphArn: GRAPH, ...SELF } });
    expect(detective.commandCalls(CreateGraphCommand)).toHaveLength(0);
  });
});

describe('Detective delete', () => {
  const remove = (physical: string, disableOnDelete: string) =>
    handler({ RequestType: 'Delete', PhysicalResourceId: physical, ResourceProperties: props(disableOnDelete) });

  test('leaves the graph by default', async () => {
    await remove('Detective-111111111111:created', 'false');
    expect(detective.calls()).toHaveLength(0);
  });

  test('deletes the graph the stack created when disableOnDelete is set', async () => {
    detective.on(ListGraphsCommand).resolves({ GraphList: [{ Arn: GRAPH }] });
    await remove('Detective-111111111111:created', 'true');
    expect(detective.commandCalls(DeleteGraphCommand)[0].args[0].input).toEqual({ GraphArn: GRAPH });
  });

  test('never deletes an adopted graph', async () => {
    await remove('Detective-111111111111:adopted', 'true');
    expect(detective.calls()).toHaveLength(0);
  });

  test('succeeds where the graph was deleted outside the stack already', async () => {
    await expect(remove('Detective-111111111111:created', 'true')).resolves.toBeUndefined();
    expect(detective.commandCalls(DeleteGraphCommand)).toHaveLength(0);
  });
});
