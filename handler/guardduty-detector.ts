import {
  CreateDetectorCommand, DeleteDetectorCommand, DetectorFeatureConfiguration, FindingPublishingFrequency, GuardDutyClient,
  ListDetectorsCommand, UpdateDetectorCommand,
} from '@aws-sdk/client-guardduty';
import { awsCall, clientConfig } from './aws-call';
import { createdByStack, Ownership, ownedPhysicalId } from './ownership';
import { asBoolean, Properties, ResourceHandler, ResourceResult } from './types';

/** The detector id in a physical id written by `ownedPhysicalId` ('abc123:created' -> 'abc123'). */
function detectorIdOf(physicalResourceId: string): string {
  const separator = physicalResourceId.lastIndexOf(':');
  return separator < 0 ? physicalResourceId : physicalResourceId.slice(0, separator);
}

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

function settings(props: Properties) {
  return {
    Enable: true,
    FindingPublishingFrequency: props.FindingPublishingFrequency as FindingPublishingFrequency | undefined,
    Features: features(props.Features),
  };
}

async function existingDetectorIds(client: GuardDutyClient): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall('guardduty:ListDetectors', () => client.send(new ListDetectorsCommand({ NextToken: token })));
    ids.push(...(page.DetectorIds ?? []));
    token = page.NextToken;
  } while (token);
  return ids;
}

async function converge(client: GuardDutyClient, detectorId: string, props: Properties): Promise<void> {
  await awsCall('guardduty:UpdateDetector', () => client.send(new UpdateDetectorCommand({ DetectorId: detectorId, ...settings(props) })));
}

function result(detectorId: string, physicalResourceId: string): ResourceResult {
  return { PhysicalResourceId: physicalResourceId, Data: { DetectorId: detectorId } };
}

/**
 * The regional GuardDuty detector (GuardDuty.1).
 *
 * Create adopts the detector that exists (an account and Region have one at most) and converges
 * its settings, or creates one. Update converges the detector named in the physical id in place:
 * the frequency, and every feature, including those now DISABLED. Delete leaves GuardDuty on unless
 * DisableOnDelete is set and the stack created the detector: an adopted detector is never deleted.
 */
export const guardDutyDetector: ResourceHandler = {
  async create(props: Properties) {
    const client = new GuardDutyClient(clientConfig);
    const [existing] = await existingDetectorIds(client);
    if (existing) {
      await converge(client, existing, props);
      return result(existing, ownedPhysicalId(existing, Ownership.ADOPTED));
    }
    const created = await awsCall('guardduty:CreateDetector', () => client.send(new CreateDetectorCommand(settings(props))));
    const detectorId = created.DetectorId!;
    return result(detectorId, ownedPhysicalId(detectorId, Ownership.CREATED));
  },

  async update(props: Properties, _oldProps: Properties, physicalResourceId: string) {
    const client = new GuardDutyClient(clientConfig);
    const detectorId = detectorIdOf(physicalResourceId);
    await converge(client, detectorId, props);
    return result(detectorId, physicalResourceId);
  },

  async delete(props: Properties, physicalResourceId: string) {
    if (!(asBoolean(props.DisableOnDelete) && createdByStack(physicalResourceId))) {
      return;
    }
    const client = new GuardDutyClient(clientConfig);
    const detectorId = detectorIdOf(physicalResourceId);
    // Deleted outside the stack already: nothing left to switch off.
    if ((await existingDetectorIds(client)).includes(detectorId)) {
      await awsCall('guardduty:DeleteDetector', () => client.send(new DeleteDetectorCommand({ DetectorId: detectorId })));
    }
  },
};
