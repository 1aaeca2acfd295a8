import { GuardDutyClient, ListDetectorsCommand, UpdateOrganizationConfigurationCommand } from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { trustEveryEvent } from './trust-events';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { handler, HANDLERS } from '../../handler/index';

trustEveryEvent();

const guardDuty = mockClient(GuardDutyClient);

const DETECTOR = '12abc34d567e8fa901bc2d34eexample';
const GIVEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const FEATURES = ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS'];

/** What the construct writes. */
function props(extra: Record<string, unknown> = {}) {
  return { Kind: 'GuardDutyOrganizationConfiguration', AutoEnableOrganizationMembers: 'ALL', Features: FEATURES, ...extra };
}

function expectedInput(detectorId: string, members: string) {
  return {
    DetectorId: detectorId,
    AutoEnableOrganizationMembers: members,
    Features: FEATURES.map(Name => ({ Name, AutoEnable: members })),
  };
}

beforeAll(() => { retryOptions.baseDelayMs = 0; permissionPropagation.windowMs = 0; });
beforeEach(() => {
  guardDuty.reset();
  guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
  guardDuty.on(UpdateOrganizationConfigurationCommand).resolves({});
});

describe('GuardDutyOrganizationConfiguration create and update', () => {
  test('finds the administrator\'s detector and auto-enables every member with the agentless features', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: DETECTOR, Data: { DetectorId: DETECTOR },
    });
    expect(guardDuty.commandCalls(ListDetectorsCommand)).toHaveLength(1);
    expect(guardDuty.commandCalls(UpdateOrganizationConfigurationCommand)).toHaveLength(1);
    expect(guardDuty.commandCalls(UpdateOrganizationConfigurationCommand)[0].args[0].input).toEqual(expectedInput(DETECTOR, 'ALL'));
  });

  test.each(['NEW', 'NONE'])('AutoEnableOrganizationMembers %s applies to the features too', async (members) => {
    await handler({ RequestType: 'Create', ResourceProperties: props({ AutoEnableOrganizationMembers: members }) });
    expect(guardDuty.commandCalls(UpdateOrganizationConfigurationCommand)[0].args[0].input).toEqual(expectedInput(DETECTOR, members));
  });

  test('a given DetectorId is used without ListDetectors', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: props({ DetectorId: GIVEN }) })).resolves.toEqual({
      PhysicalResourceId: GIVEN, Data: { DetectorId: GIVEN },
    });
    expect(guardDuty.commandCalls(ListDetectorsCommand)).toHaveLength(0);
    expect(guardDuty.commandCalls(UpdateOrganizationConfigurationCommand)[0].args[0].input).toEqual(expectedInput(GIVEN, 'ALL'));
  });

  test('update applies the new settings again (no update of its own: create converges)', async () => {
    expect(HANDLERS.GuardDutyOrganizationConfiguration.update).toBeUndefined();
    await expect(handler({
      RequestType: 'Update',
      PhysicalResourceId: DETECTOR,
      ResourceProperties: props({ AutoEnableOrganizationMembers: 'NEW' }),
      OldResourceProperties: props(),
    })).resolves.toEqual({ PhysicalResourceId: DETECTOR, Data: { DetectorId: DETECTOR } });
    expect(guardDuty.commandCalls(UpdateOrganizationConfigurationCommand)[0].args[0].input).toEqual(expectedInput(DETECTOR, 'NEW'));
  });

  test('follows ListDetectors pages', async () => {
    guardDuty.on(ListDetectorsCommand)
      .resolvesOnce({ DetectorIds: [], NextToken: 'next' })
      .resolvesOnce({ DetectorIds: [DETECTOR] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toMatchObject({ PhysicalResourceId: DETECTOR });
    expect(guardDuty.commandCalls(ListDetectorsCommand)[1].args[0].input).toEqual({ NextToken: 'next' });
  });

  test('no detector: fails with a message saying to deploy the GuardDutyDetector first, and sets nothing', async () => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(new Error(
      'GuardDuty has no detector in this account and Region, so its organization configuration cannot be set: '
      + 'deploy the baseline\'s GuardDutyDetector in this account (the delegated administrator) and Region first, '
      + 'or pass its detectorId to OrganizationAutoEnable'));
    expect(guardDuty.commandCalls(UpdateOrganizationConfigurationCommand)).toHaveLength(0);
  });

  test('an account that is not the administrator: GuardDuty\'s BadRequestException passes through with its message', async () => {
    guardDuty.on(UpdateOrganizationConfigurationCommand).rejects(awsError('BadRequestException',
      'The request is rejected because the current account is not the GuardDuty administrator account.'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toMatchObject({
      name: 'BadRequestException', message: expect.stringMatching(/not the GuardDuty administrator/),
    });
    expect(guardDuty.commandCalls(UpdateOrganizationConfigurationCommand)).toHaveLength(1);
  });

  test('access denied on UpdateOrganizationConfiguration names the action', async () => {
    guardDuty.on(UpdateOrganizationConfigurationCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(
      /^guardduty:UpdateOrganizationConfiguration was denied \(AccessDeniedException\)\. The baseline grants it/);
  });

  test('access denied on ListDetectors names guardduty:ListDetectors', async () => {
    guardDuty.on(ListDetectorsCommand).rejects(awsError('AccessDeniedException'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(/^guardduty:ListDetectors was denied/);
  });

  test('throttling is retried, then the configuration is set', async () => {
    guardDuty.on(UpdateOrganizationConfigurationCommand)
      .rejectsOnce(awsError('TooManyRequestsException'))
      .rejectsOnce(awsError('ThrottlingException'))
      .resolves({});
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toMatchObject({ PhysicalResourceId: DETECTOR });
    expect(guardDuty.commandCalls(UpdateOrganizationConfigurationCommand)).toHaveLength(3);
  });

  test('an unknown members setting is rejected before any call', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: props({ AutoEnableOrganizationMembers: 'SOME', DetectorId: GIVEN }) }))
      .rejects.toThrow(new Error("AutoEnableOrganizationMembers: received 'SOME'; expected one of ALL, NEW, NONE"));
    expect(guardDuty.calls()).toHaveLength(0);
  });
});

describe('GuardDutyOrganizationConfiguration delete', () => {
  test('leaves the configuration in place: no call', async () => {
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: DETECTOR, ResourceProperties: props() })).resolves.toBeUndefined();
    expect(guardDuty.calls()).toHaveLength(0);
  });
});
