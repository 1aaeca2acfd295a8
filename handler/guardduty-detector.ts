import {
  CreateDetectorCommand, DeleteDetectorCommand, DetectorFeatureConfiguration, FindingPublishingFrequency, GetAdministratorAccountCommand,
  GuardDutyClient, ListDetectorsCommand, UpdateDetectorCommand,
} from '@aws-sdk/client-guardduty';
import { AdministrationData, isActiveRelationship, leftToAdministrator, selfManaged } from './administered';
import { awsCall, awsCallAll, clientConfig } from './aws-call';
import { createdByStack, Ownership, ownedName, ownedPhysicalId } from './ownership';
import { asBoolean, Delivered, PreviousDelivered, ResourceHandler, ResourceResult } from './types';

/**
 * The construct writes each feature as { Name, Status, AdditionalConfiguration?: [{ Name, Status }] },
 * which is also the SDK's shape; only the values are checked and copied (all strings already).
 */
function features(value: unknown): DetectorFeatureConfiguration[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.map((feature: any) => ({
    Name: String(feature.Name),
    Status: String(feature.Status),
    ...(Array.isArray(feature.AdditionalConfiguration)
      ? { AdditionalConfiguration: feature.AdditionalConfiguration.map((c: any) => ({ Name: String(c.Name), Status: String(c.Status) })) }
      : {}),
  }) as DetectorFeatureConfiguration);
}

function settings(props: Delivered<'GuardDutyDetector'>) {
  return {
    Enable: true,
    FindingPublishingFrequency: props.FindingPublishingFrequency as FindingPublishingFrequency | undefined,
    Features: features(props.Features),
  };
}

async function existingDetectorIds(client: GuardDutyClient): Promise<string[]> {
  return awsCallAll('guardduty:ListDetectors',
    token => client.send(new ListDetectorsCommand({ NextToken: token })), page => page.DetectorIds, page => page.NextToken);
}

/**
 * A member's detector inherits the findings publishing frequency and the protection plans from its
 * administrator, and UpdateDetector for them is rejected ("member accounts cannot manage specified
 * resources or properties"; GuardDuty user guide, "Managing GuardDuty accounts with AWS Organizations").
 */
const ADMINISTRATOR_SETTINGS = ['FindingPublishingFrequency', 'Features'];

/**
 * The account id of the GuardDuty administrator that manages the detector, if one does.
 * GetAdministratorAccount answers a member with its administrator, and an administrator or a
 * standalone account with no content (GuardDuty API reference, GetAdministratorAccount).
 */
async function administratorOf(client: GuardDutyClient, detectorId: string): Promise<string | undefined> {
  const { Administrator: administrator } = await awsCall('guardduty:GetAdministratorAccount',
    () => client.send(new GetAdministratorAccountCommand({ DetectorId: detectorId })));
  return isActiveRelationship(administrator?.RelationshipStatus) ? administrator?.AccountId : undefined;
}

/** Converges the detector's settings, or, in a member account, leaves them to the administrator. */
async function converge(client: GuardDutyClient, detectorId: string, props: Delivered<'GuardDutyDetector'>): Promise<AdministrationData> {
  const administrator = await administratorOf(client, detectorId);
  if (administrator) {
    return leftToAdministrator('GuardDuty', administrator, ADMINISTRATOR_SETTINGS);
  }
  await awsCall('guardduty:UpdateDetector', () => client.send(new UpdateDetectorCommand({ DetectorId: detectorId, ...settings(props) })));
  return selfManaged();
}

function result(detectorId: string, physicalResourceId: string, administration: AdministrationData): ResourceResult {
  return { PhysicalResourceId: physicalResourceId, Data: { DetectorId: detectorId, ...administration } };
}

/**
 * The regional GuardDuty detector (GuardDuty.1).
 *
 * Create adopts the detector that exists (an account and Region have one at most) and converges
 * its settings, or creates one. Update converges the detector named in the physical id in place:
 * the frequency, and every feature, including those now DISABLED. Delete leaves GuardDuty on unless
 * DisableOnDelete is set and the stack created the detector: an adopted detector is never deleted.
 * In a member account, the frequency and the features are the administrator's (`ADMINISTRATOR_SETTINGS`):
 * they are left alone and reported in `ManagedBy` and `SkippedSettings`, and the detector is not deleted.
 * A new detector is created with the construct's settings: an account without a detector is no member.
 */
export const guardDutyDetector: ResourceHandler<'GuardDutyDetector'> = {
  async create(props: Delivered<'GuardDutyDetector'>) {
    const client = new GuardDutyClient(clientConfig);
    const [existing] = await existingDetectorIds(client);
    if (existing) {
      return result(existing, ownedPhysicalId(existing, Ownership.ADOPTED), await converge(client, existing, props));
    }
    // CreateDetector is the only call that switches GuardDuty on, and the last: a failure leaves nothing to undo.
    const created = await awsCall('guardduty:CreateDetector', () => client.send(new CreateDetectorCommand(settings(props))));
    const detectorId = created.DetectorId!;
    return result(detectorId, ownedPhysicalId(detectorId, Ownership.CREATED), selfManaged());
  },

  async update(props: Delivered<'GuardDutyDetector'>, _oldProps: PreviousDelivered<'GuardDutyDetector'>, physicalResourceId: string) {
    const client = new GuardDutyClient(clientConfig);
    const detectorId = ownedName(physicalResourceId);
    return result(detectorId, physicalResourceId, await converge(client, detectorId, props));
  },

  async delete(props: Delivered<'GuardDutyDetector'>, physicalResourceId: string) {
    if (!(asBoolean(props.DisableOnDelete) && createdByStack(physicalResourceId))) {
      return;
    }
    const client = new GuardDutyClient(clientConfig);
    const detectorId = ownedName(physicalResourceId);
    // Deleted outside the stack already: nothing left to switch off.
    if (!(await existingDetectorIds(client)).includes(detectorId)) {
      return;
    }
    const administrator = await administratorOf(client, detectorId);
    if (administrator) {
      // Only once the administrator removed it from the organization can an account disable GuardDuty
      // itself (GuardDuty user guide, "Deleting member accounts from GuardDuty organization").
      leftToAdministrator('GuardDuty', administrator, ['DeleteDetector']);
    } else {
      await awsCall('guardduty:DeleteDetector', () => client.send(new DeleteDetectorCommand({ DetectorId: detectorId })));
    }
  },
};
