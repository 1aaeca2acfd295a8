import {
  BatchDisableStandardsCommand, BatchEnableStandardsCommand, DescribeHubCommand, DisableSecurityHubCommand,
  EnableSecurityHubCommand, GetEnabledStandardsCommand, SecurityHubClient, StandardsSubscription,
  UpdateSecurityHubConfigurationCommand, UpdateStandardsControlCommand,
} from '@aws-sdk/client-securityhub';
import { awsCall, clientConfig, errorName } from './aws-call';
import { createdByStack, Ownership, ownedPhysicalId } from './ownership';
import { asBoolean, asStringList, Properties, ResourceHandler } from './types';

/** How long to wait for a new standard to leave PENDING before its controls can be changed. */
export const standardsWait = { attempts: 18, delayMs: 10_000 };

interface DisabledControl {
  readonly StandardsArn: string;
  readonly StandardsControlArn: string;
  readonly Reason: string;
}

function disabledControls(props: Properties | undefined): DisabledControl[] {
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
  const subscriptions: StandardsSubscription[] = [];
  let nextToken: string | undefined;
  do {
    const page = await awsCall('securityhub:GetEnabledStandards', () => client.send(new GetEnabledStandardsCommand({ NextToken: nextToken })));
    subscriptions.push(...page.StandardsSubscriptions ?? []);
    nextToken = page.NextToken;
  } while (nextToken);
  return subscriptions;
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

/** A new standard's controls exist only once its subscription is READY, which takes a few minutes. */
async function waitUntilReady(client: SecurityHubClient, standardsArns: string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
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
    if (attempt >= standardsWait.attempts) {
      throw new Error(`Security Hub standards are not READY yet (${pending.map(s => `${s.StandardsArn}: ${s.StandardsStatus}`).join(', ')}); `
        + 'deploy again in a few minutes to apply the disabled controls');
    }
    await new Promise(resolve => setTimeout(resolve, standardsWait.delayMs));
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

function hubSettings(props: Properties) {
  return { ControlFindingGenerator: props.ControlFindingGenerator, AutoEnableControls: asBoolean(props.AutoEnableControls) };
}

/**
 * Security Hub with its standards and disabled controls. Create subscribes the account if it is not
 * (default standards off) or adopts the existing subscription and converges its settings. Standards
 * are added, never removed, unless the stack created the hub; controls taken out of the disabled list
 * are enabled again. Delete leaves Security Hub on unless DisableOnDelete is set and the stack created it.
 */
export const securityHub: ResourceHandler = {
  async create(props) {
    const client = new SecurityHubClient(clientConfig);
    let ownership = Ownership.ADOPTED;
    if (await isSubscribed(client)) {
      await awsCall('securityhub:UpdateSecurityHubConfiguration', () => client.send(new UpdateSecurityHubConfigurationCommand(hubSettings(props))));
    } else {
      await awsCall('securityhub:EnableSecurityHub', () => client.send(new EnableSecurityHubCommand({
        EnableDefaultStandards: false, ControlFindingGenerator: props.ControlFindingGenerator,
      })));
      ownership = Ownership.CREATED;
    }
    await enableStandards(client, asStringList(props.StandardsArns));
    await setControls(client, disabledControls(props), []);
    return { PhysicalResourceId: ownedPhysicalId(`SecurityHub-${props.AccountId}`, ownership) };
  },

  async update(props, oldProps, physicalResourceId) {
    const client = new SecurityHubClient(clientConfig);
    await awsCall('securityhub:UpdateSecurityHubConfiguration', () => client.send(new UpdateSecurityHubConfigurationCommand(hubSettings(props))));
    const wanted = asStringList(props.StandardsArns);
    await enableStandards(client, wanted);
    if (createdByStack(physicalResourceId)) {
      await disableStandards(client, asStringList(oldProps.StandardsArns).filter(arn => !wanted.includes(arn)));
    }
    const stillDisabled = disabledControls(props).map(c => c.StandardsControlArn);
    const reEnable = disabledControls(oldProps)
      .filter(c => !stillDisabled.includes(c.StandardsControlArn) && wanted.includes(c.StandardsArn))
      .map(c => c.StandardsControlArn);
    await setControls(client, disabledControls(props), reEnable);
    return { PhysicalResourceId: physicalResourceId };
  },

  async delete(props, physicalResourceId) {
    if (asBoolean(props.DisableOnDelete) && createdByStack(physicalResourceId)) {
      const client = new SecurityHubClient(clientConfig);
      // Switched off outside the stack already: DisableSecurityHub would fail the stack deletion.
      if (await isSubscribed(client)) {
        await awsCall('securityhub:DisableSecurityHub', () => client.send(new DisableSecurityHubCommand({})));
      }
    }
  },
};
