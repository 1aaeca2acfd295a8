/**
 * Which of the provider's IAM actions may run on any event, and which only on an event CloudFormation
 * really sent. Both sides use this one table: the handler (handler/request-check.ts) checks the event
 * with CloudFormation before the first call of an invocation that is not listed here, and
 * `BaselineCustomResource` grants that check's read-only CloudFormation calls to exactly the resources
 * whose permissions hold such an action.
 *
 * Why: whoever may invoke the provider function can send it any event, and CDK's entry point does not
 * authenticate events. The function runs as a role the guardrails exempt, so an event that makes it
 * switch a service off, or rewrite a setting with properties of the sender's choosing, would do as
 * that role what the guardrails deny everyone else.
 *
 * An action is listed when it can do no harm whatever the event says: it only reads, or it only switches
 * a protection on (or closes something), so that a forged event can at worst turn on what the baseline
 * turns on anyway. Every other action (switching off, deleting, and every write of a setting that the
 * properties choose, such as a password policy, a delivery bucket, a contact or disabled controls)
 * is guarded. An action missing from this table is guarded: the table fails safe.
 */
export const UNGUARDED_ACTIONS: Readonly<Record<string, string>> = {
  // Reads.
  'access-analyzer:ListAnalyzers': 'reads',
  'access-analyzer:GetAnalyzer': 'reads',
  'ce:GetAnomalyMonitors': 'reads',
  'cloudformation:DescribeStacks': 'reads (the event check itself)',
  'cloudformation:DescribeStackResource': 'reads (the event check itself)',
  'config:DescribeConfigurationRecorders': 'reads',
  'config:DescribeDeliveryChannels': 'reads',
  'detective:ListGraphs': 'reads',
  'detective:ListInvitations': 'reads',
  'ec2:DescribeVpcs': 'reads',
  'ec2:DescribeSecurityGroups': 'reads',
  'ec2:DescribeSecurityGroupRules': 'reads',
  'guardduty:GetAdministratorAccount': 'reads',
  'guardduty:ListDetectors': 'reads',
  'guardduty:ListOrganizationAdminAccounts': 'reads',
  'inspector2:BatchGetAccountStatus': 'reads',
  'inspector2:GetMember': 'reads',
  'macie2:GetAdministratorAccount': 'reads',
  'macie2:GetMacieSession': 'reads',
  'organizations:ListAWSServiceAccessForOrganization': 'reads',
  'organizations:ListDelegatedAdministrators': 'reads',
  'securityhub:DescribeHub': 'reads',
  'securityhub:GetAdministratorAccount': 'reads',
  'securityhub:GetEnabledStandards': 'reads',
  'securityhub:ListFindingAggregators': 'reads',
  'securityhub:ListOrganizationAdminAccounts': 'reads',
  // Switching a protection on, or closing something: nothing is turned down, whatever the properties.
  'access-analyzer:CreateAnalyzer': 'switches an analyzer on',
  'ce:CreateAnomalyMonitor': 'switches a cost anomaly monitor on',
  'config:StartConfigurationRecorder': 'starts recording',
  'detective:CreateGraph': 'switches Detective on',
  'ec2:EnableEbsEncryptionByDefault': 'switches EBS encryption by default on',
  'ec2:ResetEbsDefaultKmsKeyId': 'sets the default EBS key back to the AWS managed key: volumes stay encrypted',
  'ec2:RevokeSecurityGroupEgress': 'closes the default security group',
  'ec2:RevokeSecurityGroupIngress': 'closes the default security group',
  'guardduty:CreateDetector': 'switches GuardDuty on where no detector exists',
  'iam:CreateServiceLinkedRole': 'creates the role a service needs to switch on',
  'inspector2:Enable': 'switches Inspector scans on',
  'macie2:EnableMacie': 'switches Macie on',
  's3:PutAccountPublicAccessBlock': 'switches all four S3 Block Public Access settings on (the handler sends no other value)',
  'securityhub:BatchEnableStandards': 'switches standards on',
  'securityhub:EnableSecurityHub': 'switches Security Hub on',
};

/** Whether the action may run only on an event that CloudFormation really sent. */
export function isGuardedAction(action: string): boolean {
  return !Object.prototype.hasOwnProperty.call(UNGUARDED_ACTIONS, action);
}

/** The CloudFormation reads the event check makes, authorized against the stack named in the event. */
export const EVENT_CHECK_ACTIONS = ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource'];

/** The provider function's environment variable that holds its own stack's id (ARN). */
export const STACK_ID_VARIABLE = 'BASELINE_STACK_ID';
