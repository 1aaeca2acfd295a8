import {
  DisableMacieCommand, EnableMacieCommand, GetAdministratorAccountCommand, GetMacieSessionCommand, Macie2Client,
  UpdateAutomatedDiscoveryConfigurationCommand, UpdateMacieSessionCommand,
} from '@aws-sdk/client-macie2';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { trustEveryEvent } from './trust-events';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { handler } from '../../handler/index';

trustEveryEvent();

const macie = mockClient(Macie2Client);

const props = (extra: Record<string, unknown> = {}) => ({
  Kind: 'Macie', AccountId: '111111111111', FindingPublishingFrequency: 'FIFTEEN_MINUTES', AutomatedDiscovery: 'false', DisableOnDelete: 'false', ...extra,
});
/** What Macie answers every call where it is off (verified behaviour: AccessDeniedException "Macie is not enabled."). */
const NOT_ENABLED = awsError('AccessDeniedException', 'Macie is not enabled.');
const MEMBER = { administrator: { accountId: '999999999999', relationshipStatus: 'Enabled' } } as any;

const discovery = () => macie.commandCalls(UpdateAutomatedDiscoveryConfigurationCommand).map(c => c.args[0].input.status);

beforeAll(() => {
  retryOptions.baseDelayMs = 0;
  permissionPropagation.windowMs = 0;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
beforeEach(() => {
  macie.reset();
  macie.on(GetMacieSessionCommand).resolves({ status: 'ENABLED', findingPublishingFrequency: 'SIX_HOURS' });
  macie.on(GetAdministratorAccountCommand).resolves({});
});

describe('Macie create', () => {
  test('where Macie is off: enables it with the frequency, writes automated discovery off, and owns it', async () => {
    macie.on(GetMacieSessionCommand).rejects(NOT_ENABLED);
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: 'Macie-111111111111:created', Data: { ManagedBy: 'self', SkippedSettings: '' },
    });
    expect(macie.commandCalls(EnableMacieCommand)[0].args[0].input).toEqual({ status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    expect(discovery()).toEqual(['DISABLED']);
  });

  test('where Macie is off, with automatedDiscovery: enables discovery after Macie', async () => {
    macie.on(GetMacieSessionCommand).rejects(NOT_ENABLED);
    await handler({ RequestType: 'Create', ResourceProperties: props({ AutomatedDiscovery: 'true' }) });
    expect(discovery()).toEqual(['ENABLED']);
  });

  test('a failure after enabling Macie disables it again and fails with both', async () => {
    macie.on(GetMacieSessionCommand).rejects(NOT_ENABLED);
    macie.on(UpdateAutomatedDiscoveryConfigurationCommand).rejects(awsError('ValidationException', 'not available'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props({ AutomatedDiscovery: 'true' }) })).rejects.toThrow(
      'not available. Undone, so that the next deployment starts afresh: Macie (DisableMacie)');
    expect(macie.commandCalls(DisableMacieCommand)).toHaveLength(1);
  });

  test('where Macie is on: adopts it, resumes it and converges the frequency, and leaves automated discovery that was not asked for', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: 'Macie-111111111111:adopted', Data: { ManagedBy: 'self', SkippedSettings: '' },
    });
    expect(macie.commandCalls(EnableMacieCommand)).toHaveLength(0);
    expect(macie.commandCalls(UpdateMacieSessionCommand)[0].args[0].input).toEqual({ status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    expect(discovery()).toEqual([]);
  });

  test('where Macie is on and automated discovery is asked for: enables it', async () => {
    await handler({ RequestType: 'Create', ResourceProperties: props({ AutomatedDiscovery: 'true' }) });
    expect(discovery()).toEqual(['ENABLED']);
  });

  test('in a member account: changes nothing the administrator owns, and says so', async () => {
    macie.on(GetAdministratorAccountCommand).resolves(MEMBER);
    await expect(handler({ RequestType: 'Create', ResourceProperties: props({ AutomatedDiscovery: 'true' }) })).resolves.toEqual({
      PhysicalResourceId: 'Macie-111111111111:adopted',
      Data: { ManagedBy: '999999999999', SkippedSettings: 'Status,FindingPublishingFrequency,AutomatedDiscovery' },
    });
    expect(macie.commandCalls(UpdateMacieSessionCommand)).toHaveLength(0);
    expect(discovery()).toEqual([]);
    expect(console.log).toHaveBeenCalledWith('Macie is managed by the administrator account 999999999999: this member account\'s baseline left '
      + 'Status, FindingPublishingFrequency, AutomatedDiscovery to it');
  });

  test('an invitation that was not accepted leaves the account on its own', async () => {
    macie.on(GetAdministratorAccountCommand).resolves({ administrator: { accountId: '999999999999', relationshipStatus: 'Invited' } } as any);
    await handler({ RequestType: 'Create', ResourceProperties: props() });
    expect(macie.commandCalls(UpdateMacieSessionCommand)).toHaveLength(1);
  });

  test('a real denial of GetMacieSession names the action', async () => {
    macie.on(GetMacieSessionCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: macie2:GetMacieSession'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(/^macie2:GetMacieSession was denied \(AccessDeniedException\)/);
    expect(macie.commandCalls(EnableMacieCommand)).toHaveLength(0);
  });
});

describe('Macie update', () => {
  const update = (physical: string, next: Record<string, unknown>, old: Record<string, unknown>) =>
    handler({ RequestType: 'Update', PhysicalResourceId: physical, ResourceProperties: props(next), OldResourceProperties: props(old) });

  test('switches automated discovery off when taken out, where the stack owns Macie', async () => {
    await expect(update('Macie-111111111111:created', {}, { AutomatedDiscovery: 'true' })).resolves.toMatchObject({ PhysicalResourceId: 'Macie-111111111111:created' });
    expect(discovery()).toEqual(['DISABLED']);
  });

  test('switches automated discovery off when taken out of an adopted Macie, since the baseline turned it on', async () => {
    await update('Macie-111111111111:adopted', {}, { AutomatedDiscovery: 'true' });
    expect(discovery()).toEqual(['DISABLED']);
  });

  test('never switches off automated discovery of an adopted Macie that the baseline did not turn on', async () => {
    await update('Macie-111111111111:adopted', { FindingPublishingFrequency: 'ONE_HOUR' }, {});
    expect(discovery()).toEqual([]);
    expect(macie.commandCalls(UpdateMacieSessionCommand)[0].args[0].input.findingPublishingFrequency).toBe('ONE_HOUR');
  });

  test('enables Macie again where it was disabled outside the stack, keeping the physical id', async () => {
    macie.on(GetMacieSessionCommand).rejects(NOT_ENABLED);
    await expect(update('Macie-111111111111:adopted', {}, {})).resolves.toMatchObject({ PhysicalResourceId: 'Macie-111111111111:adopted' });
    expect(macie.commandCalls(EnableMacieCommand)).toHaveLength(1);
  });

  test('in a member account: leaves everything to the administrator', async () => {
    macie.on(GetAdministratorAccountCommand).resolves(MEMBER);
    await expect(update('Macie-111111111111:created', {}, { AutomatedDiscovery: 'true' })).resolves.toMatchObject({ Data: { ManagedBy: '999999999999' } });
    expect(macie.commandCalls(UpdateMacieSessionCommand)).toHaveLength(0);
    expect(discovery()).toEqual([]);
    expect(console.log).toHaveBeenCalledWith(expect.stringMatching(/^Macie is managed by the administrator account 999999999999: .* left Status, /));
  });
});

describe('Macie delete', () => {
  const remove = (physical: string, disableOnDelete: string) =>
    handler({ RequestType: 'Delete', PhysicalResourceId: physical, ResourceProperties: props({ DisableOnDelete: disableOnDelete }) });

  test('leaves Macie on by default', async () => {
    await remove('Macie-111111111111:created', 'false');
    expect(macie.calls()).toHaveLength(0);
  });

  test('disables a Macie the stack enabled when disableOnDelete is set', async () => {
    await remove('Macie-111111111111:created', 'true');
    expect(macie.commandCalls(DisableMacieCommand)).toHaveLength(1);
  });

  test('never disables an adopted Macie', async () => {
    await remove('Macie-111111111111:adopted', 'true');
    expect(macie.calls()).toHaveLength(0);
  });

  test('succeeds where Macie was disabled outside the stack already', async () => {
    macie.on(GetMacieSessionCommand).rejects(NOT_ENABLED);
    await expect(remove('Macie-111111111111:created', 'true')).resolves.toBeUndefined();
    expect(macie.commandCalls(DisableMacieCommand)).toHaveLength(0);
  });

  test('never disables Macie in a member account', async () => {
    macie.on(GetAdministratorAccountCommand).resolves(MEMBER);
    await remove('Macie-111111111111:created', 'true');
    expect(macie.commandCalls(DisableMacieCommand)).toHaveLength(0);
    expect(console.log).toHaveBeenCalledWith('Macie is managed by the administrator account 999999999999: this member account\'s baseline left DisableMacie to it');
  });

  test('a denied DisableMacie (an SCP) fails at once, naming the action', async () => {
    macie.on(DisableMacieCommand).rejects(awsError('AccessDeniedException', 'explicit deny in a service control policy'));
    await expect(remove('Macie-111111111111:created', 'true')).rejects.toThrow(/^macie2:DisableMacie was denied/);
  });
});
