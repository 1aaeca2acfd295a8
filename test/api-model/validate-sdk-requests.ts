/**
 * A jest setup file (setupFilesAfterEnv): every SDK client that a test replaces with
 * aws-sdk-client-mock has the requests it received checked against botocore's model of its
 * service after each test. A request AWS would refuse fails the test that made it, naming the
 * command, the member and the rule, so the handler tests, the IAM proof's walks of every account
 * state and the `verify` tests all check what they send without saying so in each test.
 */
import type { AwsStub } from 'aws-sdk-client-mock';
import { ApiModels, refusedRequests } from './botocore-model';

const stubs: AwsStub<any, any, any>[] = [];

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
});
