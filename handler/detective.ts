import { CreateGraphCommand, DeleteGraphCommand, DetectiveClient, ListGraphsCommand, ListInvitationsCommand } from '@aws-sdk/client-detective';
import { AdministrationData, isActiveRelationship, leftToAdministrator, selfManaged } from './administered';
import { ACCESS_DENIED, awsCall, awsCallAll, clientConfig, errorName, THROTTLING } from './aws-call';
import { createdByStack, Ownership, ownedPhysicalId } from './ownership';
import { asBoolean, Delivered, PreviousDelivered, ResourceHandler, ResourceResult } from './types';

/** The graphs this account administers in this Region: one at most (Detective API reference, CreateGraph). */
async function administeredGraphs(client: DetectiveClient): Promise<string[]> {
  const graphs = await awsCallAll('detective:ListGraphs',
    token => client.send(new ListGraphsCommand({ NextToken: token })), page => page.GraphList, page => page.NextToken);
  return graphs.map(graph => graph.Arn!);
}

/**
 * The graph this account contributes to as an enabled member, with its administrator. ListInvitations
 * lists the open and accepted invitations of the account (Detective API reference); only an ENABLED
 * membership means the account's data goes to that graph.
 */
async function memberGraph(client: DetectiveClient): Promise<{ graphArn: string; administrator: string } | undefined> {
  const invitations = await awsCallAll('detective:ListInvitations',
    token => client.send(new ListInvitationsCommand({ NextToken: token })), page => page.Invitations, page => page.NextToken);
  const enabled = invitations.find(invitation => isActiveRelationship(invitation.Status));
  return enabled ? { graphArn: enabled.GraphArn!, administrator: enabled.AdministratorId! } : undefined;
}

/**
 * CreateGraph is refused until the account has been enrolled in GuardDuty for 48 hours, and when its
 * data volume exceeds Detective's quota (Detective API reference, CreateGraph): the error says so.
 */
async function createGraph(client: DetectiveClient): Promise<string> {
  // The service's own refusal is explained here; awsCall handles denials and throttling as for any call.
  const { GraphArn } = await awsCall('detective:CreateGraph', () => client.send(new CreateGraphCommand({})).catch(error => {
    const name = errorName(error);
    if (ACCESS_DENIED.has(name) || THROTTLING.has(name)) {
      throw error;
    }
    throw Object.assign(new Error(`Detective could not be enabled: ${(error as Error).message}. Detective needs GuardDuty on in this account and Region `
      + 'for at least 48 hours, and a data volume within its quota (Detective API reference, CreateGraph): deploy again once GuardDuty has been on '
      + 'for two days, or set detective.enabled: false'), { name: name || 'Error' });
  }));
  return GraphArn!;
}

interface GraphState {
  readonly graphArn: string;
  readonly ownership: Ownership;
  readonly data: AdministrationData;
}

/** Adopts the graph the account administers, reports the administrator's graph it belongs to, or creates one. */
async function ensureGraph(client: DetectiveClient): Promise<GraphState> {
  const [administered] = await administeredGraphs(client);
  if (administered) {
    return { graphArn: administered, ownership: Ownership.ADOPTED, data: selfManaged() };
  }
  const member = await memberGraph(client);
  if (member) {
    return { graphArn: member.graphArn, ownership: Ownership.ADOPTED, data: leftToAdministrator('Detective', member.administrator, ['CreateGraph']) };
  }
  return { graphArn: await createGraph(client), ownership: Ownership.CREATED, data: selfManaged() };
}

function result(physicalResourceId: string, state: GraphState): ResourceResult {
  return { PhysicalResourceId: physicalResourceId, Data: { GraphArn: state.graphArn, ...state.data } };
}

/**
 * Amazon Detective's behavior graph. Create adopts the graph the account administers, leaves a member
 * of another account's graph to that graph (`ManagedBy` names its administrator), or creates a graph.
 * Update does the same and keeps the physical id (a graph deleted outside the stack is created again).
 * Delete deletes the account's graph only if DisableOnDelete is set and the stack created it.
 */
export const detectiveGraph: ResourceHandler<'DetectiveGraph'> = {
  async create(props: Delivered<'DetectiveGraph'>) {
    const state = await ensureGraph(new DetectiveClient(clientConfig));
    return result(ownedPhysicalId(`Detective-${props.AccountId}`, state.ownership), state);
  },

  async update(_props: Delivered<'DetectiveGraph'>, _oldProps: PreviousDelivered<'DetectiveGraph'>, physicalResourceId: string) {
    return result(physicalResourceId, await ensureGraph(new DetectiveClient(clientConfig)));
  },

  async delete(props: Delivered<'DetectiveGraph'>, physicalResourceId: string) {
    if (!(asBoolean(props.DisableOnDelete) && createdByStack(physicalResourceId))) {
      return;
    }
    const client = new DetectiveClient(clientConfig);
    // Deleted outside the stack already: nothing is left to disable.
    for (const graphArn of await administeredGraphs(client)) {
      await awsCall('detective:DeleteGraph', () => client.send(new DeleteGraphCommand({ GraphArn: graphArn })));
    }
  },
};
