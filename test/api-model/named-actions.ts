/**
 * The IAM action each AWS call names is what the user is told to grant: a handler's denial names
 * the action to look for in service control policies and boundaries (awsCall's first argument, which
 * request-check.ts also decides on), and `verify` reports the action an unknown item needs (read's
 * first argument). A wrong name sends the user to the wrong statement and passes every other test,
 * so each call a test makes through awsCall or read is recorded with the requests it sent, and each
 * request's own action must be the one named.
 */
import type { AwsStub } from 'aws-sdk-client-mock';
import type { ApiModels } from './botocore-model';
import type * as ReadModule from '../../cli/read';
import type * as AwsCallModule from '../../handler/aws-call';
import { IAM_REQUESTS, RequestEnvironment } from '../iam/iam-requests';

/** One awsCall or read: the action it named and the stubbed SDK calls it made. */
export interface NamedCall {
  readonly by: 'handler' | 'verify';
  readonly named: string;
  readonly sent: ReadonlyArray<{ readonly args: unknown[]; readonly thisValue: unknown }>;
}

/** Commands whose IAM action is not `<service prefix>:<operation>` (Service Authorization Reference). */
export const ACTION_NAMES: Record<string, string> = {
  // S3 Control's GetPublicAccessBlock is authorized as s3:GetAccountPublicAccessBlock.
  GetPublicAccessBlockCommand: 's3:GetAccountPublicAccessBlock',
  // AWS Budgets authorizes every read of a budget with budgets:ViewBudget.
  DescribeBudgetsCommand: 'budgets:ViewBudget',
  DescribeNotificationsForBudgetCommand: 'budgets:ViewBudget',
};

/** Only the actions matter here, not the resources built from this environment. */
const ENV: RequestEnvironment = { partition: 'aws', region: 'eu-west-1', account: '111111111111', organizationId: 'o-test', managementAccount: '222222222222' };

type Recorder = <T>(named: string, call: () => Promise<T>) => () => Promise<T>;

/** A call's requests are those the stubs received while it ran up to its first await: every call sends before awaiting. */
function recorder(by: NamedCall['by'], stubs: AwsStub<any, any, any>[], calls: NamedCall[]): Recorder {
  return (named, call) => () => {
    const before = stubs.map(stub => stub.send.callCount);
    const result = call();
    calls.push({ by, named, sent: stubs.flatMap((stub, index) => stub.send.getCalls().slice(before[index] ?? 0)) });
    return result;
  };
}

/** handler/aws-call.ts with awsCall and awsCallAll recording each call into `calls`. */
export function recordingAwsCalls(actual: typeof AwsCallModule, stubs: AwsStub<any, any, any>[], calls: NamedCall[]): typeof AwsCallModule {
  const recorded = recorder('handler', stubs, calls);
  return {
    ...actual,
    awsCall: (named, call, options) => actual.awsCall(named, recorded(named, call), options),
    awsCallAll: (named, page, items, nextToken) => actual.awsCallAll(named, token => recorded(named, () => page(token))(), items, nextToken),
  };
}

/** cli/read.ts with read and readAll recording each call into `calls`. */
export function recordingReads(actual: typeof ReadModule, stubs: AwsStub<any, any, any>[], calls: NamedCall[]): typeof ReadModule {
  const recorded = recorder('verify', stubs, calls);
  return {
    ...actual,
    read: (named, call) => actual.read(named, recorded(named, call)),
    readAll: (named, page, items, nextToken, maxPages) =>
      actual.readAll(named, token => recorded(named, () => page(token))(), items, nextToken, maxPages),
  };
}

/**
 * The action of one request: the IAM proof's mapping for the provider's commands (a handler command
 * missing from it is a gap in the proof), else the service's IAM prefix (botocore's signing name)
 * and the operation, but for the commands in ACTION_NAMES.
 */
function actionOf(by: NamedCall['by'], serviceId: string, command: { constructor: { name: string }; input?: Record<string, unknown> }, models: ApiModels): string {
  const operation = command.constructor.name.replace(/Command$/, '');
  const requests = IAM_REQUESTS[`${serviceId}:${operation}`];
  if (requests) {
    return requests(command.input ?? {}, ENV)[0].action;
  }
  if (by === 'handler') {
    throw new Error(`${serviceId}:${operation} has no entry in test/iam/iam-requests.ts: add the IAM action(s) it needs`);
  }
  const { signingName, endpointPrefix } = models.model(serviceId).metadata;
  return ACTION_NAMES[command.constructor.name] ?? `${signingName ?? endpointPrefix}:${operation}`;
}

/** Each request whose own action is not the one its call named. */
export function misnamedActions(calls: readonly NamedCall[], models: ApiModels): string[] {
  const problems = new Set<string>();
  for (const { by, named, sent } of calls) {
    for (const { args, thisValue } of sent) {
      const command = args[0] as { constructor: { name: string }; input?: Record<string, unknown> };
      const serviceId: string = (thisValue as any)?.config?.serviceId;
      try {
        const action = actionOf(by, serviceId, command, models);
        if (action !== named) {
          problems.add(`${serviceId}:${command.constructor.name.replace(/Command$/, '')} is the action ${action}, but the ${by} call names '${named}'`);
        }
      } catch (error) {
        problems.add((error as Error).message);
      }
    }
  }
  return [...problems];
}
