import {
  BatchDisableStandardsCommand, BatchEnableStandardsCommand, DescribeHubCommand, DisableSecurityHubCommand,
  EnableSecurityHubCommand, GetAdministratorAccountCommand, GetEnabledStandardsCommand, SecurityHubClient, StandardsSubscription,
  UpdateSecurityHubConfigurationCommand, UpdateStandardsControlCommand,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { trustEveryEvent } from './trust-events';
import { useVirtualClock } from './virtual-clock';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { FUNCTION_TIMEOUT_MS, RESERVED_MS } from '../../handler/deadline';
import { handler } from '../../handler/index';
import { standardsWait } from '../../handler/security-hub';

trustEveryEvent();

const securityHub = mockClient(SecurityHubClient);

const ACCOUNT = '111111111111';
const REGIONAL = 'arn:aws:securityhub:eu-west-1';

const FSBP = `${REGIONAL}::standards/aws-foundational-security-best-practices/v/1.0.0`;
const CIS = `${REGIONAL}::standards/cis-aws-foundations-benchmark/v/3.0.0`;
const NIST = `${REGIONAL}::standards/nist-800-53/v/5.0.0`;

/** The subscription ARN of a standard ARN, as GetEnabledStandards reports it. */
function subscriptionOf(standardsArn: string): string {
  return standardsArn.replace('::standards/', `:${ACCOUNT}:subscription/`);
}

function controlOf(standardsArn: string, controlId: string): string {
  return `${standardsArn.replace('::standards/', `:${ACCOUNT}:control/`)}/${controlId}`;
}

function control(standardsArn: string, controlId: string, reason = `${controlId} is handled elsewhere`) {
  return { StandardsArn: standardsArn, StandardsControlArn: controlOf(standardsArn, controlId), Reason: reason };
}

function enabled(standards: Record<string, string>) {
  return {
    StandardsSubscriptions: Object.entries(standards).map(([arn, status]): StandardsSubscription => ({
      StandardsArn: arn, StandardsSubscriptionArn: subscriptionOf(arn), StandardsInput: {}, StandardsStatus: status as any,
    })),
  };
}

const NOT_SUBSCRIBED = awsError('InvalidAccessException', `Account ${ACCOUNT} is not subscribed to AWS Security Hub`);

/** What the construct writes; CloudFormation hands every value over as a string. */
function props(extra: Record<string, unknown> = {}) {
  return {
    Kind: 'SecurityHub',
    AccountId: ACCOUNT,
    ControlFindingGenerator: 'SECURITY_CONTROL',
    AutoEnableControls: 'true',
    StandardsArns: [FSBP],
    DisabledControls: [],
    DisableOnDelete: 'false',
    ...extra,
  };
}

const ADMINISTRATOR = '999999999999';
/** GetAdministratorAccount in a member account of an organization (Security Hub API reference). */
const MEMBER = { Administrator: { AccountId: ADMINISTRATOR, InvitationId: 'abc', MemberStatus: 'Enabled' } };
/** What Security Hub answers a member that sends what only the administrator may change. */
const MEMBER_REJECTED = awsError('InvalidAccessException', 'Request contains configurations that cannot be updated by a member account');
const SELF_MANAGED = { ManagedBy: 'self', SkippedSettings: '' };
const LEFT_TO_ADMINISTRATOR = { ManagedBy: ADMINISTRATOR, SkippedSettings: 'ControlFindingGenerator,AutoEnableControls,Standards,DisabledControls' };

const CREATED = `SecurityHub-${ACCOUNT}:created`;
const ADOPTED = `SecurityHub-${ACCOUNT}:adopted`;

/** The commands sent, in order, by name. */
function sequence(): string[] {
  return securityHub.calls().map(call => (call.args[0] as object).constructor.name);
}

const virtualClock = useVirtualClock();
beforeAll(() => {
  retryOptions.baseDelayMs = 0;
  permissionPropagation.windowMs = 0;
});
beforeEach(() => {
  securityHub.reset();
  securityHub.on(GetAdministratorAccountCommand).resolves({});
  securityHub.on(DescribeHubCommand).resolves({ HubArn: `${REGIONAL}:${ACCOUNT}:hub/default` });
  securityHub.on(EnableSecurityHubCommand).resolves({});
  securityHub.on(UpdateSecurityHubConfigurationCommand).resolves({});
  securityHub.on(GetEnabledStandardsCommand).resolves(enabled({}));
  securityHub.on(BatchEnableStandardsCommand).resolves({ StandardsSubscriptions: [] });
  securityHub.on(BatchDisableStandardsCommand).resolves({ StandardsSubscriptions: [] });
  securityHub.on(UpdateStandardsControlCommand).resolves({});
  securityHub.on(DisableSecurityHubCommand).resolves({});
});

describe('SecurityHub create', () => {
  test('where the account is not subscribed: enables Security Hub without default standards and owns it', async () => {
    securityHub.on(DescribeHubCommand).rejects(NOT_SUBSCRIBED);
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({ PhysicalResourceId: CREATED, Data: SELF_MANAGED });
    expect(securityHub.commandCalls(EnableSecurityHubCommand).map(c => c.args[0].input)).toEqual([
      { EnableDefaultStandards: false, ControlFindingGenerator: 'SECURITY_CONTROL' },
    ]);
    expect(securityHub.commandCalls(UpdateSecurityHubConfigurationCommand)).toHaveLength(0);
    expect(securityHub.commandCalls(BatchEnableStandardsCommand).map(c => c.args[0].input)).toEqual([
      { StandardsSubscriptionRequests: [{ StandardsArn: FSBP }] },
    ]);
    expect(sequence()).toEqual([
      'DescribeHubCommand', 'EnableSecurityHubCommand', 'GetEnabledStandardsCommand', 'BatchEnableStandardsCommand',
    ]);
  });

  test('ResourceNotFoundException from DescribeHub also means not subscribed', async () => {
    securityHub.on(DescribeHubCommand).rejects(awsError('ResourceNotFoundException'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({ PhysicalResourceId: CREATED, Data: SELF_MANAGED });
    expect(securityHub.commandCalls(EnableSecurityHubCommand)).toHaveLength(1);
  });

  test('where the account is subscribed: adopts Security Hub and converges its configuration', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({ PhysicalResourceId: ADOPTED, Data: SELF_MANAGED });
    expect(securityHub.commandCalls(UpdateSecurityHubConfigurationCommand).map(c => c.args[0].input)).toEqual([
      { ControlFindingGenerator: 'SECURITY_CONTROL', AutoEnableControls: true },
    ]);
    expect(securityHub.commandCalls(EnableSecurityHubCommand)).toHaveLength(0);
  });

  test('AutoEnableControls is sent as a boolean', async () => {
    await handler({ RequestType: 'Create', ResourceProperties: props({ AutoEnableControls: 'false' }) });
    expect(securityHub.commandCalls(UpdateSecurityHubConfigurationCommand)[0].args[0].input.AutoEnableControls).toBe(false);
  });

  test('standards already enabled are not enabled again; the missing ones are enabled in one call', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY', [NIST]: 'READY' }));
    await handler({ RequestType: 'Create', ResourceProperties: props({ StandardsArns: [FSBP, CIS, NIST] }) });
    expect(securityHub.commandCalls(BatchEnableStandardsCommand).map(c => c.args[0].input)).toEqual([
      { StandardsSubscriptionRequests: [{ StandardsArn: CIS }] },
    ]);
  });

  test('every standard already enabled: no BatchEnableStandards', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY', [CIS]: 'READY' }));
    await handler({ RequestType: 'Create', ResourceProperties: props({ StandardsArns: [FSBP, CIS] }) });
    expect(securityHub.commandCalls(BatchEnableStandardsCommand)).toHaveLength(0);
  });

  test('a standard enabled but not wanted is left on in an adopted hub', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY', [CIS]: 'READY' }));
    await handler({ RequestType: 'Create', ResourceProperties: props({ StandardsArns: [FSBP] }) });
    expect(securityHub.commandCalls(BatchDisableStandardsCommand)).toHaveLength(0);
  });

  test('follows GetEnabledStandards pages', async () => {
    securityHub.on(GetEnabledStandardsCommand)
      .resolvesOnce({ ...enabled({ [FSBP]: 'READY' }), NextToken: 'next' })
      .resolvesOnce(enabled({ [CIS]: 'READY' }));
    await handler({ RequestType: 'Create', ResourceProperties: props({ StandardsArns: [FSBP, CIS] }) });
    expect(securityHub.commandCalls(GetEnabledStandardsCommand).map(c => c.args[0].input)).toEqual([{}, { NextToken: 'next' }]);
    expect(securityHub.commandCalls(BatchEnableStandardsCommand)).toHaveLength(0);
  });

  test('disabled controls wait until their standard is READY, then are disabled with the reason', async () => {
    securityHub.on(GetEnabledStandardsCommand)
      .resolvesOnce(enabled({}))
      .resolvesOnce(enabled({ [FSBP]: 'PENDING', [CIS]: 'PENDING' }))
      .resolvesOnce(enabled({ [FSBP]: 'READY', [CIS]: 'PENDING' }))
      .resolves(enabled({ [FSBP]: 'READY', [CIS]: 'READY' }));
    const disabled = [control(FSBP, 'IAM.6', 'Root hardware MFA is handled by the organization'), control(CIS, '1.4')];
    await expect(handler({ RequestType: 'Create', ResourceProperties: props({ StandardsArns: [FSBP, CIS], DisabledControls: disabled }) }))
      .resolves.toEqual({ PhysicalResourceId: ADOPTED, Data: SELF_MANAGED });
    expect(securityHub.commandCalls(UpdateStandardsControlCommand).map(c => c.args[0].input)).toEqual([
      { StandardsControlArn: controlOf(FSBP, 'IAM.6'), ControlStatus: 'DISABLED', DisabledReason: 'Root hardware MFA is handled by the organization' },
      { StandardsControlArn: controlOf(CIS, '1.4'), ControlStatus: 'DISABLED', DisabledReason: '1.4 is handled elsewhere' },
    ]);
    expect(sequence()).toEqual([
      'DescribeHubCommand', 'GetAdministratorAccountCommand', 'UpdateSecurityHubConfigurationCommand',
      'GetEnabledStandardsCommand', 'BatchEnableStandardsCommand',
      'GetEnabledStandardsCommand', 'GetEnabledStandardsCommand', 'GetEnabledStandardsCommand',
      'UpdateStandardsControlCommand', 'UpdateStandardsControlCommand',
    ]);
  });

  test('only the standards with disabled controls are waited for', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY', [CIS]: 'PENDING' }));
    await handler({ RequestType: 'Create', ResourceProperties: props({ StandardsArns: [FSBP, CIS], DisabledControls: [control(FSBP, 'IAM.6')] }) });
    expect(securityHub.commandCalls(UpdateStandardsControlCommand)).toHaveLength(1);
  });

  test('no disabled controls: no wait and no UpdateStandardsControl', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'PENDING' }));
    await handler({ RequestType: 'Create', ResourceProperties: props() });
    expect(securityHub.commandCalls(GetEnabledStandardsCommand)).toHaveLength(1);
    expect(securityHub.commandCalls(UpdateStandardsControlCommand)).toHaveLength(0);
  });

  test('a standard still PENDING when the time runs out fails the deployment, with time left to answer CloudFormation', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'PENDING' }));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props({ DisabledControls: [control(FSBP, 'IAM.6')] }) })).rejects.toThrow(
      `Security Hub standards are not READY yet (${FSBP}: PENDING) within the time the provider function has; deploy again in a few minutes to apply the disabled controls`);
    expect(virtualClock.elapsedMs()).toBeLessThanOrEqual(FUNCTION_TIMEOUT_MS - RESERVED_MS);
    expect(virtualClock.elapsedMs()).toBeGreaterThan(FUNCTION_TIMEOUT_MS - RESERVED_MS - standardsWait.delayMs);
    expect(securityHub.commandCalls(UpdateStandardsControlCommand)).toHaveLength(0);
  });

  test('the wait is measured against the time Lambda says is left, not a fixed number of attempts', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'PENDING' }));
    const context = { getRemainingTimeInMillis: () => 100_000 };
    await expect(handler({ RequestType: 'Create', ResourceProperties: props({ DisabledControls: [control(FSBP, 'IAM.6')] }) }, context)).rejects.toThrow(/not READY yet/);
    expect(virtualClock.elapsedMs()).toBeLessThanOrEqual(100_000 - RESERVED_MS);
    // One look after enabling the standards, one before each wait, and one after the last wait.
    expect(securityHub.commandCalls(GetEnabledStandardsCommand)).toHaveLength(2 + Math.floor((100_000 - RESERVED_MS) / standardsWait.delayMs));
  });

  test.each(['FAILED', 'INCOMPLETE'])('a standard that is %s fails at once instead of waiting', async (status) => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: status }));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props({ DisabledControls: [control(FSBP, 'IAM.6')] }) })).rejects.toThrow(
      `Security Hub standards could not be enabled (${FSBP}: ${status}); see the Security Hub console for the reason, then deploy again`);
    expect(securityHub.commandCalls(GetEnabledStandardsCommand)).toHaveLength(2);
  });

  const both = () => props({ StandardsArns: [FSBP, CIS], DisabledControls: [control(FSBP, 'IAM.6'), control(CIS, '1.14')] });

  test('several standards not ready: the error names each one with its status (and reason, where AWS gives one)', async () => {
    const standards = enabled({ [FSBP]: 'FAILED', [CIS]: 'INCOMPLETE' });
    standards.StandardsSubscriptions[0].StandardsStatusReason = { StatusReasonCode: 'NO_AVAILABLE_CONFIGURATION_RECORDER' };
    securityHub.on(GetEnabledStandardsCommand).resolves(standards);
    await expect(handler({ RequestType: 'Create', ResourceProperties: both() }))
      .rejects.toThrow(`Security Hub standards could not be enabled (${FSBP}: FAILED NO_AVAILABLE_CONFIGURATION_RECORDER, ${CIS}: INCOMPLETE); `);
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'PENDING', [CIS]: 'PENDING' }));
    await expect(handler({ RequestType: 'Create', ResourceProperties: both() }))
      .rejects.toThrow(`Security Hub standards are not READY yet (${FSBP}: PENDING, ${CIS}: PENDING) within the time`);
  });

  test('access denied on EnableSecurityHub names securityhub:EnableSecurityHub', async () => {
    securityHub.on(DescribeHubCommand).rejects(NOT_SUBSCRIBED);
    securityHub.on(EnableSecurityHubCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(
      /^securityhub:EnableSecurityHub was denied \(AccessDeniedException\)\. The baseline grants it/);
  });

  test('access denied on DescribeHub names securityhub:DescribeHub and enables nothing', async () => {
    securityHub.on(DescribeHubCommand).rejects(awsError('AccessDeniedException'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(/^securityhub:DescribeHub was denied/);
    expect(securityHub.commandCalls(EnableSecurityHubCommand)).toHaveLength(0);
  });

  test('access denied on UpdateStandardsControl names securityhub:UpdateStandardsControl', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY' }));
    securityHub.on(UpdateStandardsControlCommand).rejects(awsError('AccessDeniedException'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props({ DisabledControls: [control(FSBP, 'IAM.6')] }) }))
      .rejects.toThrow(/^securityhub:UpdateStandardsControl was denied/);
  });

  test('another DescribeHub error fails the deployment as it is', async () => {
    securityHub.on(DescribeHubCommand).rejects(awsError('InternalException', 'try later'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toMatchObject({ name: 'InternalException', message: 'try later' });
    expect(securityHub.commandCalls(EnableSecurityHubCommand)).toHaveLength(0);
  });

  test('throttling is retried, then Security Hub is enabled', async () => {
    securityHub.on(DescribeHubCommand)
      .rejectsOnce(awsError('ThrottlingException'))
      .rejectsOnce(awsError('TooManyRequestsException'))
      .rejects(NOT_SUBSCRIBED);
    securityHub.on(EnableSecurityHubCommand).rejectsOnce(awsError('ThrottlingException')).resolves({});
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({ PhysicalResourceId: CREATED, Data: SELF_MANAGED });
    expect(securityHub.commandCalls(DescribeHubCommand)).toHaveLength(3);
    expect(securityHub.commandCalls(EnableSecurityHubCommand)).toHaveLength(2);
  });
});

describe('SecurityHub update', () => {
  function update(physicalResourceId: string, newProps: Record<string, unknown>, oldProps: Record<string, unknown>) {
    return handler({ RequestType: 'Update', PhysicalResourceId: physicalResourceId, ResourceProperties: props(newProps), OldResourceProperties: props(oldProps) });
  }

  test.each([CREATED, ADOPTED])('converges the configuration and keeps the physical id %s', async (physicalResourceId) => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY' }));
    await expect(update(physicalResourceId, {}, {})).resolves.toEqual({ PhysicalResourceId: physicalResourceId, Data: SELF_MANAGED });
    expect(securityHub.commandCalls(UpdateSecurityHubConfigurationCommand).map(c => c.args[0].input)).toEqual([
      { ControlFindingGenerator: 'SECURITY_CONTROL', AutoEnableControls: true },
    ]);
    expect(securityHub.commandCalls(EnableSecurityHubCommand)).toHaveLength(0);
  });

  test('enables a standard added to the list', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY' }));
    await expect(update(CREATED, { StandardsArns: [FSBP, CIS] }, { StandardsArns: [FSBP] }))
      .resolves.toEqual({ PhysicalResourceId: CREATED, Data: SELF_MANAGED });
    expect(securityHub.commandCalls(BatchEnableStandardsCommand).map(c => c.args[0].input)).toEqual([
      { StandardsSubscriptionRequests: [{ StandardsArn: CIS }] },
    ]);
    expect(securityHub.commandCalls(BatchDisableStandardsCommand)).toHaveLength(0);
  });

  test('disables a standard taken out of the list, by its subscription ARN, when the stack created the hub', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY', [CIS]: 'READY' }));
    await expect(update(CREATED, { StandardsArns: [FSBP, NIST] }, { StandardsArns: [FSBP, CIS] }))
      .resolves.toEqual({ PhysicalResourceId: CREATED, Data: SELF_MANAGED });
    expect(securityHub.commandCalls(BatchEnableStandardsCommand).map(c => c.args[0].input)).toEqual([
      { StandardsSubscriptionRequests: [{ StandardsArn: NIST }] },
    ]);
    expect(securityHub.commandCalls(BatchDisableStandardsCommand).map(c => c.args[0].input)).toEqual([
      { StandardsSubscriptionArns: [subscriptionOf(CIS)] },
    ]);
  });

  test('a standard taken out of the list that is no longer enabled is not disabled', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY' }));
    await update(CREATED, { StandardsArns: [FSBP] }, { StandardsArns: [FSBP, CIS] });
    expect(securityHub.commandCalls(BatchDisableStandardsCommand)).toHaveLength(0);
  });

  test('never disables a standard of an adopted hub', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY', [CIS]: 'READY' }));
    await expect(update(ADOPTED, { StandardsArns: [FSBP] }, { StandardsArns: [FSBP, CIS] }))
      .resolves.toEqual({ PhysicalResourceId: ADOPTED, Data: SELF_MANAGED });
    expect(securityHub.commandCalls(BatchDisableStandardsCommand)).toHaveLength(0);
  });

  test('enables again a control taken out of the disabled list and keeps the others disabled', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY' }));
    await expect(update(ADOPTED,
      { DisabledControls: [control(FSBP, 'EC2.10')] },
      { DisabledControls: [control(FSBP, 'IAM.6'), control(FSBP, 'EC2.10')] },
    )).resolves.toEqual({ PhysicalResourceId: ADOPTED, Data: SELF_MANAGED });
    expect(securityHub.commandCalls(UpdateStandardsControlCommand).map(c => c.args[0].input)).toEqual([
      { StandardsControlArn: controlOf(FSBP, 'EC2.10'), ControlStatus: 'DISABLED', DisabledReason: 'EC2.10 is handled elsewhere' },
      { StandardsControlArn: controlOf(FSBP, 'IAM.6'), ControlStatus: 'ENABLED' },
    ]);
  });

  test('a control of a standard taken out of the list is not enabled again', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY', [CIS]: 'READY' }));
    await update(CREATED, { StandardsArns: [FSBP] }, { StandardsArns: [FSBP, CIS], DisabledControls: [control(CIS, '1.4')] });
    expect(securityHub.commandCalls(UpdateStandardsControlCommand)).toHaveLength(0);
  });

  test('a changed reason is applied', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY' }));
    await update(ADOPTED, { DisabledControls: [control(FSBP, 'IAM.6', 'new reason')] }, { DisabledControls: [control(FSBP, 'IAM.6', 'old reason')] });
    expect(securityHub.commandCalls(UpdateStandardsControlCommand).map(c => c.args[0].input)).toEqual([
      { StandardsControlArn: controlOf(FSBP, 'IAM.6'), ControlStatus: 'DISABLED', DisabledReason: 'new reason' },
    ]);
  });

  test('access denied on BatchDisableStandards names securityhub:BatchDisableStandards', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'READY', [CIS]: 'READY' }));
    securityHub.on(BatchDisableStandardsCommand).rejects(awsError('AccessDeniedException'));
    await expect(update(CREATED, { StandardsArns: [FSBP] }, { StandardsArns: [FSBP, CIS] })).rejects.toThrow(/^securityhub:BatchDisableStandards was denied/);
  });
});

describe('SecurityHub delete', () => {
  function remove(physicalResourceId: string, extra: Record<string, unknown> = {}) {
    return handler({ RequestType: 'Delete', PhysicalResourceId: physicalResourceId, ResourceProperties: props(extra) });
  }

  test.each([CREATED, ADOPTED])('leaves Security Hub on by default (%s)', async (physicalResourceId) => {
    await expect(remove(physicalResourceId)).resolves.toBeUndefined();
    expect(securityHub.calls()).toHaveLength(0);
  });

  test('with DisableOnDelete, disables Security Hub the stack enabled', async () => {
    await expect(remove(CREATED, { DisableOnDelete: 'true' })).resolves.toBeUndefined();
    expect(securityHub.commandCalls(DisableSecurityHubCommand).map(c => c.args[0].input)).toEqual([{}]);
  });

  test('with DisableOnDelete, never disables an adopted Security Hub', async () => {
    await remove(ADOPTED, { DisableOnDelete: 'true' });
    expect(securityHub.calls()).toHaveLength(0);
  });

  test('with DisableOnDelete, Security Hub already disabled outside the stack is not disabled again', async () => {
    securityHub.on(DescribeHubCommand).rejects(NOT_SUBSCRIBED);
    await expect(remove(CREATED, { DisableOnDelete: 'true' })).resolves.toBeUndefined();
    expect(securityHub.commandCalls(DisableSecurityHubCommand)).toHaveLength(0);
  });

  test('the delete after a failed create (no ownership in the id) does nothing', async () => {
    await remove('2026/01/01/[$LATEST]abcdef', { DisableOnDelete: 'true' });
    expect(securityHub.calls()).toHaveLength(0);
  });

  test('access denied on DisableSecurityHub names securityhub:DisableSecurityHub', async () => {
    securityHub.on(DisableSecurityHubCommand).rejects(awsError('AccessDeniedException'));
    await expect(remove(CREATED, { DisableOnDelete: 'true' })).rejects.toThrow(/^securityhub:DisableSecurityHub was denied/);
  });
});

describe('SecurityHub in an organization member account', () => {
  beforeEach(() => {
    securityHub.on(GetAdministratorAccountCommand).resolves(MEMBER);
    // What a member gets if it sends the administrator's settings: a regression fails these tests.
    securityHub.on(UpdateSecurityHubConfigurationCommand).rejects(MEMBER_REJECTED);
    securityHub.on(BatchEnableStandardsCommand).rejects(MEMBER_REJECTED);
    securityHub.on(BatchDisableStandardsCommand).rejects(MEMBER_REJECTED);
    securityHub.on(UpdateStandardsControlCommand).rejects(MEMBER_REJECTED);
  });
  const everything = { StandardsArns: [FSBP, CIS], DisabledControls: [control(FSBP, 'IAM.6')] };
  const log = () => jest.spyOn(console, 'log').mockImplementation(() => undefined);

  test('create adopts the hub and leaves configuration, standards and controls to the administrator, and says so', async () => {
    const spy = log();
    await expect(handler({ RequestType: 'Create', ResourceProperties: props(everything) }))
      .resolves.toEqual({ PhysicalResourceId: ADOPTED, Data: LEFT_TO_ADMINISTRATOR });
    expect(sequence()).toEqual(['DescribeHubCommand', 'GetAdministratorAccountCommand']);
    expect(spy).toHaveBeenCalledWith('Security Hub is managed by the administrator account 999999999999: this member account\'s baseline '
      + 'left ControlFindingGenerator, AutoEnableControls, Standards, DisabledControls to it');
    spy.mockRestore();
  });

  test.each([CREATED, ADOPTED])('update (%s) sends nothing the administrator owns', async (physicalResourceId) => {
    const spy = log();
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: physicalResourceId, ResourceProperties: props(everything), OldResourceProperties: props({ StandardsArns: [NIST] }),
    })).resolves.toEqual({ PhysicalResourceId: physicalResourceId, Data: LEFT_TO_ADMINISTRATOR });
    expect(sequence()).toEqual(['GetAdministratorAccountCommand']);
    expect(spy).toHaveBeenCalledWith(expect.stringMatching(/^Security Hub is managed by the administrator account 999999999999: .* left ControlFindingGenerator, /));
    spy.mockRestore();
  });

  test('delete with DisableOnDelete leaves Security Hub on: switching it off is the administrator\'s decision', async () => {
    const spy = log();
    securityHub.on(DisableSecurityHubCommand).rejects(MEMBER_REJECTED);
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: CREATED, ResourceProperties: props({ DisableOnDelete: 'true' }) })).resolves.toBeUndefined();
    expect(securityHub.commandCalls(DisableSecurityHubCommand)).toHaveLength(0);
    expect(spy).toHaveBeenCalledWith('Security Hub is managed by the administrator account 999999999999: this member account\'s baseline left DisableSecurityHub to it');
    spy.mockRestore();
  });

  test('an invitation that was not accepted leaves the account on its own: its baseline converges as usual', async () => {
    securityHub.reset();
    securityHub.on(DescribeHubCommand).resolves({});
    securityHub.on(GetAdministratorAccountCommand).resolves({ Administrator: { AccountId: ADMINISTRATOR, MemberStatus: 'Invited' } });
    securityHub.on(UpdateSecurityHubConfigurationCommand).resolves({});
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({}));
    securityHub.on(BatchEnableStandardsCommand).resolves({});
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({ PhysicalResourceId: ADOPTED, Data: SELF_MANAGED });
    expect(securityHub.commandCalls(UpdateSecurityHubConfigurationCommand)).toHaveLength(1);
  });
});

describe('SecurityHub create that fails after subscribing', () => {
  beforeEach(() => securityHub.on(DescribeHubCommand).rejects(NOT_SUBSCRIBED));

  test('a standard not READY in time: Security Hub is disabled again and the error says so', async () => {
    securityHub.on(GetEnabledStandardsCommand).resolves(enabled({ [FSBP]: 'PENDING' }));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props({ DisabledControls: [control(FSBP, 'IAM.6')] }) })).rejects.toThrow(
      /not READY yet .*\. Undone, so that the next deployment starts afresh: Security Hub \(DisableSecurityHub\)$/);
    expect(securityHub.commandCalls(DisableSecurityHubCommand)).toHaveLength(1);
    expect(sequence().slice(-1)).toEqual(['DisableSecurityHubCommand']);
  });

  test('BatchEnableStandards rejected: Security Hub is disabled again', async () => {
    securityHub.on(BatchEnableStandardsCommand).rejects(awsError('InvalidInputException', 'Invalid StandardsSubscriptionRequest'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: 'Invalid StandardsSubscriptionRequest. Undone, so that the next deployment starts afresh: Security Hub (DisableSecurityHub)',
    });
  });

  test('an undo that fails too: the error says what is still on and what to do', async () => {
    securityHub.on(BatchEnableStandardsCommand).rejects(awsError('InvalidInputException', 'Invalid StandardsSubscriptionRequest'));
    securityHub.on(DisableSecurityHubCommand).rejects(awsError('AccessDeniedException', 'denied by an SCP'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(
      /^Invalid StandardsSubscriptionRequest\. Could NOT be undone, switch it off by hand before deploying again \(or the next deployment adopts it\): Security Hub \(DisableSecurityHub\): securityhub:DisableSecurityHub was denied/);
  });

  test('an adopted hub is never disabled when its convergence fails', async () => {
    securityHub.on(DescribeHubCommand).resolves({});
    securityHub.on(BatchEnableStandardsCommand).rejects(awsError('InvalidInputException', 'Invalid StandardsSubscriptionRequest'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow('Invalid StandardsSubscriptionRequest');
    expect(securityHub.commandCalls(DisableSecurityHubCommand)).toHaveLength(0);
  });
});
