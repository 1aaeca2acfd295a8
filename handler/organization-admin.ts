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
import { awsCall, awsCallAll, clientConfig, errorName } from './aws-call';
import { asBoolean, Delivered, ResourceHandler, ResourceResult } from './types';

/** The services whose delegated administrator this kind designates, and the principal Organizations knows each by. */
const SERVICE_PRINCIPALS: Record<string, string> = {
  GuardDuty: 'guardduty.amazonaws.com',
  SecurityHub: 'securityhub.amazonaws.com',
  AccessAnalyzer: 'access-analyzer.amazonaws.com',
};

/** An administrator as the services list it, whatever each calls the fields. */
interface Admin {
  readonly accountId: string;
  /** ENABLED or DISABLE_IN_PROGRESS for GuardDuty and Security Hub; ACTIVE for Organizations. */
  readonly status: string;
}

/** How one service lists and designates its delegated administrator. */
interface Designation {
  /** The API call a conflicting administrator has to be removed with. */
  readonly removeWith: string;
  list(): Promise<Admin[]>;
  designate(adminAccountId: string): Promise<void>;
}

function guardDuty(): Designation {
  const client = new GuardDutyClient(clientConfig);
  return {
    async list() {
      const admins = await awsCallAll('guardduty:ListOrganizationAdminAccounts',
        token => client.send(new ListGuardDutyAdminsCommand({ NextToken: token })), page => page.AdminAccounts, page => page.NextToken);
      return admins.map(a => ({ accountId: a.AdminAccountId ?? '', status: a.AdminStatus ?? '' }));
    },
    async designate(adminAccountId) {
      // GuardDuty enables its trusted access and registers the delegated administrator in Organizations itself.
      await awsCall('guardduty:EnableOrganizationAdminAccount', () => client.send(new EnableGuardDutyAdminCommand({ AdminAccountId: adminAccountId })));
    },
    removeWith: 'guardduty DisableOrganizationAdminAccount',
  };
}

function securityHub(): Designation {
  const client = new SecurityHubClient(clientConfig);
  return {
    async list() {
      const admins = await awsCallAll('securityhub:ListOrganizationAdminAccounts',
        token => client.send(new ListSecurityHubAdminsCommand({ NextToken: token })), page => page.AdminAccounts, page => page.NextToken);
      return admins.map(a => ({ accountId: a.AccountId ?? '', status: a.Status ?? '' }));
    },
    async designate(adminAccountId) {
      // Security Hub registers the delegated administrator in Organizations itself.
      await awsCall('securityhub:EnableOrganizationAdminAccount', () => client.send(new EnableSecurityHubAdminCommand({ AdminAccountId: adminAccountId })));
    },
    removeWith: 'securityhub DisableOrganizationAdminAccount',
  };
}

async function ensureTrustedAccess(client: OrganizationsClient, servicePrincipal: string): Promise<void> {
  let token: string | undefined;
  do {
    const page = await awsCall('organizations:ListAWSServiceAccessForOrganization',
      () => client.send(new ListAWSServiceAccessForOrganizationCommand({ NextToken: token })));
    if ((page.EnabledServicePrincipals ?? []).some(p => p.ServicePrincipal === servicePrincipal)) {
      return;
    }
    token = page.NextToken;
  } while (token);
  await awsCall('organizations:EnableAWSServiceAccess', () => client.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: servicePrincipal })));
}

/** IAM Access Analyzer has no API of its own for this: Organizations' trusted access and delegated administrator. */
function accessAnalyzer(): Designation {
  const client = new OrganizationsClient(clientConfig);
  const servicePrincipal = SERVICE_PRINCIPALS.AccessAnalyzer;
  return {
    async list() {
      const admins = await awsCallAll('organizations:ListDelegatedAdministrators',
        token => client.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: servicePrincipal, NextToken: token })),
        page => page.DelegatedAdministrators, page => page.NextToken);
      return admins.map(a => ({ accountId: a.Id ?? '', status: 'ENABLED' }));
    },
    async designate(adminAccountId) {
      // The IAM user guide: enable trusted access for IAM Access Analyzer, then register the member account.
      await ensureTrustedAccess(client, servicePrincipal);
      try {
        await awsCall('organizations:RegisterDelegatedAdministrator',
          () => client.send(new RegisterDelegatedAdministratorCommand({ AccountId: adminAccountId, ServicePrincipal: servicePrincipal })));
      } catch (error) {
        // Registered in the meantime (another Region's stack, or by hand): that is the state asked for.
        if (errorName(error) !== 'AccountAlreadyRegisteredException') {
          throw error;
        }
      }
    },
    removeWith: 'organizations DeregisterDelegatedAdministrator',
  };
}

function designationFor(service: string): Designation {
  switch (service) {
    case 'GuardDuty': return guardDuty();
    case 'SecurityHub': return securityHub();
    case 'AccessAnalyzer': return accessAnalyzer();
    default: throw unknownService(service);
  }
}

function unknownService(service: string): Error {
  return new Error(`OrganizationAdmin: unknown Service '${service}'; expected one of ${Object.keys(SERVICE_PRINCIPALS).join(', ')}`);
}

function result(service: string, adminAccountId: string): ResourceResult {
  return { PhysicalResourceId: `${service}:${adminAccountId}`, Data: { AdminAccountId: adminAccountId } };
}

/**
 * Converges on `adminAccountId` being the delegated administrator, or explains why it cannot.
 * Another account already designated is never replaced: replacing a security service's administrator
 * moves (GuardDuty, Security Hub) or disables (Access Analyzer's organization analyzers) what that account
 * manages, so it takes a deliberate call by a person.
 */
async function designate(service: string, adminAccountId: string): Promise<ResourceResult> {
  const designation = designationFor(service);
  const check = async (): Promise<boolean> => {
    const admins = await designation.list();
    const ours = admins.find(a => a.accountId === adminAccountId);
    if (ours && ours.status !== 'DISABLE_IN_PROGRESS') {
      return true;
    }
    if (ours) {
      throw new Error(`${service}: account ${adminAccountId} is being removed as delegated administrator (DISABLE_IN_PROGRESS); deploy again once the removal has finished`);
    }
    const other = admins.find(a => a.accountId !== adminAccountId);
    if (other) {
      throw new Error(`${service}: account ${other.accountId} is already the delegated administrator, not ${adminAccountId}; `
        + `remove it first (${designation.removeWith}) if the administrator is meant to change, or set adminAccountId to ${other.accountId}`);
    }
    return false;
  };

  if (await check()) {
    return result(service, adminAccountId);
  }
  try {
    await designation.designate(adminAccountId);
  } catch (error) {
    // A concurrent deployment (another Region) may have designated it between the check and the call.
    if (await check().catch(() => false)) {
      return result(service, adminAccountId);
    }
    throw error;
  }
  return result(service, adminAccountId);
}

/**
 * The delegated administrator of an organization's security service, designated from the management account.
 *
 * Properties: `Service` (GuardDuty, SecurityHub or AccessAnalyzer), `AdminAccountId`, and optionally
 * `TrustedAccessOnly` ('true': only enable the service's trusted access in Organizations, for
 * `AWS::SecurityHub::DelegatedAdmin`, which needs it first and designates the account itself).
 *
 * Create and update are idempotent: an account that is already the administrator is success. Delete
 * leaves the delegation in place: removing a security baseline's stack must not switch the
 * organization's security administration off.
 */
export const organizationAdmin: ResourceHandler<'OrganizationAdmin'> = {
  async create(props: Delivered<'OrganizationAdmin'>) {
    const service: string = props.Service;
    const principal = SERVICE_PRINCIPALS[service];
    if (!principal) {
      throw unknownService(service);
    }
    if (asBoolean(props.TrustedAccessOnly)) {
      await ensureTrustedAccess(new OrganizationsClient(clientConfig), principal);
      return { PhysicalResourceId: `${service}:trusted-access`, Data: {} };
    }
    // The construct gives the administrator whenever it does not ask for trusted access only.
    return designate(service, props.AdminAccountId!);
  },
};
