import { EventEmitter } from 'events';
import type { RequestOptions } from 'https';
import { CostExplorerClient, CreateAnomalyMonitorCommand, GetAnomalyMonitorsCommand } from '@aws-sdk/client-cost-explorer';
import { EC2Client, EnableEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { permissionPropagation } from '../../handler/aws-call';
import { handler, InlineEvent } from '../../handler/inline';

// The module object itself (a namespace import cannot be spied on).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const https: typeof import('https') = require('https');

const ec2 = mockClient(EC2Client);
const ce = mockClient(CostExplorerClient);

interface SentRequest {
  readonly url: string;
  readonly options: RequestOptions;
  readonly body: string;
}

/** Replaces https.request with one that records what is sent and answers with the given status. */
function fakeResponseUrl(statusCode = 200): SentRequest[] {
  const sent: SentRequest[] = [];
  jest.spyOn(https, 'request').mockImplementation(((url: string, options: RequestOptions, callback: (reply: any) => void) => {
    const request = new EventEmitter() as any;
    request.end = (body: string) => {
      sent.push({ url, options, body });
      const reply = new EventEmitter() as any;
      reply.statusCode = statusCode;
      reply.resume = () => setImmediate(() => reply.emit('end'));
      callback(reply);
    };
    return request;
  }) as any);
  return sent;
}

function event(overrides: Partial<InlineEvent> = {}): InlineEvent {
  return {
    RequestType: 'Create',
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/signed?X-Amz-Signature=abc',
    StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Baseline/1',
    RequestId: 'request-1',
    LogicalResourceId: 'EbsEncryption',
    ResourceProperties: { Kind: 'EbsDefaultEncryption' },
    ...overrides,
  };
}

beforeAll(() => { permissionPropagation.windowMs = 0; });
beforeEach(() => {
  ec2.reset();
  ce.reset();
  jest.restoreAllMocks();
});

describe('the inline entry point answers CloudFormation itself', () => {
  test('on success: one PUT of a SUCCESS document to the ResponseURL, signed for an empty Content-Type', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    const sent = fakeResponseUrl();
    await handler(event());
    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe(event().ResponseURL);
    expect(sent[0].options.method).toBe('PUT');
    expect(sent[0].options.headers).toEqual({ 'content-type': '', 'content-length': Buffer.byteLength(sent[0].body) });
    expect(JSON.parse(sent[0].body)).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'EbsDefaultEncryption',
      StackId: event().StackId,
      RequestId: 'request-1',
      LogicalResourceId: 'EbsEncryption',
    });
  });

  test('a kind that answers with Data hands it to CloudFormation: the member template reads the anomaly monitor\'s ARN with GetAtt', async () => {
    const monitorArn = 'arn:aws:ce::111122223333:anomalymonitor/11111111-2222-3333-4444-555555555555';
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [] });
    ce.on(CreateAnomalyMonitorCommand).resolves({ MonitorArn: monitorArn });
    const sent = fakeResponseUrl();
    await handler(event({
      LogicalResourceId: 'AnomalyMonitor',
      ResourceProperties: { Kind: 'AnomalyMonitor', MonitorName: 'Baseline-Monitor', MonitorDimension: 'SERVICE', DisableOnDelete: 'false' },
    }));
    expect(JSON.parse(sent[0].body)).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: `${monitorArn}:created`,
      Data: { MonitorArn: monitorArn },
      StackId: event().StackId,
      RequestId: 'request-1',
      LogicalResourceId: 'AnomalyMonitor',
    });
  });

  test('on failure: a FAILED document with the error as Reason, and the logical id standing in for a physical id', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand).rejects(awsError('InvalidParameterValue', 'no such key'));
    const sent = fakeResponseUrl();
    await handler(event());
    expect(JSON.parse(sent[0].body)).toEqual({
      Status: 'FAILED',
      Reason: 'no such key',
      PhysicalResourceId: 'EbsEncryption',
      StackId: event().StackId,
      RequestId: 'request-1',
      LogicalResourceId: 'EbsEncryption',
    });
  });

  test('a failed Update keeps the physical id, so that CloudFormation does not see a replacement', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand).rejects(awsError('InvalidParameterValue'));
    const sent = fakeResponseUrl();
    await handler(event({ RequestType: 'Update', PhysicalResourceId: 'EbsDefaultEncryption' }));
    expect(JSON.parse(sent[0].body)).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'EbsDefaultEncryption' });
  });

  test('an unknown kind fails with the message naming the kinds served', async () => {
    const sent = fakeResponseUrl();
    await handler(event({ ResourceProperties: { Kind: 'Nope' } }));
    expect(JSON.parse(sent[0].body)).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/^unknown resource kind 'Nope'/) });
  });

  test('a long error message is cut so that the response stays within CloudFormation\'s 4 KB', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand).rejects(awsError('InvalidParameterValue', 'x'.repeat(10_000)));
    const sent = fakeResponseUrl();
    await handler(event());
    expect(JSON.parse(sent[0].body).Reason).toHaveLength(2_000);
    expect(Buffer.byteLength(sent[0].body)).toBeLessThan(4_096);
  });

  test('a response URL that cannot be reached fails the invocation with the connection error', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({});
    jest.spyOn(https, 'request').mockImplementation((() => {
      const request = new EventEmitter() as any;
      request.end = () => setImmediate(() => request.emit('error', Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })));
      return request;
    }) as any);
    await expect(handler(event())).rejects.toThrow('getaddrinfo ENOTFOUND');
  });

  test('a response URL that refuses the answer fails the invocation, so that it is logged and retried', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({});
    fakeResponseUrl(403);
    await expect(handler(event())).rejects.toThrow("CloudFormation's response URL answered HTTP 403");
  });
});
