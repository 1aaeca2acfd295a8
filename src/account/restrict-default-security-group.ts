import { Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
import { acknowledgeReviewedWildcards, automaticRemediation, automationRemediationRole } from '../private/config-remediation';

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
      properties: {},
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
    const [role, policy] = automationRemediationRole(this, {
      role: `Lets Systems Manager Automation remove the rules of a default security group (${REMEDIATION_RUNBOOK})`,
      policy: `What ${REMEDIATION_RUNBOOK} needs, on this account's security groups only`,
    }, [
      // What the runbook's reference lists: DescribeSecurityGroups (no resource-level permissions),
      // the two revokes, and starting and reading its own automation executions.
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
    ]);
    acknowledgeReviewedWildcards(policy, 'RestrictDefaultSecurityGroup', EXPECTED_WILDCARDS,
      'The runbook acts on whichever default security group AWS Config finds NON_COMPLIANT, known only at run time: '
      + 'the statements name this account\'s and region\'s security groups and their rules, this runbook\'s versions and this account\'s '
      + 'automation executions; DescribeSecurityGroups has no resource-level permissions.');
    this.remediationRole = role;

    // The NON_COMPLIANT resource is the security group.
    automaticRemediation(this, this.rule, REMEDIATION_RUNBOOK, 'GroupId', [role, policy]);
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
