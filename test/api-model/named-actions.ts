/**
 * The IAM action each handler call names (awsCall's first argument) is what its denial tells the
 * user to look for in their service control policies and boundaries, and what request-check.ts
 * decides on. A wrong name sends them to the wrong statement and passes no test of its own, so
 * every call a test makes through awsCall is recorded with the requests it sent, and each request's
 * own action (test/iam/iam-requests.ts, the IAM proof's mapping) must be the one named.
 */
import type { AwsStub } from 'aws-sdk-client-mock';
import type * as AwsCallModule from '../../handler/aws-call';
import { IAM_REQUESTS, RequestEnvironment } from '../iam/iam-requests';

/** One awsCall: the action it named and the stubbed SDK calls it made. */
export interface NamedCall {
  readonly named: string;
  readonly sent: ReadonlyArray<{ readonly args: unknown[]; readonly thisValue: unknown }>;
}

/** Only the actions matter here, not the resources built from this environment. */
const ENV: RequestEnvironment = { partition: 'aws', region: 'eu-west-1', account: '111111111111', organizationId: 'o-test', managementAccount: '222222222222' };

/**
 * aws-call.ts with awsCall and awsCallAll recording each call into `calls`. A call's requests are
 * those the stubs received while it ran up to its first await: every handler sends before awaiting.
 */
export function recordingNamedCalls(actual: typeof AwsCallModule, stubs: AwsStub<any, any, any>[], calls: NamedCall[]): typeof AwsCallModule {
  const recorded = <T>(named: string, call: () => Promise<T>) => (): Promise<T> => {
    const before = stubs.map(stub => stub.send.callCount);
    const result = call();
    calls.push({ named, sent: stubs.flatMap((stub, index) => stub.send.getCalls().slice(before[index] ?? 0)) });
    return result;
  };
  return {
    ...actual,
    awsCall: (named, call, options) => actual.awsCall(named, recorded(named, call), options),
    awsCallAll: (named, page, items, nextToken) => actual.awsCallAll(named, token => recorded(named, () => page(token))(), items, nextToken),
  };
}

/** Each request whose own action is not the one its call named. */
export function misnamedActions(calls: readonly NamedCall[]): string[] {
  const problems = new Set<string>();
  for (const { named, sent } of calls) {
    for (const { args, thisValue } of sent) {
      const command = args[0] as { constructor: { name: string }; input?: Record<string, unknown> };
      const key = `${(thisValue as any)?.config?.serviceId}:${command.constructor.name.replace(/Command$/, '')}`;
      const requests = IAM_REQUESTS[key];
      if (!requests) {
        problems.add(`${key} has no entry in test/iam/iam-requests.ts: add the IAM action(s) it needs`);
        continue;
      }
      const action = requests(command.input ?? {}, ENV)[0]?.action;
      if (action !== named) {
        problems.add(`${key} is the action ${action}, but the handler's call names '${named}'`);
      }
    }
  }
  return [...problems];
}
