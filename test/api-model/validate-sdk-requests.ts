/**
 * A jest setup file (setupFilesAfterEnv): every SDK client that a test replaces with
 * aws-sdk-client-mock has the requests it received checked against botocore's model of its
 * service after each test. A request AWS would refuse fails the test that made it, naming the
 * command, the member and the rule, so the handler tests, the IAM proof's walks of every account
 * state and the `verify` tests all check what they send without saying so in each test. Each
 * request sent through the handler's awsCall or verify's read must also be the IAM action the call
 * names (named-actions.ts).
 */
import type { AwsStub } from 'aws-sdk-client-mock';
import { ApiModels, refusedRequests } from './botocore-model';
import { misnamedActions, NamedCall, recordingAwsCalls, recordingReads } from './named-actions';

const stubs: AwsStub<any, any, any>[] = [];
const namedCalls: NamedCall[] = [];

jest.mock('aws-sdk-client-mock', () => {
  const actual = jest.requireActual('aws-sdk-client-mock');
  return {
    ...actual,
    mockClient: (...args: Parameters<typeof actual.mockClient>) => {
      const stub = actual.mockClient(...args);
      stubs.push(stub);
      return stub;
    },
  };
});

// The handler's and verify's calls also say which IAM action each one needs (named-actions.ts).
jest.mock('../../handler/aws-call', () => recordingAwsCalls(jest.requireActual('../../handler/aws-call'), stubs, namedCalls));
jest.mock('../../cli/read', () => recordingReads(jest.requireActual('../../cli/read'), stubs, namedCalls));

let models: ApiModels | undefined;
const checked = new WeakSet<object>();

afterEach(() => {
  if (stubs.length === 0) {
    return; // a test without mocked clients needs no models
  }
  models ??= new ApiModels();
  const problems = refusedRequests(stubs, models, checked);
  if (problems.length > 0) {
    throw new Error(`AWS would refuse ${problems.length === 1 ? 'a request' : 'requests'} this test made (botocore's API model):\n  ${problems.join('\n  ')}`);
  }
  const misnamed = misnamedActions(namedCalls.splice(0), models);
  if (misnamed.length > 0) {
    throw new Error(`The wrong IAM action is named for ${misnamed.length === 1 ? 'a call' : 'calls'} this test made:\n  ${misnamed.join('\n  ')}`);
  }
});
