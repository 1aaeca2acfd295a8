import { Stack, Validations } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
import { BASELINE_ROLE_PATH } from '../private/role-path';

/**
 * The AWS-owned Systems Manager Automation runbook that removes every rule of a VPC's default
 * security group, after checking that the group is named `default`. Parameters: `GroupId` and
 * `AutomationAssumeRole` (AWS Systems Manager Automation Runbook Reference,
 * "AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules").
 */
const REMEDIATION_RUNBOOK = 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules';

/**
 * Keeps the default security group of every VPC in this region closed (Security Hub EC2.2), including
 * VPCs created later, so that an instance or interface placed in one by accident can reach nothing
 * and be reached by nothing:
 *
 * - the AWS Config managed rule `VPC_DEFAULT_SECURITY_GROUP_CLOSED` evaluates every default group
 *   AWS Config records, and remediates a NON_COMPLIANT one automatically with the AWS-owned runbook
 *   `AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules`, run by a role that may only describe
 *   security groups and revoke their rules;
 * - at deployment, the default VPC's default group is closed at once (the rule's first evaluation
 *   can take a while after the recorder starts).
 *
 * The rule needs a configuration recorder in the region (AWS Config answers
 * `NoAvailableConfigurationRecorderException` otherwise): `SecureBaseline` makes it depend on its
 * recorder; used alone, add a dependency on yours to `rule`.
 *
 * This breaks a workload that relies on the default groups' rules (members talking to each other, or
 * reaching the internet). Leave it out where such a workload runs. The rules are not put back when the
 * stack is deleted; a region without a default VPC is left as it is at deployment.
 */
export class RestrictDefaultSecurityGroup extends Construct {
  /** The AWS Config rule that evaluates every VPC's default security group. */
  public readonly rule: config.IRule;
  /** The role that Systems Manager Automation assumes to remove the rules of a default security group. */
  public readonly remediationRole: iam.IRole;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    const securityGroups = stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: '*' });
    const securityGroupRules = stack.formatArn({ service: 'ec2', resource: 'security-group-rule', resourceName: '*' });
    // The default group's id is known only in the account, so revoking names this account's and
    // region's groups, and their rules, which revoking by rule id also checks.
    const revoke = new iam.PolicyStatement({
      actions: ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
      resources: [securityGroups, securityGroupRules],
    });
    new BaselineCustomResource(this, 'Resource', {
      kind: 'DefaultSecurityGroup',
      policyStatements: [
        new iam.PolicyStatement({
          // Describe calls support no resource-level permissions.
          actions: ['ec2:DescribeVpcs', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules'],
          resources: ['*'],
        }),
        revoke,
      ],
    });

    this.rule = new config.ManagedRule(this, 'Rule', {
      identifier: config.ManagedRuleIdentifiers.VPC_DEFAULT_SECURITY_GROUP_CLOSED,
      description: 'Security Hub EC2.2: the default security group of every VPC allows no inbound or outbound traffic',
      ruleScope: config.RuleScope.fromResources([config.ResourceType.EC2_SECURITY_GROUP]),
    });
    const [role, policy] = this.remediationRoleFor(stack, revoke);
    this.remediationRole = role;

    const remediation = new config.CfnRemediationConfiguration(this, 'Remediation', {
      configRuleName: this.rule.configRuleName,
      targetType: 'SSM_DOCUMENT',
      targetId: REMEDIATION_RUNBOOK,
      parameters: {
        AutomationAssumeRole: { StaticValue: { Values: [this.remediationRole.roleArn] } },
        // RESOURCE_ID is the id of the NON_COMPLIANT resource: the security group.
        GroupId: { ResourceValue: { Value: 'RESOURCE_ID' } },
      },
      automatic: true,
      // AWS Config retries a failed automatic remediation this many times within the retry window.
      maximumAutomaticAttempts: 5,
      retryAttemptSeconds: 60,
    });
    // The role and its policy must exist before AWS Config first runs the runbook with them.
    remediation.node.addDependency(role, policy);
  }

  /**
   * The runbook's role: assumable by Systems Manager only for automations of this account and region
   * (the confused-deputy conditions of the Systems Manager User Guide), and allowed what the runbook's
   * reference lists: ssm:StartAutomationExecution and ssm:GetAutomationExecution,
   * ec2:DescribeSecurityGroups, ec2:RevokeSecurityGroupIngress and ec2:RevokeSecurityGroupEgress.
   */
  private remediationRoleFor(stack: Stack, revoke: iam.PolicyStatement): [iam.IRole, iam.ManagedPolicy] {
    const role = new iam.Role(this, 'RemediationRole', {
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*' }) },
      }),
      description: `Lets Systems Manager Automation remove the rules of a default security group (${REMEDIATION_RUNBOOK})`,
      path: BASELINE_ROLE_PATH,
    });
    // A managed policy rather than an inline one: the NIST 800-53, HIPAA and PCI DSS packs reject inline policies.
    const policy = new iam.ManagedPolicy(this, 'RemediationPolicy', {
      description: `What ${REMEDIATION_RUNBOOK} needs, on this account's security groups only`,
      roles: [role],
      statements: [
        // DescribeSecurityGroups supports no resource-level permissions.
        new iam.PolicyStatement({ actions: ['ec2:DescribeSecurityGroups'], resources: ['*'] }),
        revoke,
        new iam.PolicyStatement({
          actions: ['ssm:StartAutomationExecution'],
          // An AWS-owned runbook: the definition's ARN is not in this account.
          resources: [stack.formatArn({ service: 'ssm', account: '*', resource: 'automation-definition', resourceName: `${REMEDIATION_RUNBOOK}:*` })],
        }),
        new iam.PolicyStatement({
          actions: ['ssm:GetAutomationExecution'],
          resources: [stack.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*' })],
        }),
      ],
    });
    acknowledgeWildcards(policy, 'The runbook acts on whichever default security group AWS Config finds NON_COMPLIANT, known only at run time: '
      + 'the statements name this account\'s and region\'s security groups and their rules, this runbook\'s versions and this account\'s '
      + 'automation executions; DescribeSecurityGroups has no resource-level permissions.');
    return [role, policy];
  }
}

/**
 * The wildcard resources the remediation policy is meant to have, as cdk-nag renders them in its
 * granular AwsSolutions-IAM5 finding ids (`AwsSolutions-IAM5[Resource::<resource>]`).
 */
const EXPECTED_WILDCARDS = [
  /^Resource::\*$/,
  /:security-group\/\*$/,
  /:security-group-rule\/\*$/,
  new RegExp(`:automation-definition/${REMEDIATION_RUNBOOK}:\\*$`),
  /:automation-execution\/\*$/,
];

/**
 * Acknowledges the policy's expected wildcard findings (AwsSolutions-IAM5), and fails on any other,
 * so that a wildcard added later is reviewed instead of acknowledged with them. cdk-nag names these
 * findings after the rendered resource and does not match a bare `AwsSolutions-IAM5`, so the ids are
 * taken from the pack itself. `Validations.acknowledge` rejects ids with more than one `::` (cdk-nag
 * issue 2351), so the acknowledgement is written as the same metadata entry it would write.
 */
function acknowledgeWildcards(policy: iam.ManagedPolicy, reason: string): void {
  const ids = new AwsSolutionsChecks().validateScope(policy).violations
    .map(violation => violation.ruleName)
    .filter(id => id.startsWith('AwsSolutions-IAM5['));
  const unexpected = ids.filter(id => !EXPECTED_WILDCARDS.some(pattern => pattern.test(id.slice('AwsSolutions-IAM5['.length, -1))));
  if (unexpected.length > 0) {
    throw new Error(`RestrictDefaultSecurityGroup: the remediation policy has wildcards nobody reviewed: ${unexpected.join(', ')}`);
  }
  policy.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Object.fromEntries(ids.map(id => [id, reason])));
}
