import {
  AnomalyMonitor, CostExplorerClient, CreateAnomalyMonitorCommand, DeleteAnomalyMonitorCommand, GetAnomalyMonitorsCommand, MonitorDimension,
} from '@aws-sdk/client-cost-explorer';
import { awsCall, awsCallAll, clientConfig, errorName } from './aws-call';
import { createdByStack, Ownership, ownedName, ownedPhysicalId } from './ownership';
import { asBoolean, Delivered, PreviousDelivered, ResourceHandler, ResourceResult } from './types';

/**
 * Cost Explorer answers a second AWS managed monitor of a dimension with this ValidationException: an
 * account has one DIMENSIONAL monitor per dimension at most (Cost Anomaly Detection FAQ: "up to one
 * AWS Service Monitor"; aws-cloudformation/cloudformation-coverage-roadmap issue 2515 has the message).
 */
const MONITOR_LIMIT_MESSAGE = /limit exceeded on dimensional spend monitor/i;

/**
 * Cost Explorer answers every call of an account it is not available to (never enabled in the console,
 * or a member account whose management account has not granted it) with AccessDeniedException "User
 * not enabled for cost explorer access" (seen from GetCostAndUsage and the anomaly APIs alike;
 * aws-samples/aws-cost-explorer-report issue 15, cloudgraphdev/cli issue 91). Cost Explorer cannot be
 * enabled by API, so no retry or grant helps: the error says what does.
 */
const NOT_ENABLED_MESSAGE = /not enabled for cost explorer/i;

export const COST_EXPLORER_NOT_ENABLED = 'Cost Explorer is not enabled for this account, '
  + 'or its organization\'s management account has not granted it to member accounts, '
  + 'so Cost Anomaly Detection cannot create a monitor (it cannot be enabled by API): enable Cost Explorer in the Billing and Cost Management console '
  + '(in an organization, the management account enables it and grants member accounts access), or set costAnomalyDetection.enabled: false '
  + '(SecureBaselineProps) to leave cost anomaly detection out';

/**
 * Sends the call, turning Cost Explorer's "not enabled" answer into an error that says so (and is not
 * an access denial: a denial would be retried while IAM settles and then blamed on a policy).
 */
async function sendChecked<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (NOT_ENABLED_MESSAGE.test((error as Error).message ?? '')) {
      throw Object.assign(new Error(`${COST_EXPLORER_NOT_ENABLED}. AWS said: ${(error as Error).message}`), { name: 'CostExplorerNotEnabled' });
    }
    throw error;
  }
}

function isManagedMonitorOf(dimension: string): (monitor: AnomalyMonitor) => boolean {
  return monitor => monitor.MonitorType === 'DIMENSIONAL' && monitor.MonitorDimension === dimension;
}

/** Every monitor of the account; Cost Explorer pages them with NextPageToken. */
async function allMonitors(client: CostExplorerClient): Promise<AnomalyMonitor[]> {
  return awsCallAll('ce:GetAnomalyMonitors',
    token => sendChecked(() => client.send(new GetAnomalyMonitorsCommand({ NextPageToken: token }))),
    page => page.AnomalyMonitors, page => page.NextPageToken);
}

function result(monitorArn: string, ownership: Ownership): ResourceResult {
  return { PhysicalResourceId: ownedPhysicalId(monitorArn, ownership), Data: { MonitorArn: monitorArn } };
}

async function adoptExisting(client: CostExplorerClient, dimension: string): Promise<ResourceResult | undefined> {
  const existing = (await allMonitors(client)).find(isManagedMonitorOf(dimension));
  return existing ? result(existing.MonitorArn!, Ownership.ADOPTED) : undefined;
}

async function createOrAdopt(client: CostExplorerClient, props: Delivered<'AnomalyMonitor'>): Promise<ResourceResult> {
  const dimension: string = props.MonitorDimension;
  const adopted = await adoptExisting(client, dimension);
  if (adopted) {
    return adopted;
  }
  try {
    const created = await awsCall('ce:CreateAnomalyMonitor', () => sendChecked(() => client.send(new CreateAnomalyMonitorCommand({
      AnomalyMonitor: { MonitorName: props.MonitorName, MonitorType: 'DIMENSIONAL', MonitorDimension: dimension as MonitorDimension },
    }))));
    return result(created.MonitorArn!, Ownership.CREATED);
  } catch (error) {
    // Created by someone else between the list and the create (the console, or AWS's own default
    // monitor of a new account): adopt that one.
    if (MONITOR_LIMIT_MESSAGE.test((error as Error).message ?? '')) {
      const raced = await adoptExisting(client, dimension);
      if (raced) {
        return raced;
      }
    }
    throw error;
  }
}

/**
 * An AWS managed monitor of AWS Cost Anomaly Detection: a DIMENSIONAL monitor of MonitorDimension
 * (SERVICE for the AWS services monitor, LINKED_ACCOUNT for every account of an organization), of
 * which an account has one per dimension at most; AWS sets up an AWS services monitor by itself in
 * many accounts. Create adopts the one that exists, whatever its name, or creates one named MonitorName.
 * Update keeps the monitor in the physical id while it exists, and otherwise creates or adopts
 * again. Delete removes the monitor only when DisableOnDelete is set and the stack created it.
 *
 * Cost Explorer is global: its endpoint serves every Region's stack, and the SDK resolves it from
 * the partition (ce.us-east-1.amazonaws.com in the aws partition).
 */
export const anomalyMonitor: ResourceHandler<'AnomalyMonitor'> = {
  async create(props: Delivered<'AnomalyMonitor'>) {
    return createOrAdopt(new CostExplorerClient(clientConfig), props);
  },

  async update(props: Delivered<'AnomalyMonitor'>, oldProps: PreviousDelivered<'AnomalyMonitor'>, physicalResourceId: string) {
    const client = new CostExplorerClient(clientConfig);
    const monitorArn = ownedName(physicalResourceId);
    if (props.MonitorDimension === oldProps.MonitorDimension && (await allMonitors(client)).some(monitor => monitor.MonitorArn === monitorArn)) {
      return { PhysicalResourceId: physicalResourceId, Data: { MonitorArn: monitorArn } };
    }
    return createOrAdopt(client, props);
  },

  async delete(props: Delivered<'AnomalyMonitor'>, physicalResourceId: string) {
    if (!(asBoolean(props.DisableOnDelete) && createdByStack(physicalResourceId))) {
      return;
    }
    const client = new CostExplorerClient(clientConfig);
    try {
      await awsCall('ce:DeleteAnomalyMonitor', () => client.send(new DeleteAnomalyMonitorCommand({ MonitorArn: ownedName(physicalResourceId) })));
    } catch (error) {
      // Deleted outside the stack already.
      if (errorName(error) !== 'UnknownMonitorException') {
        throw error;
      }
    }
  },
};
