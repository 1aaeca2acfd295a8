import {
  EnableOrganizationAdminAccountCommand as EnableGuardDutyAdminCommand, GuardDutyClient,
  ListOrganizationAdminAccountsCommand as ListGuardDutyAdminsCommand,
} from '@aws-sdk/client-guardduty';
import {
  EnableAWSServiceAccessCommand, ListAWSServiceAccessForOrganizationCommand, ListDelegatedAdministratorsCommand, OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import {
  EnableOrganizationAdminAccountCommand as EnableSecurityHubAdminCommand, ListOrganizationAdminAccountsCommand as ListSecurityHubAdminsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { trustEveryEvent } from './trust-events';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { handler, HANDLERS } from '../../handler/index';

trustEveryEvent();

const guardDuty = mockClient(GuardDutyClient);
const securityHub = mockClient(SecurityHubClient);
const organizations = mockClient(OrganizationsClient);

const ADMIN = '222222222222';
const OTHER = '333333333333';

const props = (service: string, extra: Record<string, unknown> = {}) => ({ Kind: 'OrganizationAdmin', Service: service, AdminAccountId: ADMIN, ...extra });
const create = (service: string, extra: Record<string, unknown> = {}) => handler({ RequestType: 'Create', ResourceProperties: props(service, extra) });

beforeAll(() => { retryOptions.baseDelayMs = 0; permissionPropagation.windowMs = 0; });
beforeEach(() => {
  guardDuty.reset();
  securityHub.reset();
  organizations.reset();
  guardDuty.on(ListGuardDutyAdminsCommand).resolves({ AdminAccounts: [] });
  guardDuty.on(EnableGuardDutyAdminCommand).resolves({});
  securityHub.on(ListSecurityHubAdminsCommand).resolves({ AdminAccounts: [] });
  securityHub.on(EnableSecurityHubAdminCommand).resolves({});
  organizations.on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: [] });
  organizations.on(EnableAWSServiceAccessCommand).resolves({});
  organizations.on(ListDelegatedAdministratorsCommand).resolves({ DelegatedAdministrators: [] });
  organizations.on(RegisterDelegatedAdministratorCommand).resolves({});
});

describe('OrganizationAdmin: GuardDuty', () => {
  test('designates the account where GuardDuty has no administrator', async () => {
    await expect(create('GuardDuty')).resolves.toEqual({ PhysicalResourceId: `GuardDuty:${ADMIN}`, Data: { AdminAccountId: ADMIN } });
    expect(guardDuty.commandCalls(EnableGuardDutyAdminCommand).map(c => c.args[0].input)).toEqual([{ AdminAccountId: ADMIN }]);
    // GuardDuty enables its trusted access and registers in Organizations itself.
    expect(organizations.calls()).toHaveLength(0);
  });

  test('already the administrator: success without a call that changes anything', async () => {
    guardDuty.on(ListGuardDutyAdminsCommand).resolves({ AdminAccounts: [{ AdminAccountId: ADMIN, AdminStatus: 'ENABLED' }] });
    await expect(create('GuardDuty')).resolves.toEqual({ PhysicalResourceId: `GuardDuty:${ADMIN}`, Data: { AdminAccountId: ADMIN } });
    expect(guardDuty.commandCalls(EnableGuardDutyAdminCommand)).toHaveLength(0);
  });

  test('reads every page of administrators', async () => {
    guardDuty.on(ListGuardDutyAdminsCommand)
      .resolvesOnce({ AdminAccounts: [], NextToken: 'next' })
      .resolvesOnce({ AdminAccounts: [{ AdminAccountId: ADMIN, AdminStatus: 'ENABLED' }] });
    await create('GuardDuty');
    expect(guardDuty.commandCalls(ListGuardDutyAdminsCommand).map(c => c.args[0].input)).toEqual([{ NextToken: undefined }, { NextToken: 'next' }]);
    expect(guardDuty.commandCalls(EnableGuardDutyAdminCommand)).toHaveLength(0);
  });

  test('another account is the administrator: fails, names it and the call that removes it, changes nothing', async () => {
    guardDuty.on(ListGuardDutyAdminsCommand).resolves({ AdminAccounts: [{ AdminAccountId: OTHER, AdminStatus: 'ENABLED' }] });
    await expect(create('GuardDuty')).rejects.toThrow(new Error(
      `GuardDuty: account ${OTHER} is already the delegated administrator, not ${ADMIN}; remove it first (guardduty DisableOrganizationAdminAccount) `
      + `if the administrator is meant to change, or set adminAccountId to ${OTHER}`));
    expect(guardDuty.commandCalls(EnableGuardDutyAdminCommand)).toHaveLength(0);
  });

  test('the account is being removed: fails and says to deploy again later', async () => {
    guardDuty.on(ListGuardDutyAdminsCommand).resolves({ AdminAccounts: [{ AdminAccountId: ADMIN, AdminStatus: 'DISABLE_IN_PROGRESS' }] });
    await expect(create('GuardDuty')).rejects.toThrow(new Error(
      `GuardDuty: account ${ADMIN} is being removed as delegated administrator (DISABLE_IN_PROGRESS); deploy again once the removal has finished`));
  });

  test('designated concurrently (BadRequestException, then listed as ours): success', async () => {
    guardDuty.on(ListGuardDutyAdminsCommand)
      .resolvesOnce({ AdminAccounts: [] })
      .resolves({ AdminAccounts: [{ AdminAccountId: ADMIN, AdminStatus: 'ENABLED' }] });
    guardDuty.on(EnableGuardDutyAdminCommand).rejects(awsError('BadRequestException', 'The request is rejected because the account is already an admin'));
    await expect(create('GuardDuty')).resolves.toEqual({ PhysicalResourceId: `GuardDuty:${ADMIN}`, Data: { AdminAccountId: ADMIN } });
  });

  test('an error that leaves the account undesignated fails with the AWS error', async () => {
    guardDuty.on(EnableGuardDutyAdminCommand).rejects(awsError('BadRequestException', 'The request is rejected because the input account is not a member of the organization'));
    await expect(create('GuardDuty')).rejects.toThrow('The request is rejected because the input account is not a member of the organization');
  });

  test('access denied names the IAM action to grant', async () => {
    guardDuty.on(EnableGuardDutyAdminCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    await expect(create('GuardDuty')).rejects.toThrow(/^guardduty:EnableOrganizationAdminAccount was denied \(AccessDeniedException\)\. The baseline grants it/);
  });

  test('throttling is retried', async () => {
    guardDuty.on(ListGuardDutyAdminsCommand).rejectsOnce(awsError('TooManyRequestsException')).resolves({ AdminAccounts: [] });
    await expect(create('GuardDuty')).resolves.toMatchObject({ PhysicalResourceId: `GuardDuty:${ADMIN}` });
    expect(guardDuty.commandCalls(ListGuardDutyAdminsCommand)).toHaveLength(2);
  });
});

describe('OrganizationAdmin: Security Hub', () => {
  test('designates the account where Security Hub has no administrator', async () => {
    await expect(create('SecurityHub')).resolves.toEqual({ PhysicalResourceId: `SecurityHub:${ADMIN}`, Data: { AdminAccountId: ADMIN } });
    expect(securityHub.commandCalls(EnableSecurityHubAdminCommand).map(c => c.args[0].input)).toEqual([{ AdminAccountId: ADMIN }]);
    expect(organizations.calls()).toHaveLength(0);
  });

  test('already the administrator: success, nothing changed', async () => {
    securityHub.on(ListSecurityHubAdminsCommand).resolves({ AdminAccounts: [{ AccountId: ADMIN, Status: 'ENABLED' }] });
    await expect(create('SecurityHub')).resolves.toMatchObject({ PhysicalResourceId: `SecurityHub:${ADMIN}` });
    expect(securityHub.commandCalls(EnableSecurityHubAdminCommand)).toHaveLength(0);
  });

  test('reads every page of administrators', async () => {
    securityHub.on(ListSecurityHubAdminsCommand)
      .resolvesOnce({ AdminAccounts: [], NextToken: 'next' })
      .resolvesOnce({ AdminAccounts: [{ AccountId: ADMIN, Status: 'ENABLED' }] });
    await create('SecurityHub');
    expect(securityHub.commandCalls(ListSecurityHubAdminsCommand).map(c => c.args[0].input)).toEqual([{ NextToken: undefined }, { NextToken: 'next' }]);
    expect(securityHub.commandCalls(EnableSecurityHubAdminCommand)).toHaveLength(0);
  });

  test('another account is the administrator: fails with the call that removes it', async () => {
    securityHub.on(ListSecurityHubAdminsCommand).resolves({ AdminAccounts: [{ AccountId: OTHER, Status: 'ENABLED' }] });
    await expect(create('SecurityHub')).rejects.toThrow(new Error(
      `SecurityHub: account ${OTHER} is already the delegated administrator, not ${ADMIN}; remove it first (securityhub DisableOrganizationAdminAccount) `
      + `if the administrator is meant to change, or set adminAccountId to ${OTHER}`));
    expect(securityHub.commandCalls(EnableSecurityHubAdminCommand)).toHaveLength(0);
  });

  test('TrustedAccessOnly: enables Security Hub\'s trusted access in Organizations, and nothing else', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: { Kind: 'OrganizationAdmin', Service: 'SecurityHub', TrustedAccessOnly: 'true' } }))
      .resolves.toEqual({ PhysicalResourceId: 'SecurityHub:trusted-access', Data: {} });
    expect(organizations.commandCalls(EnableAWSServiceAccessCommand).map(c => c.args[0].input)).toEqual([{ ServicePrincipal: 'securityhub.amazonaws.com' }]);
    expect(securityHub.calls()).toHaveLength(0);
  });

  test('TrustedAccessOnly where trusted access is already on: no write', async () => {
    organizations.on(ListAWSServiceAccessForOrganizationCommand).resolves({
      EnabledServicePrincipals: [{ ServicePrincipal: 'guardduty.amazonaws.com' }, { ServicePrincipal: 'securityhub.amazonaws.com' }],
    });
    await handler({ RequestType: 'Create', ResourceProperties: { Kind: 'OrganizationAdmin', Service: 'SecurityHub', TrustedAccessOnly: 'true' } });
    expect(organizations.commandCalls(EnableAWSServiceAccessCommand)).toHaveLength(0);
  });

  test('TrustedAccessOnly where only other services have trusted access: enables Security Hub\'s', async () => {
    organizations.on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: [{ ServicePrincipal: 'guardduty.amazonaws.com' }] });
    await handler({ RequestType: 'Create', ResourceProperties: { Kind: 'OrganizationAdmin', Service: 'SecurityHub', TrustedAccessOnly: 'true' } });
    expect(organizations.commandCalls(EnableAWSServiceAccessCommand).map(c => c.args[0].input)).toEqual([{ ServicePrincipal: 'securityhub.amazonaws.com' }]);
  });
});

describe('OrganizationAdmin: IAM Access Analyzer', () => {
  test('enables trusted access, then registers the account for access-analyzer.amazonaws.com', async () => {
    await expect(create('AccessAnalyzer')).resolves.toEqual({ PhysicalResourceId: `AccessAnalyzer:${ADMIN}`, Data: { AdminAccountId: ADMIN } });
    expect(organizations.commandCalls(ListDelegatedAdministratorsCommand)[0].args[0].input).toEqual({ ServicePrincipal: 'access-analyzer.amazonaws.com', NextToken: undefined });
    expect(organizations.commandCalls(EnableAWSServiceAccessCommand).map(c => c.args[0].input)).toEqual([{ ServicePrincipal: 'access-analyzer.amazonaws.com' }]);
    expect(organizations.commandCalls(RegisterDelegatedAdministratorCommand).map(c => c.args[0].input)).toEqual([
      { AccountId: ADMIN, ServicePrincipal: 'access-analyzer.amazonaws.com' },
    ]);
    const order = organizations.calls().map(c => c.args[0].constructor.name);
    expect(order.indexOf('EnableAWSServiceAccessCommand')).toBeLessThan(order.indexOf('RegisterDelegatedAdministratorCommand'));
  });

  test('trusted access already on (on a later page): only registers', async () => {
    organizations.on(ListAWSServiceAccessForOrganizationCommand)
      .resolvesOnce({ EnabledServicePrincipals: [{ ServicePrincipal: 'guardduty.amazonaws.com' }], NextToken: 'next' })
      .resolvesOnce({ EnabledServicePrincipals: [{ ServicePrincipal: 'access-analyzer.amazonaws.com' }] });
    await create('AccessAnalyzer');
    expect(organizations.commandCalls(ListAWSServiceAccessForOrganizationCommand).map(c => c.args[0].input)).toEqual([{ NextToken: undefined }, { NextToken: 'next' }]);
    expect(organizations.commandCalls(EnableAWSServiceAccessCommand)).toHaveLength(0);
    expect(organizations.commandCalls(RegisterDelegatedAdministratorCommand)).toHaveLength(1);
  });

  test('already registered: success, nothing changed', async () => {
    organizations.on(ListDelegatedAdministratorsCommand).resolves({ DelegatedAdministrators: [{ Id: ADMIN, Arn: 'arn', Name: 'Security' }] });
    await expect(create('AccessAnalyzer')).resolves.toMatchObject({ PhysicalResourceId: `AccessAnalyzer:${ADMIN}` });
    expect(organizations.commandCalls(EnableAWSServiceAccessCommand)).toHaveLength(0);
    expect(organizations.commandCalls(RegisterDelegatedAdministratorCommand)).toHaveLength(0);
  });

  test('reads every page of delegated administrators', async () => {
    organizations.on(ListDelegatedAdministratorsCommand)
      .resolvesOnce({ DelegatedAdministrators: [], NextToken: 'next' })
      .resolvesOnce({ DelegatedAdministrators: [{ Id: ADMIN, Arn: 'arn', Name: 'Security' }] });
    await expect(create('AccessAnalyzer')).resolves.toMatchObject({ PhysicalResourceId: `AccessAnalyzer:${ADMIN}` });
    expect(organizations.commandCalls(ListDelegatedAdministratorsCommand).map(c => c.args[0].input.NextToken)).toEqual([undefined, 'next']);
    expect(organizations.commandCalls(RegisterDelegatedAdministratorCommand)).toHaveLength(0);
  });

  test('AccountAlreadyRegisteredException (registered concurrently): success', async () => {
    organizations.on(RegisterDelegatedAdministratorCommand).rejects(awsError('AccountAlreadyRegisteredException',
      'The provided account is already a delegated administrator for your organization.'));
    await expect(create('AccessAnalyzer')).resolves.toMatchObject({ PhysicalResourceId: `AccessAnalyzer:${ADMIN}` });
  });

  test('another account is registered: fails with the call that removes it, registers nothing', async () => {
    organizations.on(ListDelegatedAdministratorsCommand).resolves({ DelegatedAdministrators: [{ Id: OTHER }] });
    await expect(create('AccessAnalyzer')).rejects.toThrow(new Error(
      `AccessAnalyzer: account ${OTHER} is already the delegated administrator, not ${ADMIN}; remove it first (organizations DeregisterDelegatedAdministrator) `
      + `if the administrator is meant to change, or set adminAccountId to ${OTHER}`));
    expect(organizations.commandCalls(RegisterDelegatedAdministratorCommand)).toHaveLength(0);
    expect(organizations.commandCalls(EnableAWSServiceAccessCommand)).toHaveLength(0);
  });

  test('an Organizations error fails with its message', async () => {
    organizations.on(RegisterDelegatedAdministratorCommand).rejects(awsError('AccountNotFoundException', 'We can\'t find an AWS account with the AccountId that you specified'));
    await expect(create('AccessAnalyzer')).rejects.toThrow('We can\'t find an AWS account with the AccountId that you specified');
  });
});

describe('OrganizationAdmin lifecycle', () => {
  test('Update re-runs the designation (idempotent)', async () => {
    guardDuty.on(ListGuardDutyAdminsCommand).resolves({ AdminAccounts: [{ AdminAccountId: ADMIN, AdminStatus: 'ENABLED' }] });
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `GuardDuty:${ADMIN}`, ResourceProperties: props('GuardDuty'), OldResourceProperties: props('GuardDuty'),
    })).resolves.toEqual({ PhysicalResourceId: `GuardDuty:${ADMIN}`, Data: { AdminAccountId: ADMIN } });
    expect(guardDuty.commandCalls(EnableGuardDutyAdminCommand)).toHaveLength(0);
  });

  test('Update to another account while the old one is still designated fails and says how to change it', async () => {
    guardDuty.on(ListGuardDutyAdminsCommand).resolves({ AdminAccounts: [{ AdminAccountId: OTHER, AdminStatus: 'ENABLED' }] });
    await expect(handler({
      RequestType: 'Update',
      PhysicalResourceId: `GuardDuty:${OTHER}`,
      ResourceProperties: props('GuardDuty'),
      OldResourceProperties: props('GuardDuty', { AdminAccountId: OTHER }),
    })).rejects.toThrow(/remove it first \(guardduty DisableOrganizationAdminAccount\)/);
  });

  test.each(['GuardDuty', 'SecurityHub', 'AccessAnalyzer'])('Delete leaves the %s delegation in place and calls nothing', async (service) => {
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: `${service}:${ADMIN}`, ResourceProperties: props(service) })).resolves.toBeUndefined();
    expect([...guardDuty.calls(), ...securityHub.calls(), ...organizations.calls()]).toHaveLength(0);
  });

  test('an unknown service asking for trusted access only fails the same way, before any call', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: { Kind: 'OrganizationAdmin', Service: 'Macie', TrustedAccessOnly: 'true' } }))
      .rejects.toThrow("OrganizationAdmin: unknown Service 'Macie'; expected one of");
    expect(organizations.calls()).toHaveLength(0);
  });

  test('an unknown service fails with the list of services', async () => {
    await expect(create('Macie')).rejects.toThrow(new Error("OrganizationAdmin: unknown Service 'Macie'; expected one of GuardDuty, SecurityHub, AccessAnalyzer"));
  });

  test('is registered with the provider', () => {
    expect(HANDLERS.OrganizationAdmin).toBeDefined();
  });
});

test('a denied ListOrganizationAdminAccounts names guardduty:ListOrganizationAdminAccounts, the action to look for in the policies that override the grant', async () => {
  guardDuty.on(ListGuardDutyAdminsCommand).rejects(awsError('AccessDeniedException', 'explicit deny'));
  await expect(handler({ RequestType: 'Create', ResourceProperties: props('GuardDuty') }))
    .rejects.toThrow('guardduty:ListOrganizationAdminAccounts was denied (AccessDeniedException).');
});
