import {
  CostExplorerClient, CreateAnomalyMonitorCommand, DeleteAnomalyMonitorCommand, GetAnomalyMonitorsCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { trustEveryEvent } from './trust-events';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { handler } from '../../handler/index';

trustEveryEvent();

const ce = mockClient(CostExplorerClient);

const NAME = 'TestStackDetection1A2B3C4D';
const arn = (id: string) => `arn:aws:ce::111111111111:anomalymonitor/${id}`;
const CREATED = arn('11111111-2222-3333-4444-555555555555');
const EXISTING = arn('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');

function monitor(monitorArn: string, type: string, dimension?: string) {
  return { MonitorArn: monitorArn, MonitorName: 'Default-Services-Monitor', MonitorType: type, MonitorDimension: dimension } as any;
}

/** What the construct writes; CloudFormation hands every value over as a string. */
const props = (extra: Record<string, unknown> = {}) => ({ Kind: 'AnomalyMonitor', MonitorName: NAME, MonitorDimension: 'SERVICE', DisableOnDelete: 'false', ...extra });

/** The answer Cost Explorer gives to a second AWS managed monitor of a dimension. */
const LIMIT = awsError('ValidationException', 'Limit exceeded on dimensional spend monitor creation');

beforeAll(() => { retryOptions.baseDelayMs = 0; permissionPropagation.windowMs = 0; });
beforeEach(() => {
  ce.reset();
  ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [] });
  ce.on(CreateAnomalyMonitorCommand).resolves({ MonitorArn: CREATED });
  ce.on(DeleteAnomalyMonitorCommand).resolves({});
});

/** Cost Explorer's answer in an account it is not available to (never enabled, or not granted by the management account). */
const NOT_ENABLED = awsError('AccessDeniedException', 'User not enabled for cost explorer access');

describe('AnomalyMonitor create', () => {
  test('where Cost Explorer is not enabled or not granted: says so and names the prop that turns the part off, not a policy', async () => {
    ce.on(GetAnomalyMonitorsCommand).rejects(NOT_ENABLED);
    const created = handler({ RequestType: 'Create', ResourceProperties: props() });
    await expect(created).rejects.toThrow(/^Cost Explorer is not enabled for this account, or its organization's management account has not granted it to member accounts, .*set costAnomalyDetection\.enabled: false .*AWS said: User not enabled for cost explorer access$/);
    await expect(created).rejects.not.toThrow(/service control policy/);
    // Named apart from AWS's AccessDeniedException, so the log does not read as a denial either.
    await expect(created).rejects.toMatchObject({ name: 'CostExplorerNotEnabled' });
    expect(ce.commandCalls(GetAnomalyMonitorsCommand)).toHaveLength(1);
    expect(ce.commandCalls(CreateAnomalyMonitorCommand)).toHaveLength(0);
  });

  test('the same answer to CreateAnomalyMonitor gives the same message', async () => {
    ce.on(CreateAnomalyMonitorCommand).rejects(NOT_ENABLED);
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(/^Cost Explorer is not enabled for this account.*costAnomalyDetection\.enabled: false/s);
  });

  test('any other access denial is still blamed on what overrides the grant', async () => {
    ce.on(GetAnomalyMonitorsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: ce:GetAnomalyMonitors with an explicit deny'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(/^ce:GetAnomalyMonitors was denied \(AccessDeniedException\).*service control policy/s);
  });

  test('where the account has no AWS services monitor: creates one and owns it', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: `${CREATED}:created`, Data: { MonitorArn: CREATED },
    });
    expect(ce.commandCalls(CreateAnomalyMonitorCommand)[0].args[0].input).toEqual({
      AnomalyMonitor: { MonitorName: NAME, MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' },
    });
  });

  test('where one exists (AWS set it up, or the console): adopts it, whatever its name, on any page', async () => {
    ce.on(GetAnomalyMonitorsCommand)
      .resolvesOnce({ AnomalyMonitors: [monitor(arn('custom'), 'CUSTOM')], NextPageToken: 'page2' })
      .resolvesOnce({ AnomalyMonitors: [monitor(arn('accounts'), 'DIMENSIONAL', 'LINKED_ACCOUNT'), monitor(EXISTING, 'DIMENSIONAL', 'SERVICE')] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: `${EXISTING}:adopted`, Data: { MonitorArn: EXISTING },
    });
    expect(ce.commandCalls(GetAnomalyMonitorsCommand).map(call => call.args[0].input)).toEqual([{}, { NextPageToken: 'page2' }]);
    expect(ce.commandCalls(CreateAnomalyMonitorCommand)).toHaveLength(0);
  });

  test('a LINKED_ACCOUNT monitor adopts the LINKED_ACCOUNT one, not the services one', async () => {
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [monitor(EXISTING, 'DIMENSIONAL', 'SERVICE'), monitor(arn('accounts'), 'DIMENSIONAL', 'LINKED_ACCOUNT')] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props({ MonitorDimension: 'LINKED_ACCOUNT' }) })).resolves.toMatchObject({
      PhysicalResourceId: `${arn('accounts')}:adopted`,
    });
  });

  test('one created between the list and the create (the limit error): is adopted', async () => {
    ce.on(GetAnomalyMonitorsCommand).resolvesOnce({ AnomalyMonitors: [] }).resolves({ AnomalyMonitors: [monitor(EXISTING, 'DIMENSIONAL', 'SERVICE')] });
    ce.on(CreateAnomalyMonitorCommand).rejects(LIMIT);
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toMatchObject({ PhysicalResourceId: `${EXISTING}:adopted` });
  });

  test('the limit error with no monitor to adopt, or another error, fails the deployment', async () => {
    ce.on(CreateAnomalyMonitorCommand).rejects(LIMIT);
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow('Limit exceeded on dimensional spend monitor creation');
    ce.on(CreateAnomalyMonitorCommand).rejects(awsError('ValidationException', 'Invalid monitor name'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow('Invalid monitor name');
  });

  test('only the limit error sends it back to the list: after another error, a monitor that appeared is not adopted', async () => {
    ce.on(GetAnomalyMonitorsCommand).resolvesOnce({ AnomalyMonitors: [] }).resolves({ AnomalyMonitors: [monitor(EXISTING, 'DIMENSIONAL', 'SERVICE')] });
    ce.on(CreateAnomalyMonitorCommand).rejects(awsError('ValidationException', 'Invalid monitor name'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow('Invalid monitor name');
    expect(ce.commandCalls(GetAnomalyMonitorsCommand)).toHaveLength(1);
  });
});

describe('AnomalyMonitor update', () => {
  test('keeps the monitor of the physical id while it exists', async () => {
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [monitor(EXISTING, 'DIMENSIONAL', 'SERVICE')] });
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${EXISTING}:adopted`, ResourceProperties: props({ MonitorName: 'Renamed' }), OldResourceProperties: props(),
    })).resolves.toEqual({ PhysicalResourceId: `${EXISTING}:adopted`, Data: { MonitorArn: EXISTING } });
    expect(ce.commandCalls(CreateAnomalyMonitorCommand)).toHaveLength(0);
  });

  test('a monitor the stack created stays its own: the update neither adopts it nor lists it as someone else\'s', async () => {
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [monitor(CREATED, 'DIMENSIONAL', 'SERVICE')] });
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${CREATED}:created`, ResourceProperties: props({ MonitorName: 'Renamed' }), OldResourceProperties: props(),
    })).resolves.toEqual({ PhysicalResourceId: `${CREATED}:created`, Data: { MonitorArn: CREATED } });
  });

  test('creates or adopts again when the monitor was deleted outside the stack', async () => {
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${EXISTING}:created`, ResourceProperties: props(), OldResourceProperties: props(),
    })).resolves.toEqual({ PhysicalResourceId: `${CREATED}:created`, Data: { MonitorArn: CREATED } });
  });

  test('a monitor deleted outside the stack is not kept because another one is listed: that one is adopted', async () => {
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [monitor(EXISTING, 'DIMENSIONAL', 'SERVICE')] });
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${CREATED}:created`, ResourceProperties: props(), OldResourceProperties: props(),
    })).resolves.toEqual({ PhysicalResourceId: `${EXISTING}:adopted`, Data: { MonitorArn: EXISTING } });
  });

  test('a changed dimension creates or adopts a monitor of the new dimension', async () => {
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [monitor(EXISTING, 'DIMENSIONAL', 'SERVICE')] });
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${EXISTING}:adopted`, ResourceProperties: props({ MonitorDimension: 'LINKED_ACCOUNT' }), OldResourceProperties: props(),
    })).resolves.toMatchObject({ PhysicalResourceId: `${CREATED}:created` });
    expect(ce.commandCalls(CreateAnomalyMonitorCommand)[0].args[0].input.AnomalyMonitor?.MonitorDimension).toBe('LINKED_ACCOUNT');
  });
});

describe('AnomalyMonitor delete', () => {
  test('leaves the monitor by default', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: `${CREATED}:created`, ResourceProperties: props() });
    expect(ce.commandCalls(DeleteAnomalyMonitorCommand)).toHaveLength(0);
  });

  test('never deletes an adopted monitor', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: `${EXISTING}:adopted`, ResourceProperties: props({ DisableOnDelete: 'true' }) });
    expect(ce.commandCalls(DeleteAnomalyMonitorCommand)).toHaveLength(0);
  });

  test('with DisableOnDelete deletes the monitor it created, and one already gone is not an error', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: `${CREATED}:created`, ResourceProperties: props({ DisableOnDelete: 'true' }) });
    expect(ce.commandCalls(DeleteAnomalyMonitorCommand)[0].args[0].input).toEqual({ MonitorArn: CREATED });
    ce.on(DeleteAnomalyMonitorCommand).rejects(awsError('UnknownMonitorException', 'Cost anomaly monitor does not exist for the account'));
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: `${CREATED}:created`, ResourceProperties: props({ DisableOnDelete: 'true' }) })).resolves.toBeUndefined();
  });

  test('other delete errors fail', async () => {
    ce.on(DeleteAnomalyMonitorCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: `${CREATED}:created`, ResourceProperties: props({ DisableOnDelete: 'true' }) }))
      .rejects.toThrow(/^ce:DeleteAnomalyMonitor was denied \(AccessDeniedException\)\..*AWS said: not authorized$/);
  });
});
