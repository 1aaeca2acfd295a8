import {
  ConfigServiceClient, DeleteConfigurationRecorderCommand, DeleteDeliveryChannelCommand, DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand, MaximumExecutionFrequency, PutConfigurationRecorderCommand, PutDeliveryChannelCommand, RecordingFrequency,
  StartConfigurationRecorderCommand, StopConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { awsCall, clientConfig } from './aws-call';
import { createdByStack, Ownership, ownedName, ownedPhysicalId } from './ownership';
import { asBoolean, Delivered, ResourceHandler } from './types';
import { undoAndFail, UndoStep } from './undo';

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

/** What a failed Create made and must take away again: names of things that did not exist before. */
interface Made {
  readonly recorder?: string;
  readonly channel?: string;
}

type Put = 'recorder' | 'channel';

/**
 * Puts the recorder, then the channel (AWS Config needs a recorder before a channel), then starts
 * recording (which needs a channel): the order that a template cannot express without DependsOn.
 * `put` hears of each part as soon as it is in place.
 */
async function converge(
  client: ConfigServiceClient, props: Delivered<'ConfigRecorder'>, recorderName: string, channelName: string, put: (part: Put) => void = () => {},
) {
  await awsCall('config:PutConfigurationRecorder', () => client.send(new PutConfigurationRecorderCommand({
    ConfigurationRecorder: {
      name: recorderName,
      roleARN: props.RoleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: asBoolean(props.IncludeGlobalResourceTypes) },
      recordingMode: { recordingFrequency: props.RecordingFrequency as RecordingFrequency },
    },
  })));
  put('recorder');
  await awsCall('config:PutDeliveryChannel', () => client.send(new PutDeliveryChannelCommand({
    DeliveryChannel: {
      name: channelName,
      s3BucketName: props.BucketName,
      s3KmsKeyArn: props.KmsKeyArn || undefined,
      configSnapshotDeliveryProperties: { deliveryFrequency: props.DeliveryFrequency as MaximumExecutionFrequency },
    },
  })));
  put('channel');
  await awsCall('config:StartConfigurationRecorder', () => client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: recorderName })));
  return { RecorderName: recorderName, DeliveryChannelName: channelName };
}

/**
 * Deletes what a failed Create made. Starting the recorder is the last step, so it never recorded and
 * needs no stop; the channel goes first, in the order the Delete below uses.
 */
function undoSteps(client: ConfigServiceClient, made: Made): UndoStep[] {
  const steps: UndoStep[] = [];
  const { recorder, channel } = made;
  if (channel) {
    steps.push({
      what: `the delivery channel '${channel}' (DeleteDeliveryChannel)`,
      run: () => awsCall('config:DeleteDeliveryChannel', () => client.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: channel }))),
    });
  }
  if (recorder) {
    steps.push({
      what: `the configuration recorder '${recorder}' (DeleteConfigurationRecorder)`,
      run: () => awsCall('config:DeleteConfigurationRecorder', () => client.send(new DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: recorder }))),
    });
  }
  return steps;
}

/**
 * The AWS Config recorder and delivery channel of the region. Create adopts the existing recorder
 * and channel, whatever their names, or makes them; either way it converges their settings and
 * starts recording. Delete leaves them recording unless DisableOnDelete is set and the stack made them.
 */
export const configRecorder: ResourceHandler<'ConfigRecorder'> = {
  async create(props) {
    const client = new ConfigServiceClient(clientConfig);
    const existing = await existingRecorderName(client);
    const recorderName = existing ?? DEFAULT_NAME;
    const existingChannel = await existingChannelName(client);
    const channelName = existingChannel ?? DEFAULT_NAME;
    const put: Put[] = [];
    let data;
    try {
      data = await converge(client, props, recorderName, channelName, part => put.push(part));
    } catch (error) {
      // Only a recorder (and a channel) that this Create made is taken away again.
      const steps = undoSteps(client, {
        recorder: !existing && put.includes('recorder') ? recorderName : undefined,
        channel: !existingChannel && put.includes('channel') ? channelName : undefined,
      });
      return undoAndFail(error, steps);
    }
    return { PhysicalResourceId: ownedPhysicalId(recorderName, existing ? Ownership.ADOPTED : Ownership.CREATED), Data: data };
  },

  async update(props, _oldProps, physicalResourceId) {
    const client = new ConfigServiceClient(clientConfig);
    const channelName = await existingChannelName(client) ?? DEFAULT_NAME;
    const data = await converge(client, props, ownedName(physicalResourceId), channelName);
    return { PhysicalResourceId: physicalResourceId, Data: data };
  },

  async delete(props, physicalResourceId) {
    if (!(asBoolean(props.DisableOnDelete) && createdByStack(physicalResourceId))) {
      return;
    }
    const client = new ConfigServiceClient(clientConfig);
    const recorderName = ownedName(physicalResourceId);
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
