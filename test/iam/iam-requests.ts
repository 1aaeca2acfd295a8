/**
 * What each AWS SDK command the provider sends asks of IAM: the action, the resource ARN it is
 * authorized against, the condition keys the request carries, and the requests the service makes
 * with the caller's permissions (service-linked roles, Organizations calls). One entry per command;
 * a command without an entry fails the proof and is named.
 *
 * Most commands are `<prefix>:<CommandName>`; where an entry differs, or where the dependent
 * requests had to be taken from a user guide, the comment names the source.
 */

/** The account and place the requests are made in. */
export interface RequestEnvironment {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** The organization the account belongs to, and its management account (for Organizations ARNs). */
  readonly organizationId: string;
  readonly managementAccount: string;
}

/** One request IAM authorizes. */
export interface IamRequest {
  readonly action: string;
  /** The resource ARN, or '*' when the action has no resource type. */
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
}

type Input = Record<string, any>;
type RequestsOf = (input: Input, env: RequestEnvironment) => IamRequest[];

const anyResource = (action: string): RequestsOf => () => [{ action, resource: '*' }];

function arn(env: RequestEnvironment, service: string, resource: string, { region = env.region, account = env.account } = {}): string {
  return `arn:${env.partition}:${service}:${region}:${account}:${resource}`;
}

/** `iam:CreateServiceLinkedRole` for a role a service creates on first use with the caller's permissions. */
function serviceLinkedRole(env: RequestEnvironment, service: string, roleName: string): IamRequest {
  return {
    action: 'iam:CreateServiceLinkedRole',
    resource: arn(env, 'iam', `role/aws-service-role/${service}/${roleName}`, { region: '' }),
    context: { 'iam:AWSServiceName': service },
  };
}

const hub = (action: string): RequestsOf => (_input, env) => [{ action, resource: arn(env, 'securityhub', 'hub/default') }];
const detector = (action: string): RequestsOf => (input, env) => [{ action, resource: arn(env, 'guardduty', `detector/${input.DetectorId}`) }];
const analyzer = (action: string): RequestsOf => (input, env) => [{ action, resource: arn(env, 'access-analyzer', `analyzer/${input.analyzerName}`) }];
/** Config's recorder ARN ends in an id AWS generates, which no template can know. */
const recorder = (action: string): RequestsOf => (input, env) => [{
  action, resource: arn(env, 'config', `configuration-recorder/${input.ConfigurationRecorderName ?? input.ConfigurationRecorder?.name}/recorder-id`),
}];
const securityGroup = (action: string): RequestsOf => (input, env) => [{ action, resource: arn(env, 'ec2', `security-group/${input.GroupId}`) }];

/**
 * Designating a delegated administrator through GuardDuty or Security Hub: the service calls
 * Organizations with the caller's permissions (GuardDuty user guide, "Permissions required to
 * designate a delegated GuardDuty administrator account"), and designating the management account
 * itself creates the service-linked role there. Which condition keys those calls carry is not
 * documented, so the requests carry none.
 */
function designateThroughService(action: string, servicePrincipal: string, roleName: string): RequestsOf {
  return (input, env) => [
    action === 'securityhub:EnableOrganizationAdminAccount' ? hub(action)(input, env)[0] : { action, resource: '*' },
    { action: 'organizations:EnableAWSServiceAccess', resource: '*' },
    {
      action: 'organizations:RegisterDelegatedAdministrator',
      resource: arn(env, 'organizations', `account/${env.organizationId}/${input.AdminAccountId}`, { region: '', account: env.managementAccount }),
    },
    { action: 'organizations:ListDelegatedAdministrators', resource: '*' },
    { action: 'organizations:DescribeOrganization', resource: '*' },
    ...(input.AdminAccountId === env.account ? [serviceLinkedRole(env, servicePrincipal, roleName)] : []),
  ];
}

export const IAM_REQUESTS: Record<string, RequestsOf> = {
  // IAM Access Analyzer; CreateAnalyzer creates the service-linked role (Access Analyzer user guide).
  'AccessAnalyzer:ListAnalyzers': anyResource('access-analyzer:ListAnalyzers'),
  'AccessAnalyzer:GetAnalyzer': analyzer('access-analyzer:GetAnalyzer'),
  'AccessAnalyzer:CreateAnalyzer': (input, env) => [
    ...analyzer('access-analyzer:CreateAnalyzer')(input, env),
    serviceLinkedRole(env, 'access-analyzer.amazonaws.com', 'AWSServiceRoleForAccessAnalyzer'),
  ],
  'AccessAnalyzer:UpdateAnalyzer': analyzer('access-analyzer:UpdateAnalyzer'),
  'AccessAnalyzer:DeleteAnalyzer': analyzer('access-analyzer:DeleteAnalyzer'),

  // AWS Account Management: the request names the contact type it sets (account:AlternateContactTypes).
  'Account:PutAlternateContact': (input, env) => [{
    action: 'account:PutAlternateContact',
    resource: arn(env, 'account', 'account', { region: '' }),
    context: { 'account:AlternateContactTypes': [input.AlternateContactType] },
  }],

  // AWS CloudFormation: the provider reads the stack named in an event, and its resource, before a
  // guarded call (handler/request-check.ts); both are authorized against the stack (Service Authorization Reference).
  'CloudFormation:DescribeStacks': (input) => [{ action: 'cloudformation:DescribeStacks', resource: input.StackName }],
  'CloudFormation:DescribeStackResource': (input) => [{ action: 'cloudformation:DescribeStackResource', resource: input.StackName }],

  // AWS Config. PutConfigurationRecorder passes the recorder's role to Config (iam:PassRole,
  // iam:PassedToService; AWS Config developer guide, "Permissions for the IAM role").
  // Without names it describes every recorder of the region, whatever they are called.
  'Config Service:DescribeConfigurationRecorders': (_input, env) => [{ action: 'config:DescribeConfigurationRecorders', resource: arn(env, 'config', 'configuration-recorder/*/*') }],
  'Config Service:DescribeDeliveryChannels': anyResource('config:DescribeDeliveryChannels'),
  'Config Service:PutConfigurationRecorder': (input, env) => [
    ...recorder('config:PutConfigurationRecorder')(input, env),
    { action: 'iam:PassRole', resource: input.ConfigurationRecorder.roleARN, context: { 'iam:PassedToService': 'config.amazonaws.com' } },
  ],
  'Config Service:PutDeliveryChannel': anyResource('config:PutDeliveryChannel'),
  'Config Service:StartConfigurationRecorder': recorder('config:StartConfigurationRecorder'),
  'Config Service:StopConfigurationRecorder': recorder('config:StopConfigurationRecorder'),
  'Config Service:DeleteDeliveryChannel': anyResource('config:DeleteDeliveryChannel'),
  'Config Service:DeleteConfigurationRecorder': recorder('config:DeleteConfigurationRecorder'),

  // AWS Cost Explorer (Cost Anomaly Detection) is global: its ARNs have no Region. Reading the monitors
  // without MonitorArnList reads them all (the Cost Management user guide asks for anomalymonitor/*).
  'Cost Explorer:GetAnomalyMonitors': (_input, env) => [{ action: 'ce:GetAnomalyMonitors', resource: arn(env, 'ce', 'anomalymonitor/*', { region: '' }) }],
  'Cost Explorer:CreateAnomalyMonitor': anyResource('ce:CreateAnomalyMonitor'),
  'Cost Explorer:DeleteAnomalyMonitor': (input) => [{ action: 'ce:DeleteAnomalyMonitor', resource: input.MonitorArn }],

  // Amazon EC2: account attributes and describes have no resource type; revoking names the group.
  'EC2:EnableEbsEncryptionByDefault': anyResource('ec2:EnableEbsEncryptionByDefault'),
  'EC2:ModifyEbsDefaultKmsKeyId': anyResource('ec2:ModifyEbsDefaultKmsKeyId'),
  'EC2:ResetEbsDefaultKmsKeyId': anyResource('ec2:ResetEbsDefaultKmsKeyId'),
  'EC2:DescribeVpcs': anyResource('ec2:DescribeVpcs'),
  'EC2:DescribeSecurityGroups': anyResource('ec2:DescribeSecurityGroups'),
  'EC2:DescribeSecurityGroupRules': anyResource('ec2:DescribeSecurityGroupRules'),
  'EC2:RevokeSecurityGroupIngress': securityGroup('ec2:RevokeSecurityGroupIngress'),
  'EC2:RevokeSecurityGroupEgress': securityGroup('ec2:RevokeSecurityGroupEgress'),

  // Amazon GuardDuty; CreateDetector creates the service-linked role, and the Malware Protection one
  // when EBS malware protection is on (GuardDuty user guide, "Service-linked role permissions").
  'GuardDuty:GetAdministratorAccount': anyResource('guardduty:GetAdministratorAccount'),
  'GuardDuty:ListDetectors': anyResource('guardduty:ListDetectors'),
  'GuardDuty:CreateDetector': (input, env) => [
    { action: 'guardduty:CreateDetector', resource: '*' },
    serviceLinkedRole(env, 'guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty'),
    ...((input.Features ?? []).some((f: any) => f.Name === 'EBS_MALWARE_PROTECTION' && f.Status === 'ENABLED')
      ? [serviceLinkedRole(env, 'malware-protection.guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDutyMalwareProtection')] : []),
  ],
  'GuardDuty:UpdateDetector': detector('guardduty:UpdateDetector'),
  'GuardDuty:DeleteDetector': detector('guardduty:DeleteDetector'),
  'GuardDuty:UpdateOrganizationConfiguration': anyResource('guardduty:UpdateOrganizationConfiguration'),
  'GuardDuty:ListOrganizationAdminAccounts': anyResource('guardduty:ListOrganizationAdminAccounts'),
  'GuardDuty:EnableOrganizationAdminAccount': designateThroughService('guardduty:EnableOrganizationAdminAccount', 'guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty'),

  // IAM.
  'IAM:UpdateAccountPasswordPolicy': anyResource('iam:UpdateAccountPasswordPolicy'),
  'IAM:CreateServiceLinkedRole': (input, env) => [serviceLinkedRole(env, input.AWSServiceName, roleNameOf(input.AWSServiceName))],

  // Amazon Inspector: Enable creates both of its service-linked roles (Inspector user guide,
  // "Using service-linked roles"; the AWS managed policy AmazonInspector2FullAccess grants both).
  'Inspector2:BatchGetAccountStatus': anyResource('inspector2:BatchGetAccountStatus'),
  'Inspector2:GetMember': anyResource('inspector2:GetMember'),
  'Inspector2:Enable': (_input, env) => [
    { action: 'inspector2:Enable', resource: '*' },
    serviceLinkedRole(env, 'inspector2.amazonaws.com', 'AWSServiceRoleForAmazonInspector2'),
    serviceLinkedRole(env, 'agentless.inspector2.amazonaws.com', 'AWSServiceRoleForAmazonInspector2Agentless'),
  ],
  'Inspector2:Disable': anyResource('inspector2:Disable'),

  // Amazon Macie: no account action has a resource type; EnableMacie creates Macie's service-linked
  // role (Macie user guide, "Using service-linked roles for Macie").
  'Macie2:GetMacieSession': anyResource('macie2:GetMacieSession'),
  'Macie2:GetAdministratorAccount': anyResource('macie2:GetAdministratorAccount'),
  'Macie2:EnableMacie': (_input, env) => [
    { action: 'macie2:EnableMacie', resource: '*' },
    serviceLinkedRole(env, 'macie.amazonaws.com', 'AWSServiceRoleForAmazonMacie'),
  ],
  'Macie2:UpdateMacieSession': anyResource('macie2:UpdateMacieSession'),
  'Macie2:UpdateAutomatedDiscoveryConfiguration': anyResource('macie2:UpdateAutomatedDiscoveryConfiguration'),
  'Macie2:DisableMacie': anyResource('macie2:DisableMacie'),

  // Amazon Detective: only DeleteGraph names the graph. Its service-linked role is created only when
  // an organization's Detective administrator is designated (Detective user guide, "Using service-linked roles").
  'Detective:ListGraphs': anyResource('detective:ListGraphs'),
  'Detective:ListInvitations': anyResource('detective:ListInvitations'),
  'Detective:CreateGraph': anyResource('detective:CreateGraph'),
  // The graph ListGraphs returned: one of this account and Region, whatever the fake account's ARN says.
  'Detective:DeleteGraph': (input, env) => [{ action: 'detective:DeleteGraph', resource: arn(env, 'detective', `graph:${input.GraphArn.split(':graph:')[1]}`) }],

  // AWS Organizations, called directly with the service principal as a parameter, so the requests
  // carry organizations:ServicePrincipal (Organizations user guide, condition keys).
  'Organizations:ListAWSServiceAccessForOrganization': anyResource('organizations:ListAWSServiceAccessForOrganization'),
  'Organizations:EnableAWSServiceAccess': (input) => [{
    action: 'organizations:EnableAWSServiceAccess', resource: '*', context: { 'organizations:ServicePrincipal': input.ServicePrincipal },
  }],
  'Organizations:ListDelegatedAdministrators': (input) => [{
    action: 'organizations:ListDelegatedAdministrators', resource: '*', context: { 'organizations:ServicePrincipal': input.ServicePrincipal },
  }],
  'Organizations:RegisterDelegatedAdministrator': (input, env) => [{
    action: 'organizations:RegisterDelegatedAdministrator',
    resource: arn(env, 'organizations', `account/${env.organizationId}/${input.AccountId}`, { region: '', account: env.managementAccount }),
    context: { 'organizations:ServicePrincipal': input.ServicePrincipal },
  }],

  // Amazon S3 Control: the IAM action is not named after the command (Service Authorization Reference).
  'S3 Control:PutPublicAccessBlock': anyResource('s3:PutAccountPublicAccessBlock'),

  // AWS Security Hub: every action is authorized against the hub; EnableSecurityHub creates the
  // service-linked role (Security Hub user guide, "Service-linked roles").
  'SecurityHub:DescribeHub': hub('securityhub:DescribeHub'),
  'SecurityHub:EnableSecurityHub': (input, env) => [
    ...hub('securityhub:EnableSecurityHub')(input, env),
    serviceLinkedRole(env, 'securityhub.amazonaws.com', 'AWSServiceRoleForSecurityHub'),
  ],
  'SecurityHub:DisableSecurityHub': hub('securityhub:DisableSecurityHub'),
  'SecurityHub:UpdateSecurityHubConfiguration': hub('securityhub:UpdateSecurityHubConfiguration'),
  'SecurityHub:GetEnabledStandards': hub('securityhub:GetEnabledStandards'),
  'SecurityHub:BatchEnableStandards': hub('securityhub:BatchEnableStandards'),
  'SecurityHub:BatchDisableStandards': hub('securityhub:BatchDisableStandards'),
  'SecurityHub:UpdateStandardsControl': hub('securityhub:UpdateStandardsControl'),
  'SecurityHub:GetAdministratorAccount': hub('securityhub:GetAdministratorAccount'),
  'SecurityHub:ListFindingAggregators': anyResource('securityhub:ListFindingAggregators'),
  'SecurityHub:CreateFindingAggregator': anyResource('securityhub:CreateFindingAggregator'),
  // The ARN is the aggregator's own (Security Hub API reference): the one the fake account returns.
  'SecurityHub:UpdateFindingAggregator': (input) => [{ action: 'securityhub:UpdateFindingAggregator', resource: input.FindingAggregatorArn }],
  'SecurityHub:DeleteFindingAggregator': (input) => [{ action: 'securityhub:DeleteFindingAggregator', resource: input.FindingAggregatorArn }],
  'SecurityHub:ListOrganizationAdminAccounts': hub('securityhub:ListOrganizationAdminAccounts'),
  'SecurityHub:EnableOrganizationAdminAccount': designateThroughService('securityhub:EnableOrganizationAdminAccount', 'securityhub.amazonaws.com', 'AWSServiceRoleForSecurityHub'),
};

/** The role names of the service-linked roles the baseline creates itself (Custom::ServiceLinkedRole). */
const SERVICE_LINKED_ROLE_NAMES: Record<string, string> = {
  'config.amazonaws.com': 'AWSServiceRoleForConfig',
};

function roleNameOf(service: string): string {
  const name = SERVICE_LINKED_ROLE_NAMES[service];
  if (!name) {
    throw new Error(`no service-linked role name known for ${service}; add it to SERVICE_LINKED_ROLE_NAMES`);
  }
  return name;
}

/** The IAM requests of one SDK command, or an error naming a command nobody mapped. */
export function iamRequestsOf(command: string, input: Input, env: RequestEnvironment): IamRequest[] {
  const requests = IAM_REQUESTS[command];
  if (!requests) {
    throw new Error(`the provider sends ${command}, which has no entry in test/iam/iam-requests.ts: add the IAM action(s), resource and context it needs`);
  }
  return requests(input, env);
}
