import {
  BatchDisableStandardsCommand, BatchEnableStandardsCommand, ControlFindingGenerator, DescribeHubCommand, DisableSecurityHubCommand,
  EnableSecurityHubCommand, GetAdministratorAccountCommand, GetEnabledStandardsCommand, SecurityHubClient, StandardsSubscription,
  UpdateSecurityHubConfigurationCommand, UpdateStandardsControlCommand,
} from '@aws-sdk/client-securityhub';
import { AdministrationData, isActiveRelationship, leftToAdministrator, selfManaged } from './administered';
import { awsCall, awsCallAll, clientConfig, errorName } from './aws-call';
import { sleepWithinDeadline } from './deadline';
import { createdByStack, Ownership, ownedPhysicalId } from './ownership';
import { asBoolean, asStringList, Delivered, PreviousDelivered, ResourceHandler, ResourceResult } from './types';
import { undoAndFail } from './undo';

/**
 * How often to look whether a new standard left PENDING before its controls can be changed. The
 * wait itself lasts until the invocation's deadline (see deadline.ts), not a number of attempts.
 */
export const standardsWait = { delayMs: 10_000 };

/**
 * What a member account leaves to its Security Hub administrator. `ControlFindingGenerator` and
 * `AutoEnableControls` "can only be updated in the administrator account" (UpdateSecurityHubConfiguration,
 * Security Hub API reference). Standards and controls belong to the administrator under central
 * configuration, and a member cannot find out whether central configuration applies to it:
 * DescribeOrganizationConfiguration and the configuration policy associations answer the delegated
 * administrator only (Security Hub user guide, "Centrally managed versus self-managed targets").
 * So a member's baseline leaves all four to the administrator.
 */
const ADMINISTRATOR_SETTINGS = ['ControlFindingGenerator', 'AutoEnableControls', 'Standards', 'DisabledControls'];

type DisabledControl = Delivered<'SecurityHub'>['DisabledControls'][number];

function disabledControls(props: PreviousDelivered<'SecurityHub'> | undefined): DisabledControl[] {
  return Array.isArray(props?.DisabledControls) ? props!.DisabledControls : [];
}

async function isSubscribed(client: SecurityHubClient): Promise<boolean> {
  try {
    await awsCall('securityhub:DescribeHub', () => client.send(new DescribeHubCommand({})));
    return true;
  } catch (error) {
    // Security Hub answers InvalidAccessException "Account ... is not subscribed to AWS Security Hub".
    if (errorName(error) === 'InvalidAccessException' || errorName(error) === 'ResourceNotFoundException') {
      return false;
    }
    throw error;
  }
}

async function enabledStandards(client: SecurityHubClient): Promise<StandardsSubscription[]> {
  return awsCallAll('securityhub:GetEnabledStandards',
    token => client.send(new GetEnabledStandardsCommand({ NextToken: token })), page => page.StandardsSubscriptions, page => page.NextToken);
}

async function enableStandards(client: SecurityHubClient, wanted: string[]): Promise<void> {
  const enabled = (await enabledStandards(client)).map(s => s.StandardsArn);
  const missing = wanted.filter(arn => !enabled.includes(arn));
  if (missing.length > 0) {
    await awsCall('securityhub:BatchEnableStandards', () => client.send(new BatchEnableStandardsCommand({
      StandardsSubscriptionRequests: missing.map(StandardsArn => ({ StandardsArn })),
    })));
  }
}

async function disableStandards(client: SecurityHubClient, unwanted: string[]): Promise<void> {
  const subscriptionArns = (await enabledStandards(client))
    .filter(s => unwanted.includes(s.StandardsArn!))
    .map(s => s.StandardsSubscriptionArn!);
  if (subscriptionArns.length > 0) {
    await awsCall('securityhub:BatchDisableStandards', () => client.send(new BatchDisableStandardsCommand({ StandardsSubscriptionArns: subscriptionArns })));
  }
}

/**
 * A new standard's controls exist only once its subscription is READY, which takes a few minutes;
 * the wait ends at the invocation's deadline, leaving time to undo and to answer CloudFormation.
 */
async function waitUntilReady(client: SecurityHubClient, standardsArns: string[]): Promise<void> {
  for (;;) {
    const pending = (await enabledStandards(client))
      .filter(s => standardsArns.includes(s.StandardsArn!) && s.StandardsStatus !== 'READY');
    if (pending.length === 0) {
      return;
    }
    // FAILED and INCOMPLETE do not turn into READY by waiting.
    const broken = pending.filter(s => s.StandardsStatus === 'FAILED' || s.StandardsStatus === 'INCOMPLETE');
    if (broken.length > 0) {
      throw new Error(`Security Hub standards could not be enabled (${broken.map(s =>
        `${s.StandardsArn}: ${s.StandardsStatus} ${s.StandardsStatusReason?.StatusReasonCode ?? ''}`.trim()).join(', ')}); `
        + 'see the Security Hub console for the reason, then deploy again');
    }
    if (!await sleepWithinDeadline(standardsWait.delayMs)) {
      throw new Error(`Security Hub standards are not READY yet (${pending.map(s => `${s.StandardsArn}: ${s.StandardsStatus}`).join(', ')}) `
        + 'within the time the provider function has; deploy again in a few minutes to apply the disabled controls');
    }
  }
}

async function setControls(client: SecurityHubClient, disable: DisabledControl[], enable: string[]): Promise<void> {
  if (disable.length > 0) {
    await waitUntilReady(client, [...new Set(disable.map(c => c.StandardsArn))]);
  }
  for (const control of disable) {
    await awsCall('securityhub:UpdateStandardsControl', () => client.send(new UpdateStandardsControlCommand({
      StandardsControlArn: control.StandardsControlArn, ControlStatus: 'DISABLED', DisabledReason: control.Reason,
    })));
  }
  for (const arn of enable) {
    await awsCall('securityhub:UpdateStandardsControl', () => client.send(new UpdateStandardsControlCommand({
      StandardsControlArn: arn, ControlStatus: 'ENABLED',
    })));
  }
}

function hubSettings(props: Delivered<'SecurityHub'>) {
  return {
    ControlFindingGenerator: props.ControlFindingGenerator as ControlFindingGenerator,
    AutoEnableControls: asBoolean(props.AutoEnableControls),
  };
}

/**
 * The account id of the Security Hub administrator that manages this account, if one does.
 * GetAdministratorAccount answers a member with its administrator, and other accounts with no
 * administrator (Security Hub API reference, GetAdministratorAccount).
 */
export async function administratorOf(client: SecurityHubClient): Promise<string | undefined> {
  const { Administrator: administrator } = await awsCall('securityhub:GetAdministratorAccount', () => client.send(new GetAdministratorAccountCommand({})));
  return isActiveRelationship(administrator?.MemberStatus) ? administrator?.AccountId : undefined;
}

/** Converges what the account owns: hub settings, standards and controls (see `securityHub`). */
async function converge(client: SecurityHubClient, props: Delivered<'SecurityHub'>, oldProps: PreviousDelivered<'SecurityHub'> | undefined, created: boolean): Promise<void> {
  await awsCall('securityhub:UpdateSecurityHubConfiguration', () => client.send(new UpdateSecurityHubConfigurationCommand(hubSettings(props))));
  const wanted = asStringList(props.StandardsArns);
  await enableStandards(client, wanted);
  if (oldProps && created) {
    await disableStandards(client, asStringList(oldProps.StandardsArns).filter(arn => !wanted.includes(arn)));
  }
  const stillDisabled = disabledControls(props).map(c => c.StandardsControlArn);
  const reEnable = disabledControls(oldProps)
    .filter(c => !stillDisabled.includes(c.StandardsControlArn) && wanted.includes(c.StandardsArn))
    .map(c => c.StandardsControlArn);
  await setControls(client, disabledControls(props), reEnable);
}

/** Subscribes the account with the construct's settings, then its standards and controls; a failure switches Security Hub off again. */
async function subscribe(client: SecurityHubClient, props: Delivered<'SecurityHub'>): Promise<void> {
  await awsCall('securityhub:EnableSecurityHub', () => client.send(new EnableSecurityHubCommand({
    EnableDefaultStandards: false, ControlFindingGenerator: props.ControlFindingGenerator as ControlFindingGenerator,
  })));
  try {
    await enableStandards(client, asStringList(props.StandardsArns));
    await setControls(client, disabledControls(props), []);
  } catch (error) {
    // Disabling Security Hub also unsubscribes its standards.
    await undoAndFail(error, [{
      what: 'Security Hub (DisableSecurityHub)',
      run: () => awsCall('securityhub:DisableSecurityHub', () => client.send(new DisableSecurityHubCommand({}))),
    }]);
  }
}

function result(physicalResourceId: string, data: AdministrationData): ResourceResult {
  return { PhysicalResourceId: physicalResourceId, Data: data };
}

/**
 * Security Hub with its standards and disabled controls. Create subscribes the account if it is not
 * (default standards off) or adopts the existing subscription and converges its settings. Standards
 * are added, never removed, unless the stack created the hub; controls taken out of the disabled list
 * are enabled again. A Create that fails after subscribing unsubscribes again. Delete leaves Security
 * Hub on unless DisableOnDelete is set and the stack created it.
 *
 * In a member account (a Security Hub administrator manages it), Create, Update and Delete leave the
 * administrator's settings alone (`ADMINISTRATOR_SETTINGS`), report them in `ManagedBy` and
 * `SkippedSettings`, and Delete leaves Security Hub on: whether a member account runs Security Hub is
 * its administrator's decision (organization members cannot even disassociate themselves; Security
 * Hub user guide, "Disassociating Security Hub CSPM member accounts from your organization").
 */
export const securityHub: ResourceHandler<'SecurityHub'> = {
  async create(props) {
    const client = new SecurityHubClient(clientConfig);
    if (!await isSubscribed(client)) {
      // An account that is not subscribed has no administrator: membership needs Security Hub on.
      await subscribe(client, props);
      return result(ownedPhysicalId(`SecurityHub-${props.AccountId}`, Ownership.CREATED), selfManaged());
    }
    const physicalResourceId = ownedPhysicalId(`SecurityHub-${props.AccountId}`, Ownership.ADOPTED);
    const administrator = await administratorOf(client);
    if (administrator) {
      return result(physicalResourceId, leftToAdministrator('Security Hub', administrator, ADMINISTRATOR_SETTINGS));
    }
    await converge(client, props, undefined, false);
    return result(physicalResourceId, selfManaged());
  },

  async update(props, oldProps, physicalResourceId) {
    const client = new SecurityHubClient(clientConfig);
    const administrator = await administratorOf(client);
    if (administrator) {
      return result(physicalResourceId, leftToAdministrator('Security Hub', administrator, ADMINISTRATOR_SETTINGS));
    }
    await converge(client, props, oldProps, createdByStack(physicalResourceId));
    return result(physicalResourceId, selfManaged());
  },

  async delete(props, physicalResourceId) {
    if (asBoolean(props.DisableOnDelete) && createdByStack(physicalResourceId)) {
      const client = new SecurityHubClient(clientConfig);
      // Switched off outside the stack already: DisableSecurityHub would fail the stack deletion.
      if (!await isSubscribed(client)) {
        return;
      }
      const administrator = await administratorOf(client);
      if (administrator) {
        leftToAdministrator('Security Hub', administrator, ['DisableSecurityHub']);
        return;
      }
      await awsCall('securityhub:DisableSecurityHub', () => client.send(new DisableSecurityHubCommand({})));
    }
  },
};
