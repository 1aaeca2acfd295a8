import { Annotations, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeExactly, policyWildcards } from './acknowledge';
import { deploymentRegionsLacking } from './region-capabilities';
import { BASELINE_ROLE_PATH } from './role-path';

/**
 * The role that Systems Manager Automation assumes when AWS Config remediates a NON_COMPLIANT
 * resource (`RemediationRole`), and its permissions (`RemediationPolicy`): assumable by Systems
 * Manager only for automations of this account and region (the confused-deputy conditions of the
 * Systems Manager User Guide). A managed policy rather than an inline one: the NIST 800-53, HIPAA and
 * PCI DSS packs reject inline policies.
 */
export function automationRemediationRole(scope: Construct, descriptions: { role: string; policy: string },
  statements: iam.PolicyStatement[]): [iam.Role, iam.ManagedPolicy] {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'RemediationRole', {
    assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*' }) },
    }),
    description: descriptions.role,
    path: BASELINE_ROLE_PATH,
  });
  const policy = new iam.ManagedPolicy(scope, 'RemediationPolicy', {
    description: descriptions.policy,
    roles: [role],
    statements,
  });
  return [role, policy];
}

/**
 * Acknowledges the policy's expected wildcard findings (AwsSolutions-IAM5), and fails on any other,
 * so that a wildcard added later is reviewed instead of acknowledged with them. cdk-nag names these
 * findings after the rendered resource (`AwsSolutions-IAM5[Resource::<resource>]`) and does not match
 * a bare `AwsSolutions-IAM5`, so the ids are rendered from the policy's statements the same way.
 */
export function acknowledgeReviewedWildcards(policy: iam.ManagedPolicy, owner: string, expected: RegExp[], reason: string): void {
  const wildcards = policyWildcards(policy);
  const unexpected = wildcards.filter(wildcard => !expected.some(pattern => pattern.test(wildcard)));
  if (unexpected.length > 0) {
    throw new Error(`${owner}: the remediation policy has wildcards nobody reviewed: ${unexpected.map(ruleId).join(', ')}`);
  }
  acknowledgeExactly(policy, wildcards.map(ruleId), reason);
}

function ruleId(wildcard: string): string {
  return `AwsSolutions-IAM5[${wildcard}]`;
}

/** The resource type of automatic remediation, which some regions' CloudFormation lacks. */
export const REMEDIATION_RESOURCE_TYPE = 'AWS::Config::RemediationConfiguration';

/**
 * Automatic remediation of the rule's NON_COMPLIANT resources with the document, run as the role:
 * `resourceParameter` receives the resource's id (RESOURCE_ID). AWS Config retries a failed
 * remediation 5 times, a minute apart; the role and its policy exist before AWS Config first uses them.
 *
 * Where the region's CloudFormation has no AWS::Config::RemediationConfiguration the rule stays, detecting
 * only: no remediation is made (undefined), with a warning, and the coverage report says DETECTED.
 */
export function automaticRemediation(scope: Construct, rule: config.IRule, document: string,
  resourceParameter: string, [role, policy]: [iam.Role, iam.ManagedPolicy]): config.CfnRemediationConfiguration | undefined {
  const lacking = deploymentRegionsLacking(scope, REMEDIATION_RESOURCE_TYPE);
  if (lacking.length > 0) {
    Annotations.of(scope).addWarningV2('cdk-secure-baseline:remediationUnavailable',
      `${scope.node.id}: CloudFormation in ${lacking.join(', ')} has no ${REMEDIATION_RESOURCE_TYPE}, so the Config rule only detects NON_COMPLIANT resources `
      + `and nothing remediates them automatically (${document}); fix them by hand or with the document, or turn the part off`);
    return undefined;
  }
  const remediation = new config.CfnRemediationConfiguration(scope, 'Remediation', {
    configRuleName: rule.configRuleName,
    targetType: 'SSM_DOCUMENT',
    targetId: document,
    parameters: {
      AutomationAssumeRole: { StaticValue: { Values: [role.roleArn] } },
      [resourceParameter]: { ResourceValue: { Value: 'RESOURCE_ID' } },
    },
    automatic: true,
    maximumAutomaticAttempts: 5,
    retryAttemptSeconds: 60,
  });
  remediation.node.addDependency(role, policy);
  return remediation;
}
