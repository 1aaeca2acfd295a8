import {
  ConfigServiceClient, DeleteConfigurationRecorderCommand, DeleteDeliveryChannelCommand, DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand, PutConfigurationRecorderCommand, PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand, StopConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { trustEveryEvent } from './trust-events';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { handler } from '../../handler/index';

trustEveryEvent();

const config = mockClient(ConfigServiceClient);

const ROLE_ARN = 'arn:aws:iam::111111111111:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';
const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555';

/** What the construct writes; CloudFormation hands every value over as a string. */
function props(extra: Record<string, unknown> = {}) {
  return {
    Kind: 'ConfigRecorder',
    RoleArn: ROLE_ARN,
    IncludeGlobalResourceTypes: 'true',
    RecordingFrequency: 'CONTINUOUS',
    BucketName: 'config-bucket',
    KmsKeyArn: KEY_ARN,
    DeliveryFrequency: 'TwentyFour_Hours',
    DisableOnDelete: 'false',
    ...extra,
  };
}

function recorders(...names: string[]) {
  return { ConfigurationRecorders: names.map(name => ({ name, roleARN: ROLE_ARN })) };
}

function channels(...names: string[]) {
  return { DeliveryChannels: names.map(name => ({ name, s3BucketName: 'other-bucket' })) };
}

/** The commands sent, in order, as recorded by the fakes. */
let sent: string[] = [];
function record(name: string, output: object = {}) {
  return () => {
    sent.push(name);
    return output;
  };
}

function describeRecorders(output: object) {
  config.on(DescribeConfigurationRecordersCommand).callsFake(record('DescribeConfigurationRecorders', output));
}

function describeChannels(output: object) {
  config.on(DescribeDeliveryChannelsCommand).callsFake(record('DescribeDeliveryChannels', output));
}

beforeAll(() => { retryOptions.baseDelayMs = 0; permissionPropagation.windowMs = 0; });
beforeEach(() => {
  sent = [];
  config.reset();
  describeRecorders(recorders());
  describeChannels(channels());
  config.on(PutConfigurationRecorderCommand).callsFake(record('PutConfigurationRecorder'));
  config.on(PutDeliveryChannelCommand).callsFake(record('PutDeliveryChannel'));
  config.on(StartConfigurationRecorderCommand).callsFake(record('StartConfigurationRecorder'));
  config.on(StopConfigurationRecorderCommand).callsFake(record('StopConfigurationRecorder'));
  config.on(DeleteDeliveryChannelCommand).callsFake(record('DeleteDeliveryChannel'));
  config.on(DeleteConfigurationRecorderCommand).callsFake(record('DeleteConfigurationRecorder'));
});

describe('ConfigRecorder create', () => {
  test('where no recorder exists: puts the recorder, then the channel, then starts recording, and owns them', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: 'default:created',
      Data: { RecorderName: 'default', DeliveryChannelName: 'default' },
    });
    expect(config.commandCalls(PutConfigurationRecorderCommand).map(c => c.args[0].input)).toEqual([{
      ConfigurationRecorder: {
        name: 'default',
        roleARN: ROLE_ARN,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
        recordingMode: { recordingFrequency: 'CONTINUOUS' },
      },
    }]);
    expect(config.commandCalls(PutDeliveryChannelCommand).map(c => c.args[0].input)).toEqual([{
      DeliveryChannel: {
        name: 'default',
        s3BucketName: 'config-bucket',
        s3KmsKeyArn: KEY_ARN,
        configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
      },
    }]);
    expect(config.commandCalls(StartConfigurationRecorderCommand).map(c => c.args[0].input)).toEqual([{ ConfigurationRecorderName: 'default' }]);
    expect(sent).toEqual([
      'DescribeConfigurationRecorders', 'DescribeDeliveryChannels',
      'PutConfigurationRecorder', 'PutDeliveryChannel', 'StartConfigurationRecorder',
    ]);
  });

  test('IncludeGlobalResourceTypes \'false\' is sent as the boolean false, with the recording frequency', async () => {
    await handler({ RequestType: 'Create', ResourceProperties: props({ IncludeGlobalResourceTypes: 'false', RecordingFrequency: 'DAILY' }) });
    const { ConfigurationRecorder } = config.commandCalls(PutConfigurationRecorderCommand)[0].args[0].input;
    expect(ConfigurationRecorder!.recordingGroup).toEqual({ allSupported: true, includeGlobalResourceTypes: false });
    expect(ConfigurationRecorder!.recordingMode).toEqual({ recordingFrequency: 'DAILY' });
  });

  test('an empty KmsKeyArn is sent as undefined', async () => {
    await handler({ RequestType: 'Create', ResourceProperties: props({ KmsKeyArn: '' }) });
    const { DeliveryChannel } = config.commandCalls(PutDeliveryChannelCommand)[0].args[0].input;
    expect(DeliveryChannel).toHaveProperty('s3KmsKeyArn', undefined);
  });

  test('a missing KmsKeyArn is sent as undefined', async () => {
    const { KmsKeyArn: _omitted, ...withoutKey } = props();
    await handler({ RequestType: 'Create', ResourceProperties: withoutKey });
    expect(config.commandCalls(PutDeliveryChannelCommand)[0].args[0].input.DeliveryChannel!.s3KmsKeyArn).toBeUndefined();
  });

  test('where a recorder and a channel exist: adopts them under their own names and converges them', async () => {
    describeRecorders(recorders('my-recorder'));
    describeChannels(channels('my-channel'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: 'my-recorder:adopted',
      Data: { RecorderName: 'my-recorder', DeliveryChannelName: 'my-channel' },
    });
    expect(config.commandCalls(PutConfigurationRecorderCommand)[0].args[0].input.ConfigurationRecorder!.name).toBe('my-recorder');
    expect(config.commandCalls(PutDeliveryChannelCommand)[0].args[0].input.DeliveryChannel).toMatchObject({ name: 'my-channel', s3BucketName: 'config-bucket' });
    expect(config.commandCalls(StartConfigurationRecorderCommand)[0].args[0].input).toEqual({ ConfigurationRecorderName: 'my-recorder' });
    expect(sent.slice(2)).toEqual(['PutConfigurationRecorder', 'PutDeliveryChannel', 'StartConfigurationRecorder']);
  });

  test('a service-linked recorder of another AWS service is ignored', async () => {
    describeRecorders({
      ConfigurationRecorders: [{ name: 'AWSConfigurationRecorderForSomeService', servicePrincipal: 'some.amazonaws.com', roleARN: 'arn:x' }],
    });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toMatchObject({ PhysicalResourceId: 'default:created' });
    expect(config.commandCalls(PutConfigurationRecorderCommand)[0].args[0].input.ConfigurationRecorder!.name).toBe('default');
  });

  test('the account\'s own recorder is adopted when a service-linked one is listed first', async () => {
    describeRecorders({
      ConfigurationRecorders: [
        { name: 'AWSConfigurationRecorderForSomeService', servicePrincipal: 'some.amazonaws.com' },
        { name: 'my-recorder', roleARN: ROLE_ARN },
      ],
    });
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toMatchObject({ PhysicalResourceId: 'my-recorder:adopted' });
  });

  test('a channel without a recorder is reused under its name; the recorder is created', async () => {
    describeChannels(channels('my-channel'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: 'default:created',
      Data: { RecorderName: 'default', DeliveryChannelName: 'my-channel' },
    });
  });

  test('InsufficientDeliveryPolicyException from PutDeliveryChannel: recording is not started, the new recorder is deleted again, and the error says so', async () => {
    const message = 'Insufficient delivery policy to s3 bucket: config-bucket, unable to write to bucket, provided s3 key prefix is \'null\'.';
    config.on(PutDeliveryChannelCommand).rejects(awsError('InsufficientDeliveryPolicyException', message));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toMatchObject({
      name: 'InsufficientDeliveryPolicyException',
      message: `${message}. Undone, so that the next deployment starts afresh: the configuration recorder 'default' (DeleteConfigurationRecorder)`,
    });
    expect(config.commandCalls(StartConfigurationRecorderCommand)).toHaveLength(0);
    expect(sent).toEqual(['DescribeConfigurationRecorders', 'DescribeDeliveryChannels', 'PutConfigurationRecorder', 'DeleteConfigurationRecorder']);
    expect(config.commandCalls(DeleteConfigurationRecorderCommand)[0].args[0].input).toEqual({ ConfigurationRecorderName: 'default' });
  });

  test('StartConfigurationRecorder rejected after both were made: the channel, then the recorder, are deleted again', async () => {
    config.on(StartConfigurationRecorderCommand).rejects(awsError('InsufficientPermissionsException', 'cannot assume the role'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(
      'cannot assume the role. Undone, so that the next deployment starts afresh: the delivery channel \'default\' (DeleteDeliveryChannel); '
      + 'the configuration recorder \'default\' (DeleteConfigurationRecorder)');
    expect(sent.slice(-2)).toEqual(['DeleteDeliveryChannel', 'DeleteConfigurationRecorder']);
  });

  test('an existing recorder and channel are never deleted when the Create fails', async () => {
    describeRecorders(recorders('existing'));
    describeChannels(channels('existing-channel'));
    config.on(StartConfigurationRecorderCommand).rejects(awsError('InsufficientPermissionsException', 'cannot assume the role'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(/^cannot assume the role$/);
    expect(config.commandCalls(DeleteDeliveryChannelCommand)).toHaveLength(0);
    expect(config.commandCalls(DeleteConfigurationRecorderCommand)).toHaveLength(0);
  });

  test('an existing recorder with a new channel: only the channel is deleted again', async () => {
    describeRecorders(recorders('existing'));
    config.on(StartConfigurationRecorderCommand).rejects(awsError('InsufficientPermissionsException', 'cannot assume the role'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(/DeleteDeliveryChannel\)$/);
    expect(config.commandCalls(DeleteConfigurationRecorderCommand)).toHaveLength(0);
  });

  test('an undo that fails: the error names what is left and what to do', async () => {
    config.on(PutDeliveryChannelCommand).rejects(awsError('NoSuchBucketException', 'no bucket'));
    config.on(DeleteConfigurationRecorderCommand).rejects(awsError('AccessDeniedException', 'SCP'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(
      /^no bucket\. Could NOT be undone, switch it off by hand before deploying again \(or the next deployment adopts it\): the configuration recorder 'default' \(DeleteConfigurationRecorder\): config:DeleteConfigurationRecorder was denied/);
  });

  test('access denied on PutConfigurationRecorder names config:PutConfigurationRecorder', async () => {
    config.on(PutConfigurationRecorderCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: iam:PassRole'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(
      /^config:PutConfigurationRecorder was denied \(AccessDeniedException\)\. The baseline grants it.*iam:PassRole/);
  });

  test('access denied on DescribeDeliveryChannels names config:DescribeDeliveryChannels', async () => {
    config.on(DescribeDeliveryChannelsCommand).rejects(awsError('AccessDeniedException', 'explicit deny'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).rejects.toThrow(/^config:DescribeDeliveryChannels was denied \(AccessDeniedException\)/);
  });

  test('throttling is retried, then the recorder is created', async () => {
    config.on(DescribeConfigurationRecordersCommand)
      .rejectsOnce(awsError('ThrottlingException'))
      .callsFake(record('DescribeConfigurationRecorders', recorders()));
    config.on(StartConfigurationRecorderCommand).rejectsOnce(awsError('ThrottlingException')).callsFake(record('StartConfigurationRecorder'));
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toMatchObject({ PhysicalResourceId: 'default:created' });
    expect(config.commandCalls(DescribeConfigurationRecordersCommand)).toHaveLength(2);
    expect(config.commandCalls(StartConfigurationRecorderCommand)).toHaveLength(2);
  });
});

describe('ConfigRecorder update', () => {
  test.each([
    ['default:created', 'default'],
    ['my-recorder:adopted', 'my-recorder'],
  ])('converges %s under the name in the physical id, which is kept', async (physicalResourceId, name) => {
    describeChannels(channels('my-channel'));
    await expect(handler({
      RequestType: 'Update',
      PhysicalResourceId: physicalResourceId,
      ResourceProperties: props({ RecordingFrequency: 'DAILY', DeliveryFrequency: 'One_Hour' }),
      OldResourceProperties: props(),
    })).resolves.toEqual({ PhysicalResourceId: physicalResourceId, Data: { RecorderName: name, DeliveryChannelName: 'my-channel' } });
    expect(config.commandCalls(PutConfigurationRecorderCommand)[0].args[0].input.ConfigurationRecorder).toEqual({
      name,
      roleARN: ROLE_ARN,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      recordingMode: { recordingFrequency: 'DAILY' },
    });
    expect(config.commandCalls(PutDeliveryChannelCommand)[0].args[0].input.DeliveryChannel).toEqual({
      name: 'my-channel',
      s3BucketName: 'config-bucket',
      s3KmsKeyArn: KEY_ARN,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'One_Hour' },
    });
    expect(config.commandCalls(StartConfigurationRecorderCommand)[0].args[0].input).toEqual({ ConfigurationRecorderName: name });
    expect(sent).toEqual(['DescribeDeliveryChannels', 'PutConfigurationRecorder', 'PutDeliveryChannel', 'StartConfigurationRecorder']);
  });

  test('a channel deleted outside the stack is put again as default', async () => {
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: 'default:created', ResourceProperties: props(), OldResourceProperties: props(),
    })).resolves.toMatchObject({ Data: { DeliveryChannelName: 'default' } });
  });
});

describe('ConfigRecorder delete', () => {
  function remove(physicalResourceId: string, extra: Record<string, unknown> = {}) {
    return handler({ RequestType: 'Delete', PhysicalResourceId: physicalResourceId, ResourceProperties: props(extra) });
  }

  test.each(['default:created', 'my-recorder:adopted'])('leaves %s recording by default', async (physicalResourceId) => {
    await expect(remove(physicalResourceId)).resolves.toBeUndefined();
    expect(config.calls()).toHaveLength(0);
  });

  test('with DisableOnDelete, stops recording, then deletes the channel, then the recorder the stack created', async () => {
    describeRecorders(recorders('default'));
    describeChannels(channels('default'));
    await expect(remove('default:created', { DisableOnDelete: 'true' })).resolves.toBeUndefined();
    expect(config.commandCalls(StopConfigurationRecorderCommand)[0].args[0].input).toEqual({ ConfigurationRecorderName: 'default' });
    expect(config.commandCalls(DeleteDeliveryChannelCommand)[0].args[0].input).toEqual({ DeliveryChannelName: 'default' });
    expect(config.commandCalls(DeleteConfigurationRecorderCommand)[0].args[0].input).toEqual({ ConfigurationRecorderName: 'default' });
    expect(sent.filter(name => !name.startsWith('Describe'))).toEqual([
      'StopConfigurationRecorder', 'DeleteDeliveryChannel', 'DeleteConfigurationRecorder',
    ]);
  });

  test('with DisableOnDelete, never touches an adopted recorder', async () => {
    await expect(remove('my-recorder:adopted', { DisableOnDelete: 'true' })).resolves.toBeUndefined();
    expect(config.calls()).toHaveLength(0);
  });

  test('with DisableOnDelete, a recorder already deleted outside the stack is not stopped or deleted', async () => {
    describeChannels(channels('default'));
    await expect(remove('default:created', { DisableOnDelete: 'true' })).resolves.toBeUndefined();
    expect(config.commandCalls(StopConfigurationRecorderCommand)).toHaveLength(0);
    expect(config.commandCalls(DeleteConfigurationRecorderCommand)).toHaveLength(0);
    expect(config.commandCalls(DeleteDeliveryChannelCommand)[0].args[0].input).toEqual({ DeliveryChannelName: 'default' });
  });

  test('with DisableOnDelete and no channel left, only the recorder is stopped and deleted', async () => {
    describeRecorders(recorders('default'));
    await remove('default:created', { DisableOnDelete: 'true' });
    expect(sent.filter(name => !name.startsWith('Describe'))).toEqual(['StopConfigurationRecorder', 'DeleteConfigurationRecorder']);
  });

  test('the delete after a failed create (no ownership in the id) does nothing', async () => {
    await remove('2026/01/01/[$LATEST]abcdef', { DisableOnDelete: 'true' });
    expect(config.calls()).toHaveLength(0);
  });

  test('access denied on StopConfigurationRecorder names config:StopConfigurationRecorder', async () => {
    describeRecorders(recorders('default'));
    config.on(StopConfigurationRecorderCommand).rejects(awsError('AccessDeniedException'));
    await expect(remove('default:created', { DisableOnDelete: 'true' })).rejects.toThrow(/^config:StopConfigurationRecorder was denied/);
    expect(config.commandCalls(DeleteConfigurationRecorderCommand)).toHaveLength(0);
  });
});
