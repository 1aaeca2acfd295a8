import {
  ConfigServiceClient, DeleteConfigurationRecorderCommand, DeleteDeliveryChannelCommand, DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand, PutConfigurationRecorderCommand, PutDeliveryChannelCommand, RecordingFrequency,
  StartConfigurationRecorderCommand, StopConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { awsCall, clientConfig } from './aws-call';
import { createdByStack, Ownership, ownedPhysicalId } from './ownership';
import { asBoolean, Properties, ResourceHandler } from './types';

/** AWS Config names the recorder and the channel 'default' when it makes them itself. */
const DEFAULT_NAME = 'default';

async function existingRecorderName(client: ConfigServiceClient): Promise<string | undefined> {
  const { ConfigurationRecorders: recorders = [] } = await awsCall('config:DescribeConfigurationRecorders',
    () => client.send(new DescribeConfigurationRecordersCommand({})));
  // A service-linked recorder belongs to another AWS service and is not the account's own.
  return recorders.find(recorder => !(recorder as { servicePrincipal?: string }).servicePrincipal)?.name;
}

async function existingChannelName(client: ConfigServiceClient): Promise<string | undefined> {
  const { DeliveryChannels: channels = [] } = await awsCall('config:DescribeDeliveryChannels',
    () => client.send(new DescribeDeliveryChannelsCommand({})));
  return channels[0]?.name;
}

/**
 * Puts the recorder, then the channel (AWS Config needs a recorder before a channel), then starts
 * recording (which needs a channel): the order that a template cannot express without DependsOn.
 */
async function converge(client: ConfigServiceClient, props: Properties, recorderName: string, channelName: string) {
  await awsCall('config:PutConfigurationRecorder', () => client.send(new PutConfigurationRecorderCommand({
    ConfigurationRecorder: {
      name: recorderName,
      roleARN: props.RoleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: asBoolean(props.IncludeGlobalResourceTypes) },
      recordingMode: { recordingFrequency: props.RecordingFrequency as RecordingFrequency },
    },
  })));
  await awsCall('config:PutDeliveryChannel', () => client.send(new PutDeliveryChannelCommand({
    DeliveryChannel: {
      name: channelName,
      s3BucketName: props.BucketName,
      s3KmsKeyArn: props.KmsKeyArn || undefined,
      configSnapshotDeliveryProperties: { deliveryFrequency: props.DeliveryFrequency },
    },
  })));
  await awsCall('config:StartConfigurationRecorder', () => client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: recorderName })));
  return { RecorderName: recorderName, DeliveryChannelName: channelName };
}

/** The physical id carries the recorder's name too, since updates and deletes need it. */
function recorderNameOf(physicalResourceId: string): string {
  return physicalResourceId.replace(/:(created|adopted)$/, '');
}

/**
 * The AWS Config recorder and delivery channel of the region. Create adopts the existing recorder
 * and channel, whatever their names, or makes them; either way it converges their settings and
 * starts recording. Delete leaves them recording unless DisableOnDelete is set and the stack made them.
 */
export const configRecorder: ResourceHandler = {
  async create(props) {
    const client = new ConfigServiceClient(clientConfig);
    const existing = await existingRecorderName(client);
    const recorderName = existing ?? DEFAULT_NAME;
    const channelName = await existingChannelName(client) ?? DEFAULT_NAME;
    const data = await converge(client, props, recorderName, channelName);
    return { PhysicalResourceId: ownedPhysicalId(recorderName, existing ? Ownership.ADOPTED : Ownership.CREATED), Data: data };
  },

  async update(props, _oldProps, physicalResourceId) {
    const client = new ConfigServiceClient(clientConfig);
    const channelName = await existingChannelName(client) ?? DEFAULT_NAME;
    const data = await converge(client, props, recorderNameOf(physicalResourceId), channelName);
    return { PhysicalResourceId: physicalResourceId, Data: data };
  },

  async delete(props, physicalResourceId) {
    if (!(asBoolean(props.DisableOnDelete) && createdByStack(physicalResourceId))) {
      return;
    }
    const client = new ConfigServiceClient(clientConfig);
    const recorderName = recorderNameOf(physicalResourceId);
    // A recorder deleted outside the stack would fail the stack deletion with NoSuchConfigurationRecorderException.
    const recorderExists = await existingRecorderName(client) === recorderName;
    if (recorderExists) {
      await awsCall('config:StopConfigurationRecorder', () => client.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: recorderName })));
    }
    const channelName = await existingChannelName(client);
    if (channelName) {
      await awsCall('config:DeleteDeliveryChannel', () => client.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: channelName })));
    }
    if (recorderExists) {
      await awsCall('config:DeleteConfigurationRecorder', () => client.send(new DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: recorderName })));
    }
  },
};
