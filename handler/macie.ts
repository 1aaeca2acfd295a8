import {
  DisableMacieCommand, EnableMacieCommand, FindingPublishingFrequency, GetAdministratorAccountCommand, GetMacieSessionCommand,
  Macie2Client, UpdateAutomatedDiscoveryConfigurationCommand, UpdateMacieSessionCommand,
} from '@aws-sdk/client-macie2';
import { AdministrationData, isActiveRelationship, isMacieOff, leftToAdministrator, selfManaged } from './administered';
import { awsCall, clientConfig, errorName } from './aws-call';
import { createdByStack, Ownership, ownedPhysicalId } from './ownership';
import { asBoolean, Delivered, PreviousDelivered, ResourceHandler, ResourceResult } from './types';
import { undoAndFail } from './undo';

/**
 * What a member account leaves to its Macie administrator: suspending or re-enabling a member is the
 * administrator's (UpdateMemberSession, Macie API reference), and automated sensitive data discovery
 * can be changed only by "the Macie administrator for an organization or a standalone Macie account"
 * (Macie API reference, Automated Sensitive Data Discovery - Configuration). The publishing frequency
 * is left with them, as GuardDuty's is, so that a member's baseline changes nothing the administrator set.
 */
const ADMINISTRATOR_SETTINGS = ['Status', 'FindingPublishingFrequency', 'AutomatedDiscovery'];

/**
 * Whether Macie is on (enabled or suspended) in this account and Region. Where it is off, Macie
 * answers every call, GetMacieSession included, with AccessDeniedException "Macie is not enabled";
 * only that answer means off, and any other denial is a real one for awsCall to report.
 */
async function isEnabled(client: Macie2Client): Promise<boolean> {
  const session = await awsCall('macie2:GetMacieSession', async () => {
    try {
      return await client.send(new GetMacieSessionCommand({}));
    } catch (error) {
      if (isMacieOff(errorName(error), (error as Error).message)) {
        return undefined;
      }
      throw error;
    }
  });
  return session !== undefined;
}

/** The Macie administrator's account id when one manages this account (GetAdministratorAccount, Macie API reference). */
async function administratorOf(client: Macie2Client): Promise<string | undefined> {
  const { administrator } = await awsCall('macie2:GetAdministratorAccount', () => client.send(new GetAdministratorAccountCommand({})));
  return isActiveRelationship(administrator?.relationshipStatus) ? administrator?.accountId : undefined;
}

async function setAutomatedDiscovery(client: Macie2Client, enabled: boolean): Promise<void> {
  await awsCall('macie2:UpdateAutomatedDiscoveryConfiguration', () => client.send(new UpdateAutomatedDiscoveryConfigurationCommand({
    status: enabled ? 'ENABLED' : 'DISABLED',
  })));
}

function frequency(props: Delivered<'Macie'>): FindingPublishingFrequency {
  return props.FindingPublishingFrequency as FindingPublishingFrequency;
}

/**
 * Converges a Macie the account owns: status ENABLED (resumes a suspended Macie), the frequency, and
 * automated discovery, which is switched off only where the stack switched Macie on or turned it on itself.
 */
async function converge(client: Macie2Client, props: Delivered<'Macie'>, oldProps: PreviousDelivered<'Macie'> | undefined, created: boolean): Promise<void> {
  await awsCall('macie2:UpdateMacieSession', () => client.send(new UpdateMacieSessionCommand({
    status: 'ENABLED', findingPublishingFrequency: frequency(props),
  })));
  if (asBoolean(props.AutomatedDiscovery)) {
    await setAutomatedDiscovery(client, true);
  } else if (created || asBoolean(oldProps?.AutomatedDiscovery)) {
    await setAutomatedDiscovery(client, false);
  }
}

/** Enables Macie with the construct's settings; a failure after enabling disables it again. */
async function enable(client: Macie2Client, props: Delivered<'Macie'>): Promise<void> {
  await awsCall('macie2:EnableMacie', () => client.send(new EnableMacieCommand({ status: 'ENABLED', findingPublishingFrequency: frequency(props) })));
  try {
    // Written either way, so that the account gets what was asked for whatever Macie's default for new accounts is.
    await setAutomatedDiscovery(client, asBoolean(props.AutomatedDiscovery));
  } catch (error) {
    await undoAndFail(error, [{
      what: 'Macie (DisableMacie)',
      run: () => awsCall('macie2:DisableMacie', () => client.send(new DisableMacieCommand({}))),
    }]);
  }
}

function result(physicalResourceId: string, data: AdministrationData): ResourceResult {
  return { PhysicalResourceId: physicalResourceId, Data: data };
}

/**
 * Amazon Macie (Macie.1). Create enables Macie, or adopts it where it is on and converges its
 * settings. Delete leaves Macie on unless DisableOnDelete is set and the stack enabled it. In a member
 * account, `ADMINISTRATOR_SETTINGS` are left alone and reported in `ManagedBy` and `SkippedSettings`,
 * and Macie is never disabled: "a member account can't disable Macie" while it is associated with its
 * administrator (Macie user guide, "Suspending or disabling Macie").
 */
export const macie: ResourceHandler<'Macie'> = {
  async create(props) {
    const client = new Macie2Client(clientConfig);
    const physicalId = (ownership: Ownership) => ownedPhysicalId(`Macie-${props.AccountId}`, ownership);
    if (!await isEnabled(client)) {
      // An account whose Macie is off has no administrator: membership needs Macie on.
      await enable(client, props);
      return result(physicalId(Ownership.CREATED), selfManaged());
    }
    const administrator = await administratorOf(client);
    if (administrator) {
      return result(physicalId(Ownership.ADOPTED), leftToAdministrator('Macie', administrator, ADMINISTRATOR_SETTINGS));
    }
    await converge(client, props, undefined, false);
    return result(physicalId(Ownership.ADOPTED), selfManaged());
  },

  async update(props, oldProps, physicalResourceId) {
    const client = new Macie2Client(clientConfig);
    // Disabled outside the stack since: enabled again, and still owned as before.
    if (!await isEnabled(client)) {
      await enable(client, props);
      return result(physicalResourceId, selfManaged());
    }
    const administrator = await administratorOf(client);
    if (administrator) {
      return result(physicalResourceId, leftToAdministrator('Macie', administrator, ADMINISTRATOR_SETTINGS));
    }
    await converge(client, props, oldProps, createdByStack(physicalResourceId));
    return result(physicalResourceId, selfManaged());
  },

  async delete(props, physicalResourceId) {
    if (!(asBoolean(props.DisableOnDelete) && createdByStack(physicalResourceId))) {
      return;
    }
    const client = new Macie2Client(clientConfig);
    // Disabled outside the stack already: DisableMacie would fail the stack deletion.
    if (!await isEnabled(client)) {
      return;
    }
    const administrator = await administratorOf(client);
    if (administrator) {
      leftToAdministrator('Macie', administrator, ['DisableMacie']);
      return;
    }
    await awsCall('macie2:DisableMacie', () => client.send(new DisableMacieCommand({})));
  },
};
