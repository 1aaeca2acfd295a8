import {
  CreateFindingAggregatorCommand, DeleteFindingAggregatorCommand, GetAdministratorAccountCommand, ListFindingAggregatorsCommand,
  SecurityHubClient, UpdateFindingAggregatorCommand,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { trustEveryEvent } from './trust-events';
import { retryOptions } from '../../handler/aws-call';
import { handler } from '../../handler/index';

trustEveryEvent();

const securityHub = mockClient(SecurityHubClient);

const ARN = 'arn:aws:securityhub:eu-west-1:111111111111:finding-aggregator/123e4567-e89b-12d3-a456-426652340000';
const OTHER_ARN = 'arn:aws:securityhub:us-east-1:111111111111:finding-aggregator/99999999-e89b-12d3-a456-426652340000';
const ADMINISTRATOR = '999999999999';
const SELF_MANAGED = { ManagedBy: 'self', SkippedSettings: '' };

function props(regions: string[] = ['eu-central-1', 'us-east-1']) {
  return { Kind: 'FindingAggregator', RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: regions };
}

beforeAll(() => { retryOptions.baseDelayMs = 0; });
beforeEach(() => {
  securityHub.reset();
  securityHub.on(GetAdministratorAccountCommand).resolves({});
  securityHub.on(ListFindingAggregatorsCommand).resolves({ FindingAggregators: [] });
  securityHub.on(CreateFindingAggregatorCommand).resolves({ FindingAggregatorArn: ARN, FindingAggregationRegion: 'eu-west-1' });
  securityHub.on(UpdateFindingAggregatorCommand).resolves({});
  securityHub.on(DeleteFindingAggregatorCommand).resolves({});
});

describe('FindingAggregator create', () => {
  test('where the account has none: creates one linking the member Regions, and owns it', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: `${ARN}:created`, Data: { FindingAggregatorArn: ARN, ...SELF_MANAGED },
    });
    expect(securityHub.commandCalls(CreateFindingAggregatorCommand)[0].args[0].input).toEqual({
      RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['eu-central-1', 'us-east-1'],
    });
  });

  test('where the account has one (an account has one at most): adopts it unchanged', async () => {
    securityHub.on(ListFindingAggregatorsCommand).resolves({ FindingAggregators: [{ FindingAggregatorArn: OTHER_ARN }] });
    // Never sent: an account has one aggregator at most, so a second Create would fail the deployment.
    securityHub.on(CreateFindingAggregatorCommand).rejects(awsError('LimitExceededException', 'Only one finding aggregator is allowed per account'));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: `${OTHER_ARN}:adopted`, Data: { FindingAggregatorArn: OTHER_ARN, ...SELF_MANAGED },
    });
    expect(securityHub.commandCalls(UpdateFindingAggregatorCommand)).toHaveLength(0);
    expect(log).toHaveBeenCalledWith(`Security Hub: adopted the account's finding aggregator ${OTHER_ARN} as it is; its Regions are not changed`);
    log.mockRestore();
  });

  test('in a Security Hub member account: creates nothing and leaves aggregation to the administrator', async () => {
    securityHub.on(GetAdministratorAccountCommand).resolves({ Administrator: { AccountId: ADMINISTRATOR, MemberStatus: 'Enabled' } });
    securityHub.on(CreateFindingAggregatorCommand).rejects(awsError('InvalidInputException', 'A finding aggregator cannot be created by a member account'));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(handler({ RequestType: 'Create', ResourceProperties: props() })).resolves.toEqual({
      PhysicalResourceId: 'FindingAggregator-administered:adopted',
      Data: { FindingAggregatorArn: '', ManagedBy: ADMINISTRATOR, SkippedSettings: 'FindingAggregator' },
    });
    expect(securityHub.commandCalls(CreateFindingAggregatorCommand)).toHaveLength(0);
    expect(securityHub.commandCalls(ListFindingAggregatorsCommand)).toHaveLength(0);
    expect(log).toHaveBeenCalledWith('Security Hub is managed by the administrator account 999999999999: this member account\'s baseline left FindingAggregator to it');
    log.mockRestore();
  });
});

describe('FindingAggregator update', () => {
  test('converges the Regions of the aggregator the stack created, keeping its id', async () => {
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${ARN}:created`, ResourceProperties: props(['eu-central-1']), OldResourceProperties: props(),
    })).resolves.toEqual({ PhysicalResourceId: `${ARN}:created`, Data: { FindingAggregatorArn: ARN, ...SELF_MANAGED } });
    expect(securityHub.commandCalls(UpdateFindingAggregatorCommand)[0].args[0].input).toEqual({
      FindingAggregatorArn: ARN, RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['eu-central-1'],
    });
  });

  test('never changes an adopted aggregator', async () => {
    securityHub.on(ListFindingAggregatorsCommand).resolves({ FindingAggregators: [{ FindingAggregatorArn: OTHER_ARN }] });
    jest.spyOn(console, 'log').mockImplementationOnce(() => undefined);
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: `${OTHER_ARN}:adopted`, ResourceProperties: props(['eu-central-1']), OldResourceProperties: props(),
    })).resolves.toMatchObject({ PhysicalResourceId: `${OTHER_ARN}:adopted` });
    expect(securityHub.commandCalls(UpdateFindingAggregatorCommand)).toHaveLength(0);
  });

  test('an account that left the organization gets its own aggregator on the next update', async () => {
    await expect(handler({
      RequestType: 'Update', PhysicalResourceId: 'FindingAggregator-administered:adopted', ResourceProperties: props(), OldResourceProperties: props(),
    })).resolves.toMatchObject({ PhysicalResourceId: `${ARN}:created` });
  });
});

describe('FindingAggregator delete', () => {
  test('deletes the aggregator the stack created', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: `${ARN}:created`, ResourceProperties: props() });
    expect(securityHub.commandCalls(DeleteFindingAggregatorCommand)[0].args[0].input).toEqual({ FindingAggregatorArn: ARN });
  });

  test.each([`${OTHER_ARN}:adopted`, 'FindingAggregator-administered:adopted'])('leaves %s alone', async (physicalResourceId) => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: physicalResourceId, ResourceProperties: props() });
    expect(securityHub.calls()).toHaveLength(0);
  });

  test('any other error fails the deletion: only "not found" means the aggregator is already gone', async () => {
    securityHub.on(DeleteFindingAggregatorCommand).rejects(awsError('InvalidInputException', 'The request was rejected because an invalid value was provided'));
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: `${ARN}:created`, ResourceProperties: props() }))
      .rejects.toThrow(/^The request was rejected because an invalid value was provided$/);
  });

  test('an aggregator deleted outside the stack does not fail the deletion', async () => {
    securityHub.on(DeleteFindingAggregatorCommand).rejects(awsError('ResourceNotFoundException'));
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: `${ARN}:created`, ResourceProperties: props() })).resolves.toBeUndefined();
  });
});
