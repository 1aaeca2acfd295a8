import {
  CreateDetectorCommand, DeleteDetectorCommand, GetAdministratorAccountCommand, GuardDutyClient, ListDetectorsCommand, UpdateDetectorCommand,
} from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { trustEveryEvent } from './trust-events';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { handler } from '../../handler/index';

trustEveryEvent();

const guardDuty = mockClient(GuardDutyClient);

const DETECTOR = '12abc34d567e8fa901bc2d34eexample';
const OTHER = '98zyx76w543v2ut109sr8q76pexample';

const AGENTS = ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'];

/** What the construct writes; CloudFormation hands every value over as a string. */
function props(extra: Record<string, unknown> = {}) {
  return {
    Kind: 'GuardDutyDetector',
    FindingPublishingFrequency: 'FIFTEEN_MINUTES',
    Features: [
      { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
      { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
      { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: AGENTS.map(Name => ({ Name, Status: 'ENABLED' })) },
    ],
    DisableOnDelete: 'false',
    ...extra,
  };
}

/** The same settings in the GuardDuty API's shape. */
const SETTINGS = {
  Enable: true,
  FindingPublishingFrequency: 'FIFTEEN_MINUTES',
  Features: [
    { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
    { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
    { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: AGENTS.map(Name => ({ Name, Status: 'ENABLED' })) },
  ],
};

const SELF_MANAGED = { ManagedBy: 'self', SkippedSettings: '' };
const ADMINISTRATOR = '999999999999';

beforeAll(() => { retryOptions.baseDelayMs = 0; permissionPropagation.windowMs = 0; });
beforeEach(() => {
  guardDuty.reset();
  // A standalone account, and the administrator itself, get success with no content (GuardDuty API reference).
  guardDuty.on(GetAdministratorAccountCommand).resolves({});
  guardDuty.on(CreateDetectorCommand).resolves({ DetectorId: DETECTOR });
  guardDuty.on(UpdateDetectorCommand).resolves({});
  guardDuty.on(DeleteDetectorCommand).resolves({});
});

describe('GuardDutyDetector create', () => {
  test('where no detector exists: creates one with the settings and owns it', async () => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: `${DETECTOR}:created`, Data: { DetectorId: DETECTOR, ...SELF_MANAGED },
    });
    expect(guardDuty.commandCalls(CreateDetectorCommand)[0].args[0].input).toEqual(SETTINGS);
    expect(guardDuty.commandCalls(UpdateDetectorCommand)).toHaveLength(0);
  });

  test('where a detector exists: adopts it and converges its settings, enabling it if suspended', async () => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [OTHER] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: `${OTHER}:adopted`, Data: { DetectorId: OTHER, ...SELF_MANAGED },
    });
    expect(guardDuty.commandCalls(UpdateDetectorCommand)[0].args[0].input).toEqual({ DetectorId: OTHER, ...SETTINGS });
    expect(guardDuty.commandCalls(CreateDetectorCommand)).toHaveLength(0);
  });

  test('follows ListDetectors pages', async () => {
    guardDuty.on(ListDetectorsCommand)
      .resolvesOnce({ DetectorIds: [], NextToken: 'next' })
      .resolvesOnce({ DetectorIds: [OTHER] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toMatchObject({ PhysicalResourceId: `${OTHER}:adopted` });
    expect(guardDuty.commandCalls(ListDetectorsCommand)[1].args[0].input).toEqual({ NextToken: 'next' });
  });

  test('a feature without additional configuration is sent without it', async () => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    await handler({ RequestType: 'Create', ResourceProperties: props({ Features: [{ Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' }] }) });
    expect(guardDuty.commandCalls(CreateDetectorCommand)[0].args[0].input.Features).toEqual([{ Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' }]);
  });

  test('access denied on CreateDetector names guardduty:CreateDetector', async () => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    guardDuty.on(CreateDetectorCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(
      /^guardduty:CreateDetector was denied \(AccessDeniedException\)\. The baseline grants it/);
  });

  test('access denied on ListDetectors names guardduty:ListDetectors', async () => {
    guardDuty.on(ListDetectorsCommand).rejects(awsError('AccessDeniedException'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(/^guardduty:ListDetectors was denied/);
  });

  test('throttling is retried, then the detector is created', async () => {
    guardDuty.on(ListDetectorsCommand)
      .rejectsOnce(awsError('TooManyRequestsException'))
      .rejectsOnce(awsError('ThrottlingException'))
      .resolves({ DetectorIds: [] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toMatchObject({ PhysicalResourceId: `${DETECTOR}:created` });
    expect(guardDuty.commandCalls(ListDetectorsCommand)).toHaveLength(3);
  });

  test('GuardDuty rejecting the settings (BadRequestException) fails the deployment with its message', async () => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    guardDuty.on(CreateDetectorCommand).rejects(awsError('BadRequestException',
      'The request is rejected because an invalid or out-of-range value is specified as an input parameter.'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toMatchObject({
      name: 'BadRequestException', message: expect.stringMatching(/invalid or out-of-range value/),
    });
    expect(guardDuty.commandCalls(CreateDetectorCommand)).toHaveLength(1);
  });
});

describe('GuardDutyDetector update', () => {
  test.each(['created', 'adopted'])('converges the %s detector in place, keeping the physical id', async (ownership) => {
    const newProps = props({
      FindingPublishingFrequency: 'SIX_HOURS',
      Features: [{ Name: 'S3_DATA_EVENTS', Status: 'DISABLED' }, { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }],
    });
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${DETECTOR}:${ownership}`, ResourceProperties: newProps, OldResourceProperties: props(),
    })).resolves.toEqual({ PhysicalResourceId: `${DETECTOR}:${ownership}`, Data: { DetectorId: DETECTOR, ...SELF_MANAGED } });
    expect(guardDuty.commandCalls(UpdateDetectorCommand)[0].args[0].input).toEqual({
      DetectorId: DETECTOR,
      Enable: true,
      FindingPublishingFrequency: 'SIX_HOURS',
      Features: [{ Name: 'S3_DATA_EVENTS', Status: 'DISABLED' }, { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }],
    });
    expect(guardDuty.commandCalls(CreateDetectorCommand)).toHaveLength(0);
    expect(guardDuty.commandCalls(ListDetectorsCommand)).toHaveLength(0);
  });

  test('access denied on UpdateDetector names guardduty:UpdateDetector', async () => {
    guardDuty.on(UpdateDetectorCommand).rejects(awsError('AccessDeniedException'));
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${DETECTOR}:created`, ResourceProperties: props(), OldResourceProperties: props(),
    })).rejects.toThrow(/^guardduty:UpdateDetector was denied/);
  });
});

describe('GuardDutyDetector delete', () => {
  test('leaves a created detector on by default', async () => {
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: `${DETECTOR}:created`, ResourceProperties: props() })).resolves.toBeUndefined();
    expect(guardDuty.calls()).toHaveLength(0);
  });

  test('with DisableOnDelete, deletes a detector the stack created', async () => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
    await handler({ RequestType: 'Delete', PhysicalResourceId: `${DETECTOR}:created`, ResourceProperties: props({ DisableOnDelete: 'true' }) });
    expect(guardDuty.commandCalls(DeleteDetectorCommand)[0].args[0].input).toEqual({ DetectorId: DETECTOR });
  });

  test('with DisableOnDelete, never touches an adopted detector', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: `${OTHER}:adopted`, ResourceProperties: props({ DisableOnDelete: 'true' }) });
    expect(guardDuty.calls()).toHaveLength(0);
  });

  test('with DisableOnDelete, a detector already deleted outside the stack is not deleted again', async () => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    await expect(handler({
      RequestType: 'Delete', PhysicalResourceId: `${DETECTOR}:created`, ResourceProperties: props({ DisableOnDelete: 'true' }),
    })).resolves.toBeUndefined();
    expect(guardDuty.commandCalls(DeleteDetectorCommand)).toHaveLength(0);
  });

  test('the delete after a failed create (no ownership in the id) does nothing', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: '2026/01/01/[$LATEST]abcdef', ResourceProperties: props({ DisableOnDelete: 'true' }) });
    expect(guardDuty.calls()).toHaveLength(0);
  });

  test('access denied on DeleteDetector names guardduty:DeleteDetector', async () => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
    guardDuty.on(DeleteDetectorCommand).rejects(awsError('AccessDeniedException'));
    await expect(handler({
      RequestType: 'Delete', PhysicalResourceId: `${DETECTOR}:created`, ResourceProperties: props({ DisableOnDelete: 'true' }),
    })).rejects.toThrow(/^guardduty:DeleteDetector was denied/);
  });
});

describe('GuardDutyDetector in an organization member account', () => {
  beforeEach(() => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
    guardDuty.on(GetAdministratorAccountCommand).resolves({
      Administrator: { AccountId: ADMINISTRATOR, InvitationId: 'abc', RelationshipStatus: 'Enabled', InvitedAt: '2026-01-01T00:00:00Z' },
    });
    // What GuardDuty answers a member that sends the frequency or features: a regression fails these tests.
    guardDuty.on(UpdateDetectorCommand).rejects(awsError('BadRequestException', 'The request is rejected because member accounts cannot manage specified resources or properties.'));
    guardDuty.on(DeleteDetectorCommand).rejects(awsError('BadRequestException', 'The request is rejected because a member account cannot delete its detector.'));
  });
  const LEFT = { DetectorId: DETECTOR, ManagedBy: ADMINISTRATOR, SkippedSettings: 'FindingPublishingFrequency,Features' };

  test('create adopts the detector, sends no UpdateDetector and reports what the administrator owns', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({ PhysicalResourceId: `${DETECTOR}:adopted`, Data: LEFT });
    expect(guardDuty.commandCalls(GetAdministratorAccountCommand)[0].args[0].input).toEqual({ DetectorId: DETECTOR });
    expect(guardDuty.commandCalls(UpdateDetectorCommand)).toHaveLength(0);
    expect(log).toHaveBeenCalledWith('GuardDuty is managed by the administrator account 999999999999: this member account\'s baseline left FindingPublishingFrequency, Features to it');
    log.mockRestore();
  });

  test.each(['created', 'adopted'])('update (%s) sends no UpdateDetector', async (ownership) => {
    jest.spyOn(console, 'log').mockImplementationOnce(() => undefined);
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${DETECTOR}:${ownership}`, ResourceProperties: props({ FindingPublishingFrequency: 'SIX_HOURS' }), OldResourceProperties: props(),
    })).resolves.toEqual({ PhysicalResourceId: `${DETECTOR}:${ownership}`, Data: LEFT });
    expect(guardDuty.commandCalls(UpdateDetectorCommand)).toHaveLength(0);
  });

  test('delete with DisableOnDelete leaves the member detector in place, and the log says to whom', async () => {
    const log = jest.spyOn(console, 'log').mockImplementationOnce(() => undefined);
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: `${DETECTOR}:created`, ResourceProperties: props({ DisableOnDelete: 'true' }) })).resolves.toBeUndefined();
    expect(guardDuty.commandCalls(DeleteDetectorCommand)).toHaveLength(0);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^GuardDuty is managed by the administrator account \d{12}: this member account's baseline left DeleteDetector to it$/));
  });

  test('a member that was removed from the organization converges its detector again', async () => {
    guardDuty.on(GetAdministratorAccountCommand).resolves({ Administrator: { AccountId: ADMINISTRATOR, RelationshipStatus: 'Removed' } });
    guardDuty.on(UpdateDetectorCommand).resolves({});
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: `${DETECTOR}:adopted`, Data: { DetectorId: DETECTOR, ...SELF_MANAGED },
    });
    expect(guardDuty.commandCalls(UpdateDetectorCommand)[0].args[0].input).toEqual({ DetectorId: DETECTOR, ...SETTINGS });
  });
});
