import { CreateGraphCommand, DeleteGraphCommand, DetectiveClient, ListGraphsCommand, ListInvitationsCommand } from '@aws-sdk/client-detective';
import { AdministrationData, isActiveRelationship, leftToAdministrator, selfManaged } from './administered';
import { awsCall, clientConfig, errorName } from './aws-call';
import { createdByStack, Ownership, ownedPhysicalId } from './ownership';
import { asBoolean, Properties, ResourceHandler, ResourceResult } from './types';

/** The graphs this account administers in this Region: one at most (Detective API reference, CreateGraph). */
async function administeredGraphs(client: DetectiveClient): Promise<string[]> {
  const arns: string[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall('detective:ListGraphs', () => client.send(new ListGraphsCommand({ NextToken: token })));
    arns.push(...(page.GraphList ?? []).map(graph => graph.Arn!));
    token = page.NextToken;
  } while (token);
  return arns;
}

/**
 * The graph this account contributes to as an enabled member, with its administrator. ListInvitations
 * lists the open and accepted invitations of the account (Detective API reference); only an ENABLED
 * membership means the account's data goes to that graph.
 */
async function memberGraph(client: DetectiveClient): Promise<{ graphArn: string; administrator: string } | undefined> {
  let token: string | undefined;
  do {
    const page = await awsCall('detective:ListInvitations', () => client.send(new ListInvitationsCommand({ NextToken: token })));
    const enabled = (page.Invitations ?? []).find(invitation => isActiveRelationship(invitation.Status));
    if (enabled) {
      return { graphArn: enabled.GraphArn!, administrator: enabled.AdministratorId! };
    }
    token = page.NextToken;
  } while (token);
  return undefined;
}

/**
 * CreateGraph is refused until the account has been enrolled in GuardDuty for 48 hours, and when its
 * data volume exceeds Detective's quota (Detective API reference, CreateGraph): the error says so.
 */
async function createGraph(client: DetectiveClient): Promise<string> {
  try {
    const { GraphArn } = await awsCall('detective:CreateGraph', () => client.send(new CreateGraphCommand({})));
    return GraphArn!;
  } catch (error) {
    if (/was denied/.test((error as Error).message)) {
      throw error;
    }
    throw Object.assign(new Error(`Detective could not be enabled: ${(error as Error).message}. Detective needs GuardDuty on in this account and Region `
      + 'for at least 48 hours, and a data volume within its quota (Detective API reference, CreateGraph): deploy again once GuardDuty has been on '
      + 'for two days, or set detective.enabled: false'), { name: errorName(error) || 'Error' });
  }
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
export const detectiveGraph: ResourceHandler = {
  async create(props: Properties) {
    const state = await ensureGraph(new DetectiveClient(clientConfig));
    return result(ownedPhysicalId(`Detective-${props.AccountId}`, state.ownership), state);
  },

  async update(_props: Properties, _oldProps: Properties, physicalResourceId: string) {
    return result(physicalResourceId, await ensureGraph(new DetectiveClient(clientConfig)));
  },

  async delete(props: Properties, physicalResourceId: string) {
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
