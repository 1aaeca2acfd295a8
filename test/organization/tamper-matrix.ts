/**
 * The tamper matrix: every way a member-account administrator can switch off, blind or weaken a part of
 * the baseline, one row per route (an IAM action on the baseline's resource), each with its source.
 * test/organization/baseline-guardrails-simulation.test.ts simulates every row against the synthesized SCPs;
 * scripts/readme-guardrails.ts writes the README's guardrails section from it.
 *
 * A row with `unprotected` is a route the SCPs leave open, with the reason and what protects the part
 * instead; the simulation proves it is open, so that the README cannot claim more than the policies do.
 */

/** What a route does to the part: switches it off, keeps it on but makes it see or say nothing, or lowers a setting. */
export type TamperKind = 'off' | 'blind' | 'weaken';

/** Sources, cited per row. */
export const SOURCES = {
  orgsConfig: 'AWS Organizations SCP examples (aws-samples/service-control-policy-examples), Deny-enabling-and-disabling-AWS-Config',
  orgsSecurityHub: 'AWS Organizations SCP examples, Deny-deletion-or-disassociation-or-updation-to-AWS-SecurityHub',
  orgsAccessAnalyzer: 'AWS Organizations SCP examples, Deny-deletion-of-AWS-Access-Analyzer-and-findings-in-an-account',
  orgsCloudWatch: 'AWS Organizations SCP examples, Deny-users-from-disabling-or-altering-CloudWatch',
  orgsCloudTrail: 'AWS Organizations SCP examples, Deny-modifications-to-specific-CloudTrail-trails',
  orgsGuardDuty: 'AWS Organizations user guide, example SCPs for Amazon GuardDuty (prevent disabling GuardDuty or modifying its configuration)',
  orgsLeave: 'AWS Organizations user guide, example SCPs: prevent member accounts from leaving the organization',
  lza1: 'Landing Zone Accelerator sample config, service-control-policies/guardrails-1.json (Config rules, Lambda, SNS, EBS encryption, CloudWatch Logs, KMS)',
  lza2: 'Landing Zone Accelerator sample config, service-control-policies/guardrails-2.json (IAM, GuardDuty and Security Hub, CloudFormation, CloudTrail)',
  ctLambda: 'AWS Control Tower mandatory control AWS-GR_LAMBDA_CHANGE_PROHIBITED',
  ctEvents: 'AWS Control Tower mandatory control AWS-GR_CLOUDWATCH_EVENTS_CHANGE_PROHIBITED',
  ctSns: 'AWS Control Tower mandatory controls AWS-GR_SNS_CHANGE_PROHIBITED, AWS-GR_SNS_SUBSCRIPTION_CHANGE_PROHIBITED',
  ctLogGroup: 'AWS Control Tower mandatory control AWS-GR_LOG_GROUP_POLICY',
  ctCloudTrail: 'AWS Control Tower mandatory control AWS-GR_CLOUDTRAIL_CHANGE_PROHIBITED',
  ctConfig: 'AWS Control Tower mandatory controls AWS-GR_CONFIG_CHANGE_PROHIBITED, AWS-GR_CONFIG_RULE_CHANGE_PROHIBITED',
  ctIamRole: 'AWS Control Tower mandatory control AWS-GR_IAM_ROLE_CHANGE_PROHIBITED',
  ctAuditBucket: 'AWS Control Tower mandatory controls AWS-GR_AUDIT_BUCKET_DELETION_PROHIBITED, AWS-GR_CT_AUDIT_BUCKET_POLICY_CHANGES_PROHIBITED, '
    + 'AWS-GR_CT_AUDIT_BUCKET_LIFECYCLE_CONFIGURATION_CHANGES_PROHIBITED, AWS-GR_CT_AUDIT_BUCKET_ENCRYPTION_CHANGES_PROHIBITED',
  review: 'cdk-secure-baseline issue 20 review (DESIGN.md 3.1b)',
};

/** The names of one member account's baseline resources, as the simulation sees them. */
export interface MemberResources {
  readonly account: string;
  readonly region: string;
  /** The StackSet's stack in the account, `StackSet-<StackSet name>-<id>`. */
  readonly stackName: string;
  readonly trailName: string;
  readonly logBucket: string;
  /** ARNs of the baseline's roles by purpose. */
  readonly providerRole: string;
  readonly serviceRole: string;
  readonly supportRole: string;
}

export interface TamperRow {
  /** The part of the baseline. */
  readonly part: string;
  /** What the route achieves. */
  readonly route: string;
  readonly kind: TamperKind;
  readonly action: string;
  readonly resource: (r: MemberResources) => string;
  /** The resource is one of the baseline's stack's resources, so it carries the stack-name tag. */
  readonly tagged?: boolean;
  /** The prop the protection needs, beyond the baseline's stacks. */
  readonly needs?: string;
  /** Denied to the exempt roles as well. */
  readonly deniedToEveryone?: boolean;
  /** Why the SCPs leave the route open, and what protects the part instead. */
  readonly unprotected?: string;
  readonly source: string;
}

const arn = (service: string, r: MemberResources, rest: string) => `arn:aws:${service}:${r.region}:${r.account}:${rest}`;
const fn = (r: MemberResources) => arn('lambda', r, `function:${r.stackName.slice(0, 30)}-CustomSecureBaselineProvi-AbC123dEf456`);
const key = (r: MemberResources) => arn('kms', r, 'key/1234abcd-12ab-34cd-56ef-1234567890ab');
const logGroupName = (r: MemberResources) => `${r.stackName}-AuditTrailLogGroup28BB9333-XyZ12aBc`;
const logGroup = (r: MemberResources) => arn('logs', r, `log-group:${logGroupName(r)}`);
const alarm = (r: MemberResources) => arn('cloudwatch', r, `alarm:${r.stackName}-CisAlarmsRootUserActivityAlarm-1A2B3C`);
const topic = (r: MemberResources) => arn('sns', r, `${r.stackName}-FindingsTopic18CD7E22-1A2B3C`);
const rule = (r: MemberResources) => arn('events', r, `rule/${r.stackName.slice(0, 20)}-SecurityEventRulesGu-1A2B3C`);
const stack = (r: MemberResources) => arn('cloudformation', r, `stack/${r.stackName}/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`);
const DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';
const detector = (r: MemberResources) => arn('guardduty', r, `detector/${DETECTOR}`);
const hub = (r: MemberResources) => arn('securityhub', r, 'hub/default');
const recorder = (r: MemberResources) => arn('config', r, 'configuration-recorder/default/abcdef0123456789');
const configRule = (r: MemberResources) => arn('config', r, 'config-rule/config-rule-ab12cd');
const remediation = (r: MemberResources) => arn('config', r, 'remediation-configuration/0123abcd-vpc-default-security-group-closed');
const analyzer = (r: MemberResources) => arn('access-analyzer', r, 'analyzer/SecureBaselineAccessAnalyzer8E3C2825-ACCOUNT');
const trail = (r: MemberResources) => arn('cloudtrail', r, `trail/${r.trailName}`);
const bucket = (r: MemberResources) => `arn:aws:s3:::${r.logBucket}`;
const ANY = () => '*';

type RowSpec = Omit<TamperRow, 'part' | 'resource' | 'source' | 'tagged'>;

/** Rows of one part, on one resource, from one source. */
function part(name: string, resource: (r: MemberResources) => string, source: string, rows: RowSpec[], tagged = false): TamperRow[] {
  return rows.map(row => ({ part: name, resource, source, tagged: tagged || undefined, ...row }));
}

export const TAMPER_MATRIX: TamperRow[] = [
  // The provider function runs as an exempt role: invoking it with a forged event, or changing it, is a way around every guardrail.
  ...part('provider function', fn, SOURCES.lza1, [
    { route: 'invoke it with a forged Delete event: it switches off what it manages, as an exempt role', kind: 'off', action: 'lambda:InvokeFunction' },
    { route: 'invoke it through a function URL', kind: 'off', action: 'lambda:InvokeFunctionUrl' },
    { route: 'invoke it through the deprecated asynchronous API', kind: 'off', action: 'lambda:InvokeAsync' },
    { route: 'replace its code', kind: 'off', action: 'lambda:UpdateFunctionCode' },
    { route: 'change its configuration (environment, role, layers)', kind: 'off', action: 'lambda:UpdateFunctionConfiguration' },
    { route: 'let another principal or service invoke it', kind: 'off', action: 'lambda:AddPermission' },
    { route: 'remove a permission', kind: 'weaken', action: 'lambda:RemovePermission' },
    { route: 'delete it: stack updates and deletes fail', kind: 'off', action: 'lambda:DeleteFunction' },
    { route: 'throttle it to zero concurrency: every deploy fails', kind: 'off', action: 'lambda:PutFunctionConcurrency' },
    { route: 'remove its reserved concurrency', kind: 'weaken', action: 'lambda:DeleteFunctionConcurrency' },
    { route: 'publish a version of changed code', kind: 'weaken', action: 'lambda:PublishVersion' },
    { route: 'create an alias to invoke', kind: 'weaken', action: 'lambda:CreateAlias' },
    { route: 'repoint an alias', kind: 'weaken', action: 'lambda:UpdateAlias' },
    { route: 'give it a public function URL', kind: 'off', action: 'lambda:CreateFunctionUrlConfig' },
    { route: 'open its function URL', kind: 'off', action: 'lambda:UpdateFunctionUrlConfig' },
    { route: 'send its failed invocations elsewhere', kind: 'blind', action: 'lambda:PutFunctionEventInvokeConfig' },
    { route: 'change its runtime version', kind: 'weaken', action: 'lambda:PutRuntimeManagementConfig' },
    { route: 'attach a code-signing configuration that rejects its code', kind: 'off', action: 'lambda:PutFunctionCodeSigningConfig' },
  ], true),
  ...part('provider function', ANY, SOURCES.lza1, [
    {
      route: 'map an event source (queue, stream) to it',
      kind: 'off',
      action: 'lambda:CreateEventSourceMapping',
      unprotected: 'the request names no function ARN or tag the SCP can match (resource "*"); Lambda polls a source with the function\'s '
        + 'own role, and the provider role may read no queue or stream, so the mapping gets no event to the function',
    },
  ]),
  ...part('provider function', fn, SOURCES.ctLambda, [
    { route: 'delete its function-level resource policy', kind: 'weaken', action: 'lambda:DeleteResourcePolicy' },
  ], true),

  // The KMS keys of the log archive and of the findings topic: without them the trail, Config and the topic stop delivering.
  ...part('KMS keys (log archive, findings topic)', key, SOURCES.lza1, [
    { route: 'disable the key: the trail and Config stop delivering, the topic goes silent', kind: 'off', action: 'kms:DisableKey' },
    { route: 'schedule the key\'s deletion', kind: 'off', action: 'kms:ScheduleKeyDeletion' },
    { route: 'switch off key rotation (KMS.4)', kind: 'weaken', action: 'kms:DisableKeyRotation' },
  ], true),
  ...part('KMS keys (log archive, findings topic)', key, SOURCES.review, [
    { route: 'rewrite the key policy so that CloudTrail, Config or EventBridge may not use it', kind: 'off', action: 'kms:PutKeyPolicy' },
    { route: 'grant another principal the use of the key', kind: 'weaken', action: 'kms:CreateGrant' },
  ], true),

  // The trail's CloudWatch Logs group, its metric filters and the CIS alarms on them.
  ...part('trail log group and metric filters', logGroup, SOURCES.lza1, [
    { route: 'delete the log group: the trail\'s CloudWatch delivery and every CIS alarm stop', kind: 'off', action: 'logs:DeleteLogGroup' },
    { route: 'shorten the retention', kind: 'weaken', action: 'logs:PutRetentionPolicy' },
    { route: 'remove the retention', kind: 'weaken', action: 'logs:DeleteRetentionPolicy' },
    { route: 'remove the KMS key', kind: 'weaken', action: 'logs:DisassociateKmsKey' },
    { route: 'swap the KMS key for one the attacker controls', kind: 'off', action: 'logs:AssociateKmsKey' },
  ], true),
  ...part('trail log group and metric filters', logGroup, SOURCES.ctLogGroup, [
    { route: 'delete a CIS metric filter: its alarm never fires', kind: 'blind', action: 'logs:DeleteMetricFilter' },
    { route: 'rewrite a CIS metric filter\'s pattern', kind: 'blind', action: 'logs:PutMetricFilter' },
    { route: 'mask the log events', kind: 'blind', action: 'logs:PutDataProtectionPolicy' },
  ], true),
  ...part('trail log group and metric filters', r => `${logGroup(r)}:log-stream:${r.account}_CloudTrail_${r.region}`, SOURCES.lza1, [
    { route: 'delete a log stream', kind: 'blind', action: 'logs:DeleteLogStream' },
  ], true),
  ...part('CIS alarms', alarm, SOURCES.orgsCloudWatch, [
    { route: 'delete an alarm', kind: 'blind', action: 'cloudwatch:DeleteAlarms' },
    { route: 'disable an alarm\'s actions', kind: 'blind', action: 'cloudwatch:DisableAlarmActions' },
    { route: 'rewrite an alarm (threshold, actions)', kind: 'blind', action: 'cloudwatch:PutMetricAlarm' },
    { route: 'force an alarm\'s state', kind: 'blind', action: 'cloudwatch:SetAlarmState' },
  ], true),
  ...part('findings topic', topic, SOURCES.ctSns, [
    { route: 'rewrite the topic policy or its key', kind: 'blind', action: 'sns:SetTopicAttributes' },
    { route: 'delete the topic', kind: 'blind', action: 'sns:DeleteTopic' },
    { route: 'remove a publishing permission', kind: 'blind', action: 'sns:RemovePermission' },
    { route: 'let another account publish (false alarms)', kind: 'weaken', action: 'sns:AddPermission' },
  ], true),
  ...part('findings topic', topic, SOURCES.review, [
    { route: 'mask or deny messages with a data protection policy', kind: 'blind', action: 'sns:PutDataProtectionPolicy' },
  ], true),
  // The request names the subscription (`<topic ARN>:<id>`), which the reference gives no resource type: the simulation asks for
  // the topic without its tag, which is all an SCP could see.
  ...part('findings topic', topic, SOURCES.ctSns, [
    {
      route: 'unsubscribe the security team',
      kind: 'blind',
      action: 'sns:Unsubscribe',
      unprotected: 'the request names the subscription, which has no resource type in the Service Authorization Reference, so no SCP can '
        + 'match the topic or its tags; and an e-mail recipient can unsubscribe without credentials through the link in every message. '
        + 'Nothing the baseline deploys notices it: keep a subscription whose endpoint only the security team controls (a team '
        + 'address or a chat or ticketing endpoint rather than one person)',
    },
  ]),
  ...part('event rules', rule, SOURCES.ctEvents, [
    { route: 'disable a findings rule', kind: 'blind', action: 'events:DisableRule' },
    { route: 'delete a findings rule', kind: 'blind', action: 'events:DeleteRule' },
    { route: 'remove the topic from a rule\'s targets', kind: 'blind', action: 'events:RemoveTargets' },
    { route: 'rewrite a rule\'s pattern to match nothing', kind: 'blind', action: 'events:PutRule' },
    { route: 'point a rule at another target', kind: 'blind', action: 'events:PutTargets' },
  ], true),
  ...part('baseline stack', stack, SOURCES.lza2, [
    { route: 'delete the stack: every part goes (or is orphaned)', kind: 'off', action: 'cloudformation:DeleteStack' },
    { route: 'update the stack with a template of one\'s own', kind: 'off', action: 'cloudformation:UpdateStack' },
    { route: 'create a change set', kind: 'off', action: 'cloudformation:CreateChangeSet' },
    { route: 'execute a change set', kind: 'off', action: 'cloudformation:ExecuteChangeSet' },
    { route: 'set a stack policy that blocks the StackSet\'s updates', kind: 'weaken', action: 'cloudformation:SetStackPolicy' },
    { route: 'switch off termination protection', kind: 'weaken', action: 'cloudformation:UpdateTerminationProtection' },
    { route: 'cancel the StackSet\'s update', kind: 'weaken', action: 'cloudformation:CancelUpdateStack' },
    { route: 'roll the stack back', kind: 'weaken', action: 'cloudformation:RollbackStack' },
    { route: 'continue a failed rollback skipping resources', kind: 'weaken', action: 'cloudformation:ContinueUpdateRollback' },
  ]),

  // The trail.
  ...part('CloudTrail trail', trail, SOURCES.orgsCloudTrail, [
    { route: 'stop logging', kind: 'off', action: 'cloudtrail:StopLogging' },
    { route: 'delete the trail', kind: 'off', action: 'cloudtrail:DeleteTrail' },
    { route: 'point the trail elsewhere, drop validation or the log group', kind: 'weaken', action: 'cloudtrail:UpdateTrail' },
    { route: 'stop recording management events', kind: 'blind', action: 'cloudtrail:PutEventSelectors' },
  ]),
  ...part('CloudTrail trail', trail, SOURCES.lza2, [
    { route: 'change Insights', kind: 'weaken', action: 'cloudtrail:PutInsightSelectors' },
  ]),

  // AWS Config: the recorder, the delivery channel, the rules and their remediation.
  ...part('AWS Config', recorder, SOURCES.orgsConfig, [
    { route: 'stop the recorder', kind: 'off', action: 'config:StopConfigurationRecorder' },
    { route: 'delete the recorder', kind: 'off', action: 'config:DeleteConfigurationRecorder' },
    { route: 'make the recorder record nothing', kind: 'blind', action: 'config:PutConfigurationRecorder' },
  ]),
  ...part('AWS Config', ANY, SOURCES.orgsConfig, [
    { route: 'delete the delivery channel', kind: 'off', action: 'config:DeleteDeliveryChannel' },
    { route: 'deliver to another bucket', kind: 'weaken', action: 'config:PutDeliveryChannel' },
    { route: 'exempt resources from remediation', kind: 'weaken', action: 'config:PutRemediationExceptions' },
  ]),
  ...part('AWS Config rules and remediation', configRule, SOURCES.lza1, [
    { route: 'delete a baseline rule (EC2.2, EC2.6)', kind: 'off', action: 'config:DeleteConfigRule' },
    { route: 'rescope a baseline rule to nothing', kind: 'weaken', action: 'config:PutConfigRule' },
    { route: 'delete a rule\'s evaluation results', kind: 'blind', action: 'config:DeleteEvaluationResults' },
  ]),
  ...part('AWS Config rules and remediation', remediation, SOURCES.orgsConfig, [
    { route: 'delete the automatic remediation of the default security groups or flow logs', kind: 'weaken', action: 'config:DeleteRemediationConfiguration' },
    { route: 'rewrite a remediation (manual, another document)', kind: 'weaken', action: 'config:PutRemediationConfigurations' },
  ]),

  // GuardDuty.
  ...part('GuardDuty', detector, SOURCES.orgsGuardDuty, [
    { route: 'delete the detector', kind: 'off', action: 'guardduty:DeleteDetector' },
    { route: 'suspend the detector or drop protection plans', kind: 'off', action: 'guardduty:UpdateDetector' },
  ]),
  ...part('GuardDuty', r => `${detector(r)}/filter/suppress-all`, SOURCES.orgsGuardDuty, [
    { route: 'create a suppression rule that auto-archives every finding', kind: 'blind', action: 'guardduty:CreateFilter' },
    { route: 'widen a filter to auto-archive', kind: 'blind', action: 'guardduty:UpdateFilter' },
  ]),
  ...part('GuardDuty', r => `${detector(r)}/ipset/0123abcd`, SOURCES.orgsGuardDuty, [
    { route: 'trust an IP list: no findings from those addresses', kind: 'blind', action: 'guardduty:UpdateIPSet' },
  ]),
  ...part('GuardDuty', ANY, SOURCES.orgsGuardDuty, [
    { route: 'archive findings', kind: 'blind', action: 'guardduty:ArchiveFindings' },
    { route: 'create a trusted IP list', kind: 'blind', action: 'guardduty:CreateIPSet' },
  ]),
  ...part('GuardDuty', ANY, SOURCES.lza2, [
    { route: 'leave the administrator account', kind: 'blind', action: 'guardduty:DisassociateFromAdministratorAccount' },
  ]),

  // Security Hub.
  ...part('Security Hub', hub, SOURCES.orgsSecurityHub, [
    { route: 'disable Security Hub', kind: 'off', action: 'securityhub:DisableSecurityHub' },
    { route: 'disable the standards', kind: 'off', action: 'securityhub:BatchDisableStandards' },
    { route: 'disable a control', kind: 'blind', action: 'securityhub:UpdateStandardsControl' },
    { route: 'stop enabling new controls, or consolidated findings', kind: 'weaken', action: 'securityhub:UpdateSecurityHubConfiguration' },
    { route: 'stop importing GuardDuty or Inspector findings', kind: 'blind', action: 'securityhub:DisableImportFindingsForProduct' },
    { route: 'leave the administrator account', kind: 'blind', action: 'securityhub:DisassociateFromAdministratorAccount' },
  ]),
  ...part('Security Hub', hub, SOURCES.review, [
    { route: 'suppress findings', kind: 'blind', action: 'securityhub:BatchUpdateFindings' },
  ]),
  ...part('Security Hub', ANY, SOURCES.orgsSecurityHub, [
    { route: 'disable controls in bulk', kind: 'blind', action: 'securityhub:BatchUpdateStandardsControlAssociations' },
  ]),
  ...part('Security Hub', r => arn('securityhub', r, 'finding-aggregator/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d'), SOURCES.orgsSecurityHub, [
    { route: 'unlink the member Regions from the aggregator', kind: 'blind', action: 'securityhub:UpdateFindingAggregator' },
  ]),
  ...part('Security Hub', r => arn('securityhub', r, 'finding-aggregator/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d'), SOURCES.review, [
    { route: 'delete the aggregator', kind: 'blind', action: 'securityhub:DeleteFindingAggregator' },
  ]),
  ...part('Security Hub', ANY, SOURCES.review, [
    { route: 'an automation rule that suppresses findings', kind: 'blind', action: 'securityhub:CreateAutomationRule' },
  ]),

  // IAM Access Analyzer.
  ...part('IAM Access Analyzer', analyzer, SOURCES.orgsAccessAnalyzer, [
    { route: 'delete the analyzer', kind: 'off', action: 'access-analyzer:DeleteAnalyzer' },
  ]),
  ...part('IAM Access Analyzer', r => `${analyzer(r)}/archive-rule/everything`, SOURCES.orgsAccessAnalyzer, [
    { route: 'an archive rule for every finding', kind: 'blind', action: 'access-analyzer:CreateArchiveRule' },
    { route: 'widen an archive rule', kind: 'blind', action: 'access-analyzer:UpdateArchiveRule' },
  ]),
  ...part('IAM Access Analyzer', analyzer, SOURCES.orgsAccessAnalyzer, [
    { route: 'apply an archive rule to existing findings', kind: 'blind', action: 'access-analyzer:ApplyArchiveRule' },
    { route: 'archive findings', kind: 'blind', action: 'access-analyzer:UpdateFindings' },
  ]),

  // Inspector.
  ...part('Inspector', ANY, SOURCES.review, [
    { route: 'disable scanning', kind: 'off', action: 'inspector2:Disable' },
    { route: 'leave the administrator account', kind: 'blind', action: 'inspector2:DisassociateMember' },
  ]),
  ...part('Inspector', r => arn('inspector2', r, `owner/${r.account}/filter/0123abcd`), SOURCES.review, [
    { route: 'a suppression rule for every finding', kind: 'blind', action: 'inspector2:CreateFilter' },
    { route: 'widen a suppression rule', kind: 'blind', action: 'inspector2:UpdateFilter' },
  ]),

  // Account settings.
  ...part('account settings', ANY, SOURCES.lza1, [
    { route: 'switch off EBS encryption by default', kind: 'off', action: 'ec2:DisableEbsEncryptionByDefault' },
    { route: 'make new volumes use a key the attacker controls', kind: 'weaken', action: 'ec2:ModifyEbsDefaultKmsKeyId' },
  ]),
  ...part('account settings', ANY, SOURCES.review, [
    { route: 'reset the default EBS key', kind: 'weaken', action: 'ec2:ResetEbsDefaultKmsKeyId' },
    { route: 'switch off account-level S3 Block Public Access', kind: 'off', action: 's3:PutAccountPublicAccessBlock' },
  ]),
  ...part('account settings', ANY, SOURCES.lza2, [
    { route: 'weaken the password policy', kind: 'weaken', action: 'iam:UpdateAccountPasswordPolicy' },
    { route: 'delete the password policy', kind: 'off', action: 'iam:DeleteAccountPasswordPolicy' },
  ]),
  ...part('account settings', r => arn('ec2', r, 'security-group/sg-0123456789abcdef0'), SOURCES.review, [
    {
      route: 'open the default security group again (EC2.2)',
      kind: 'weaken',
      action: 'ec2:AuthorizeSecurityGroupIngress',
      unprotected: 'the default security group of a VPC has no predictable ARN or tag, and denying rules on every group would stop every '
        + 'workload. Instead: the Config rule vpc-default-security-group-closed and its automatic remediation remove the rule again',
    },
  ]),

  // Roles.
  ...part('baseline roles and exempt roles', r => r.providerRole, SOURCES.lza2, [
    { route: 'give the provider role more permissions', kind: 'weaken', action: 'iam:PutRolePolicy' },
    { route: 'let another principal assume the provider role', kind: 'off', action: 'iam:UpdateAssumeRolePolicy' },
    { route: 'pass the provider role to a function of one\'s own (it is exempt)', kind: 'off', action: 'iam:PassRole' },
  ]),
  ...part('baseline roles and exempt roles', r => r.serviceRole, SOURCES.ctIamRole, [
    { route: 'delete a service role (CloudTrail to CloudWatch Logs)', kind: 'off', action: 'iam:DeleteRole' },
    { route: 'detach a service role\'s policy', kind: 'off', action: 'iam:DetachRolePolicy' },
  ]),
  ...part('baseline roles and exempt roles', r => `arn:aws:iam::${r.account}:role/stacksets-exec-mine`, SOURCES.lza2, [
    { route: 'create a role with an exempt name', kind: 'off', action: 'iam:CreateRole' },
  ]),
  ...part('baseline roles and exempt roles', r => r.supportRole, SOURCES.review, [
    {
      route: 'delete the support role (IAM.18)',
      kind: 'weaken',
      action: 'iam:DeleteRole',
      unprotected: 'people assume the support role, so it lives outside the exempt path (under it, their sessions would be exempt); '
        + 'instead: Security Hub control IAM.18 fails and its finding reaches the topic',
    },
  ]),

  // The log bucket.
  ...part('log bucket', bucket, SOURCES.ctAuditBucket, [
    { route: 'delete the bucket', kind: 'off', action: 's3:DeleteBucket', needs: 'logBucketNames' },
    { route: 'rewrite the bucket policy: CloudTrail and Config may no longer write', kind: 'off', action: 's3:PutBucketPolicy', needs: 'logBucketNames' },
    { route: 'expire the logs early', kind: 'weaken', action: 's3:PutLifecycleConfiguration', needs: 'logBucketNames' },
    { route: 'suspend versioning', kind: 'weaken', action: 's3:PutBucketVersioning', needs: 'logBucketNames' },
    { route: 'change the encryption', kind: 'weaken', action: 's3:PutEncryptionConfiguration', needs: 'logBucketNames' },
  ]),
  // A real key is a path (AWSLogs/<account>/CloudTrail/...); the reference's ARN format takes it whole, the simulation's pattern one segment.
  ...part('log bucket', r => `${bucket(r)}/${r.account}_CloudTrail_${r.region}_20260101T0000Z_a1b2c3d4.json.gz`, SOURCES.ctAuditBucket, [
    { route: 'delete log files', kind: 'blind', action: 's3:DeleteObject', needs: 'logBucketNames' },
    { route: 'delete log file versions', kind: 'blind', action: 's3:DeleteObjectVersion', needs: 'logBucketNames' },
  ]),

  // The organization.
  ...part('organization membership', ANY, SOURCES.orgsLeave, [
    { route: 'leave the organization and every SCP with it', kind: 'off', action: 'organizations:LeaveOrganization', deniedToEveryone: true },
  ]),
];
