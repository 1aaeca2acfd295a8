import {
  CreateFindingAggregatorCommand, DeleteFindingAggregatorCommand, ListFindingAggregatorsCommand, SecurityHubClient,
  UpdateFindingAggregatorCommand,
} from '@aws-sdk/client-securityhub';
import { AdministrationData, leftToAdministrator, selfManaged } from './administered';
import { awsCall, clientConfig, errorName } from './aws-call';
import { createdByStack, Ownership, ownedName, ownedPhysicalId } from './ownership';
import { administratorOf } from './security-hub';
import { asStringList, Delivered, ResourceHandler, ResourceResult } from './types';

/** The physical id of a member account's resource, which names no aggregator. */
const ADMINISTERED = 'FindingAggregator-administered';

function result(physicalResourceId: string, arn: string, administration: AdministrationData): ResourceResult {
  return { PhysicalResourceId: physicalResourceId, Data: { FindingAggregatorArn: arn, ...administration } };
}

async function existingAggregatorArn(client: SecurityHubClient): Promise<string | undefined> {
  const { FindingAggregators: aggregators = [] } = await awsCall('securityhub:ListFindingAggregators',
    () => client.send(new ListFindingAggregatorsCommand({})));
  return aggregators[0]?.FindingAggregatorArn;
}

function linking(props: Delivered<'FindingAggregator'>) {
  return { RegionLinkingMode: props.RegionLinkingMode, Regions: asStringList(props.Regions) };
}

async function createOrAdopt(client: SecurityHubClient, props: Delivered<'FindingAggregator'>): Promise<ResourceResult> {
  // "A finding aggregator cannot be created by a member account" (InvalidInputException,
  // Security Hub API reference, CreateFindingAggregator): aggregation is the administrator's.
  const administrator = await administratorOf(client);
  if (administrator) {
    return result(ownedPhysicalId(ADMINISTERED, Ownership.ADOPTED), '', leftToAdministrator('Security Hub', administrator, ['FindingAggregator']));
  }
  // An account has one aggregator at most: one that exists already (in any Region) is adopted as it is.
  const existing = await existingAggregatorArn(client);
  if (existing) {
    console.log(`Security Hub: adopted the account's finding aggregator ${existing} as it is; its Regions are not changed`);
    return result(ownedPhysicalId(existing, Ownership.ADOPTED), existing, selfManaged());
  }
  const created = await awsCall('securityhub:CreateFindingAggregator', () => client.send(new CreateFindingAggregatorCommand(linking(props))));
  const arn = created.FindingAggregatorArn!;
  return result(ownedPhysicalId(arn, Ownership.CREATED), arn, selfManaged());
}

/**
 * The account's Security Hub finding aggregator in the home Region, linking the member Regions.
 *
 * Create makes one where the account may (not in a Security Hub member account, where aggregation is
 * the administrator's) and none exists; an existing aggregator is adopted unchanged. Update converges
 * the linked Regions of an aggregator the stack created, and decides afresh for any other (the
 * account may have left or joined an organization). Delete removes only an aggregator the stack
 * created: findings stay in each Region, and no aggregator is left behind to block the next deployment.
 */
export const findingAggregator: ResourceHandler<'FindingAggregator'> = {
  async create(props) {
    return createOrAdopt(new SecurityHubClient(clientConfig), props);
  },

  async update(props, _oldProps, physicalResourceId) {
    const client = new SecurityHubClient(clientConfig);
    if (!createdByStack(physicalResourceId)) {
      return createOrAdopt(client, props);
    }
    const arn = ownedName(physicalResourceId);
    await awsCall('securityhub:UpdateFindingAggregator', () => client.send(new UpdateFindingAggregatorCommand({
      FindingAggregatorArn: arn, ...linking(props),
    })));
    return result(physicalResourceId, arn, selfManaged());
  },

  async delete(_props, physicalResourceId) {
    if (!createdByStack(physicalResourceId)) {
      return;
    }
    const client = new SecurityHubClient(clientConfig);
    try {
      await awsCall('securityhub:DeleteFindingAggregator', () => client.send(new DeleteFindingAggregatorCommand({
        FindingAggregatorArn: ownedName(physicalResourceId),
      })));
    } catch (error) {
      // Deleted outside the stack already.
      if (errorName(error) !== 'ResourceNotFoundException') {
        throw error;
      }
    }
  },
};
