import {
  BatchGetAccountStatusCommand, DisableCommand, EnableCommand, GetMemberCommand, Inspector2Client, ResourceScanType,
} from '@aws-sdk/client-inspector2';
import { activeInspectorAdministrator, isNotInspectorMember, leftToAdministrator } from './administered';
import { ACCESS_DENIED, awsCall, clientConfig, errorName } from './aws-call';
import { createdByStack, Ownership, ownedPhysicalId } from './ownership';
import { asBoolean, asStringList, Delivered, PreviousDelivered, ResourceHandler, ResourceResult } from './types';
import { undoAndFail } from './undo';

/** The account status field that reports each scan type. */
const STATUS_FIELD: Record<string, 'ec2' | 'ecr' | 'lambda' | 'lambdaCode'> = {
  EC2: 'ec2', ECR: 'ecr', LAMBDA: 'lambda', LAMBDA_CODE: 'lambdaCode',
};

async function enabledTypes(client: Inspector2Client, accountId: string): Promise<string[]> {
  const status = await awsCall('inspector2:BatchGetAccountStatus', () => client.send(new BatchGetAccountStatusCommand({ accountIds: [accountId] })));
  const state = status.accounts?.[0]?.resourceState;
  return Object.entries(STATUS_FIELD)
    .filter(([, field]) => ['ENABLED', 'ENABLING'].includes(state?.[field]?.status ?? ''))
    .map(([type]) => type);
}

async function enable(client: Inspector2Client, accountId: string, types: string[]) {
  if (types.length === 0) {
    return;
  }
  const result = await awsCall('inspector2:Enable', () => client.send(new EnableCommand({
    accountIds: [accountId], resourceTypes: types as ResourceScanType[],
  })));
  const failed = result.failedAccounts ?? [];
  if (failed.length > 0) {
    // Scan types are not offered in every region: name the props that turn them off.
    throw new Error(`Inspector could not enable ${types.join(', ')}: ${failed.map(f => `${f.errorCode}: ${f.errorMessage}`).join('; ')}; `
      + `where a scan type is not offered in this region, turn it off with ${types.map(type => `inspector.${STATUS_FIELD[type]}: false`).join(' or ')}`);
  }
}

/**
 * Disables scan types; true when they are disabled. Disable answers HTTP 200 with the accounts it
 * could not disable in `failedAccounts` (Inspector API reference, Disable): that is a failure, not
 * success. With `refusalIsAnswer`, a refusal (AccessDeniedException, or the account failed with
 * ACCESS_DENIED) answers false instead of failing: see `disableUnlessMember`.
 */
async function disable(client: Inspector2Client, accountId: string, types: string[], refusalIsAnswer = false): Promise<boolean> {
  if (types.length === 0) {
    return true;
  }
  const result = await awsCall('inspector2:Disable', async () => {
    try {
      return await client.send(new DisableCommand({ accountIds: [accountId], resourceTypes: types as ResourceScanType[] }));
    } catch (error) {
      if (refusalIsAnswer && ACCESS_DENIED.has(errorName(error))) {
        return undefined;
      }
      throw error;
    }
  });
  const failed = result?.failedAccounts ?? [];
  if (result === undefined || (refusalIsAnswer && failed.length > 0 && failed.every(f => f.errorCode === 'ACCESS_DENIED'))) {
    return false;
  }
  if (failed.length > 0) {
    throw new Error(`Inspector could not disable ${types.join(', ')}: ${failed.map(f => `${f.errorCode}: ${f.errorMessage}`).join('; ')}`);
  }
  return true;
}

/** `ManagedBy` where GetMember did not answer: an organization's administrator that the account cannot name. */
export const UNNAMED_ADMINISTRATOR = 'organization';

/**
 * Who manages the account's Inspector, from GetMember: the administrator's account id; `null` for an
 * account that is nobody's member (not found), or the administrator itself; `undefined` when GetMember
 * is refused. GetMember "gets member information for your organization" (Inspector API reference): it
 * is the delegated administrator's call, so a member account may be answered AccessDeniedException
 * instead of its own record. A refusal therefore tells nothing: the caller decides by trying.
 */
async function administratorOf(client: Inspector2Client, accountId: string): Promise<string | null | undefined> {
  return awsCall('inspector2:GetMember', async () => {
    try {
      const { member } = await client.send(new GetMemberCommand({ accountId }));
      return activeInspectorAdministrator(member, accountId) ?? null;
    } catch (error) {
      if (isNotInspectorMember(errorName(error))) {
        return null;
      }
      // Refused to a member account, answered here so that it is neither retried nor reported as a missing grant.
      if (ACCESS_DENIED.has(errorName(error))) {
        return undefined;
      }
      throw error;
    }
  });
}

/**
 * Disables scan types, except in a member account: "If your account is a member account in a
 * multi-account environment, you cannot deactivate Amazon Inspector" (Inspector user guide,
 * "Deactivating Amazon Inspector"). There the types are left on and reported. Where GetMember is
 * refused (a member, or a role denied it), Disable is tried; if Disable is refused too, the account is
 * taken for a member: the types stay on and the result says so. Any other failure fails the request.
 */
async function disableUnlessMember(client: Inspector2Client, accountId: string, types: string[]): Promise<Record<string, string> | undefined> {
  if (types.length === 0) {
    return undefined;
  }
  const administrator = await administratorOf(client, accountId);
  if (administrator) {
    return leftToAdministrator('Inspector', administrator, types.map(type => `Disable ${type}`));
  }
  const disabled = await disable(client, accountId, types, administrator === undefined);
  return disabled ? undefined : leftToAdministrator('Inspector', UNNAMED_ADMINISTRATOR, types.map(type => `Disable ${type}`));
}

/**
 * Amazon Inspector scanning (Inspector.1 to .4).
 *
 * Create turns on the requested scan types; if any scan type was already on, Inspector counts as
 * adopted. Update turns on what was added and, only if the stack switched Inspector on, turns off
 * what was taken out of the list. Delete leaves the scans on unless DisableOnDelete is set and the
 * stack switched Inspector on: a scan somebody else enabled is never disabled. A Create that fails
 * after switching Inspector on switches it off again. In a member account nothing is disabled: the
 * result's `ManagedBy` and `SkippedSettings` (and the log) say what was left on.
 */
export const inspector: ResourceHandler<'Inspector'> = {
  async create(props) {
    const client = new Inspector2Client(clientConfig);
    const wanted = asStringList(props.ResourceTypes);
    const before = await enabledTypes(client, props.AccountId);
    try {
      await enable(client, props.AccountId, wanted.filter(type => !before.includes(type)));
    } catch (error) {
      // Enable answers per account and per scan type: a failed account may have some types switched on.
      const switchedOn = before.length > 0 ? [] : await enabledTypes(client, props.AccountId).catch(() => wanted);
      if (switchedOn.length === 0) {
        throw error;
      }
      await undoAndFail(error, [{
        what: `Inspector scans ${switchedOn.join(', ')} (Disable)`,
        run: () => disable(client, props.AccountId, switchedOn),
      }]);
    }
    return { PhysicalResourceId: ownedPhysicalId('Inspector', before.length > 0 ? Ownership.ADOPTED : Ownership.CREATED) };
  },

  async update(props: Delivered<'Inspector'>, oldProps: PreviousDelivered<'Inspector'>, physicalResourceId: string) {
    const client = new Inspector2Client(clientConfig);
    const wanted = asStringList(props.ResourceTypes);
    const before = await enabledTypes(client, props.AccountId);
    await enable(client, props.AccountId, wanted.filter(type => !before.includes(type)));
    if (createdByStack(physicalResourceId)) {
      const removed = asStringList(oldProps.ResourceTypes).filter(type => !wanted.includes(type) && before.includes(type));
      const data = await disableUnlessMember(client, props.AccountId, removed);
      return { PhysicalResourceId: physicalResourceId, ...(data ? { Data: data } : {}) } as ResourceResult;
    }
    return { PhysicalResourceId: physicalResourceId };
  },

  async delete(props: Delivered<'Inspector'>, physicalResourceId: string) {
    if (asBoolean(props.DisableOnDelete) && createdByStack(physicalResourceId)) {
      const client = new Inspector2Client(clientConfig);
      await disableUnlessMember(client, props.AccountId, await enabledTypes(client, props.AccountId));
    }
  },
};
