/**
 * A small stand-in for the AWS APIs the provider calls, so that the real handler code runs its
 * Create, Update and Delete paths with the properties of a synthesized template and every request
 * it sends is recorded. It answers as an account does in one of these states: nothing switched on
 * yet; every service already on (set up by hand or by another tool); an organization member whose
 * services a delegated administrator manages; and a fresh account where a Create fails after it
 * switched a service on (a standard refused, the delivery channel rejected, a scan type failed), so
 * that the undo runs.
 */
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AccountClient } from '@aws-sdk/client-account';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DetectiveClient } from '@aws-sdk/client-detective';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import { Macie2Client } from '@aws-sdk/client-macie2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AwsStub, mockClient } from 'aws-sdk-client-mock';
import { awsError } from '../handler/aws-error';

/** One SDK call the provider made: `<serviceId>:<Command>` and its input. */
export interface RecordedCall {
  readonly command: string;
  readonly input: Record<string, any>;
}

export type AccountState = 'fresh' | 'servicesOn' | 'member' | 'failsAfterSwitchingOn';

export const ADMINISTRATOR_ACCOUNT = '999999999999';

const CLIENTS = [
  AccessAnalyzerClient, AccountClient, CloudFormationClient, ConfigServiceClient, CostExplorerClient, DetectiveClient, EC2Client, GuardDutyClient,
  IAMClient, Inspector2Client, Macie2Client, OrganizationsClient, S3ControlClient, SecurityHubClient,
];

const DETECTOR_ID = '12abc34d567e8fa901bc2d34e56789f0';
const ENABLED = { status: 'ENABLED' };
/** Detective graph ARNs end in an id Detective generates (Detective API reference, CreateGraph). */
const GRAPH_ARN = 'arn:aws:detective:us-east-1:111111111111:graph:a1b2c3d4e5f60718293a4b5c6d7e8f90';

/**
 * What CloudFormation reports about the stack and the one custom resource a test is running: the
 * answers of DescribeStacks and DescribeStackResource. No stack, or no resource, answers as
 * CloudFormation does for one that does not exist (ValidationException).
 */
export interface CloudFormationView {
  readonly stackId?: string;
  readonly stackStatus?: string;
  readonly resource?: {
    readonly logicalId: string;
    readonly type: string;
    readonly status: string;
    readonly physicalId?: string;
  };
}

function cloudFormationAnswers(view: () => CloudFormationView) {
  const stackOf = (name: string) => {
    const { stackId, stackStatus } = view();
    if (!stackId || name !== stackId || !stackStatus) {
      throw awsError('ValidationException', `Stack with id ${name} does not exist`);
    }
    return { StackId: stackId, StackName: stackId.split('/')[1], StackStatus: stackStatus };
  };
  return {
    'CloudFormation:DescribeStacks': (input: any) => ({ Stacks: [stackOf(input.StackName)] }),
    'CloudFormation:DescribeStackResource': (input: any) => {
      const stack = stackOf(input.StackName);
      const resource = view().resource;
      if (!resource || resource.logicalId !== input.LogicalResourceId) {
        throw awsError('ValidationException', `Resource ${input.LogicalResourceId} does not exist for stack ${stack.StackName}`);
      }
      return {
        StackResourceDetail: {
          StackId: stack.StackId,
          StackName: stack.StackName,
          LogicalResourceId: resource.logicalId,
          PhysicalResourceId: resource.physicalId,
          ResourceType: resource.type,
          ResourceStatus: resource.status,
          LastUpdatedTimestamp: new Date(0),
        },
      };
    },
  };
}

/** Answers for one account; state changes as the handler switches services on and off. */
function accountAnswers(state: AccountState, account: string) {
  const on = state === 'servicesOn' || state === 'member';
  const member = state === 'member';
  const fails = state === 'failsAfterSwitchingOn';
  let inspectorEnabled = on;
  let detector = on;
  let hub = on;
  let macie = on;
  let graph = on && !member ? GRAPH_ARN : undefined;
  const standards = new Set<string>(on ? ['arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0'] : []);
  const analyzers = new Map<string, string>(on ? [['ConsoleAnalyzer', 'ACCOUNT']] : []);
  // AWS sets up an AWS services monitor by itself in many accounts.
  const monitorArn = (id: string) => `arn:aws:ce::${account}:anomalymonitor/${id}`;
  const monitors = new Map<string, string>(on ? [[monitorArn('default-services-monitor'), 'SERVICE']] : []);
  return {
    'AccessAnalyzer:ListAnalyzers': () => ({ analyzers: [...analyzers].map(([name, type]) => ({ name, type, status: 'ACTIVE', arn: `arn:aws:access-analyzer:::analyzer/${name}` })) }),
    'AccessAnalyzer:GetAnalyzer': (input: any) => {
      if (!analyzers.has(input.analyzerName)) {
        throw awsError('ResourceNotFoundException', `Analyzer ${input.analyzerName} not found`);
      }
      return { analyzer: { name: input.analyzerName, type: analyzers.get(input.analyzerName), status: 'ACTIVE', configuration: {} } };
    },
    'AccessAnalyzer:CreateAnalyzer': (input: any) => {
      analyzers.set(input.analyzerName, input.type);
      return { arn: `arn:aws:access-analyzer:::analyzer/${input.analyzerName}` };
    },
    'AccessAnalyzer:UpdateAnalyzer': () => ({}),
    'AccessAnalyzer:DeleteAnalyzer': (input: any) => {
      analyzers.delete(input.analyzerName);
      return {};
    },
    'Account:PutAlternateContact': () => ({}),
    'Config Service:DescribeConfigurationRecorders': () => ({ ConfigurationRecorders: on ? [{ name: 'default', roleARN: 'arn:aws:iam::role/x' }] : [] }),
    'Config Service:DescribeDeliveryChannels': () => ({ DeliveryChannels: on ? [{ name: 'default' }] : [] }),
    'Config Service:PutConfigurationRecorder': () => ({}),
    'Config Service:PutDeliveryChannel': () => {
      if (fails) {
        throw awsError('InsufficientDeliveryPolicyException', 'Insufficient delivery policy to s3 bucket');
      }
      return {};
    },
    'Config Service:StartConfigurationRecorder': () => ({}),
    'Config Service:StopConfigurationRecorder': () => ({}),
    'Config Service:DeleteDeliveryChannel': () => ({}),
    'Config Service:DeleteConfigurationRecorder': () => ({}),
    'Cost Explorer:GetAnomalyMonitors': () => ({
      AnomalyMonitors: [...monitors].map(([MonitorArn, MonitorDimension]) => ({ MonitorArn, MonitorName: 'Default-Services-Monitor', MonitorType: 'DIMENSIONAL', MonitorDimension })),
    }),
    'Cost Explorer:CreateAnomalyMonitor': (input: any) => {
      const created = monitorArn('11111111-2222-3333-4444-555555555555');
      monitors.set(created, input.AnomalyMonitor.MonitorDimension);
      return { MonitorArn: created };
    },
    'Cost Explorer:DeleteAnomalyMonitor': (input: any) => {
      monitors.delete(input.MonitorArn);
      return {};
    },
    'EC2:EnableEbsEncryptionByDefault': () => ({ EbsEncryptionByDefault: true }),
    'EC2:ModifyEbsDefaultKmsKeyId': () => ({}),
    'EC2:ResetEbsDefaultKmsKeyId': () => ({}),
    'EC2:DescribeVpcs': () => ({ Vpcs: [{ VpcId: 'vpc-0123456789abcdef0', IsDefault: true }] }),
    'EC2:DescribeSecurityGroups': () => ({ SecurityGroups: [{ GroupId: 'sg-0123456789abcdef0', GroupName: 'default', VpcId: 'vpc-0123456789abcdef0' }] }),
    'EC2:DescribeSecurityGroupRules': () => ({
      SecurityGroupRules: [
        { SecurityGroupRuleId: 'sgr-0123456789abcdef0', GroupId: 'sg-0123456789abcdef0', IsEgress: false },
        { SecurityGroupRuleId: 'sgr-0123456789abcdef1', GroupId: 'sg-0123456789abcdef0', IsEgress: true },
      ],
    }),
    'EC2:RevokeSecurityGroupIngress': () => ({ Return: true }),
    'EC2:RevokeSecurityGroupEgress': () => ({ Return: true }),
    'GuardDuty:GetAdministratorAccount': () => (member ? { Administrator: { AccountId: ADMINISTRATOR_ACCOUNT, RelationshipStatus: 'Enabled' } } : {}),
    'GuardDuty:ListDetectors': () => ({ DetectorIds: detector ? [DETECTOR_ID] : [] }),
    'GuardDuty:CreateDetector': () => {
      detector = true;
      return { DetectorId: DETECTOR_ID };
    },
    'GuardDuty:UpdateDetector': () => ({}),
    'GuardDuty:DeleteDetector': () => {
      detector = false;
      return {};
    },
    'GuardDuty:UpdateOrganizationConfiguration': () => ({}),
    'GuardDuty:ListOrganizationAdminAccounts': () => ({ AdminAccounts: [] }),
    'GuardDuty:EnableOrganizationAdminAccount': () => ({}),
    'IAM:UpdateAccountPasswordPolicy': () => ({}),
    'IAM:CreateServiceLinkedRole': (input: any) => {
      if (on) {
        throw awsError('InvalidInputException', `Service role name for ${input.AWSServiceName} has been taken in this account, please try a different suffix.`);
      }
      return { Role: {} };
    },
    'Inspector2:BatchGetAccountStatus': () => ({
      accounts: [{ accountId: account, resourceState: inspectorEnabled ? { ec2: ENABLED, ecr: ENABLED, lambda: ENABLED, lambdaCode: ENABLED } : {} }],
    }),
    'Inspector2:GetMember': () => {
      if (!member) {
        throw awsError('ResourceNotFoundException', `Account ${account} is not a member`);
      }
      return { member: { accountId: account, relationshipStatus: 'ENABLED', delegatedAdminAccountId: ADMINISTRATOR_ACCOUNT } };
    },
    'Inspector2:Enable': () => {
      inspectorEnabled = true;
      return fails
        ? { accounts: [], failedAccounts: [{ accountId: account, errorCode: 'INTERNAL_ERROR', errorMessage: 'Lambda code scanning failed' }] }
        : { accounts: [], failedAccounts: [] };
    },
    'Inspector2:Disable': () => {
      inspectorEnabled = false;
      return { accounts: [], failedAccounts: [] };
    },
    'Macie2:GetMacieSession': () => {
      if (!macie) {
        throw awsError('AccessDeniedException', 'Macie is not enabled.');
      }
      return { status: 'ENABLED', findingPublishingFrequency: 'SIX_HOURS' };
    },
    'Macie2:GetAdministratorAccount': () => (member ? { administrator: { accountId: ADMINISTRATOR_ACCOUNT, relationshipStatus: 'Enabled' } } : {}),
    'Macie2:EnableMacie': () => {
      macie = true;
      return {};
    },
    'Macie2:UpdateMacieSession': () => ({}),
    'Macie2:UpdateAutomatedDiscoveryConfiguration': () => {
      if (fails) {
        throw awsError('ValidationException', 'Automated sensitive data discovery is not available in this Region');
      }
      return {};
    },
    'Macie2:DisableMacie': () => {
      macie = false;
      return {};
    },
    'Detective:ListGraphs': () => ({ GraphList: graph ? [{ Arn: graph }] : [] }),
    'Detective:ListInvitations': () => ({
      Invitations: member ? [{ AccountId: account, AdministratorId: ADMINISTRATOR_ACCOUNT, GraphArn: `arn:aws:detective:us-east-1:${ADMINISTRATOR_ACCOUNT}:graph:027c7c4610ea4aacaf0b883093cab899`, Status: 'ENABLED' }] : [],
    }),
    'Detective:CreateGraph': () => {
      graph = GRAPH_ARN;
      return { GraphArn: graph };
    },
    'Detective:DeleteGraph': () => {
      graph = undefined;
      return {};
    },
    'Organizations:ListAWSServiceAccessForOrganization': () => ({ EnabledServicePrincipals: [] }),
    'Organizations:EnableAWSServiceAccess': () => ({}),
    'Organizations:ListDelegatedAdministrators': () => ({ DelegatedAdministrators: [] }),
    'Organizations:RegisterDelegatedAdministrator': () => ({}),
    'S3 Control:PutPublicAccessBlock': () => ({}),
    'SecurityHub:DescribeHub': () => {
      if (!hub) {
        throw awsError('InvalidAccessException', `Account ${account} is not subscribed to AWS Security Hub`);
      }
      return { HubArn: 'arn:aws:securityhub:::hub/default' };
    },
    'SecurityHub:EnableSecurityHub': () => {
      hub = true;
      return {};
    },
    'SecurityHub:DisableSecurityHub': () => {
      hub = false;
      return {};
    },
    'SecurityHub:UpdateSecurityHubConfiguration': () => ({}),
    'SecurityHub:GetEnabledStandards': () => ({
      StandardsSubscriptions: [...standards].map(arn => ({
        StandardsArn: arn, StandardsSubscriptionArn: `${arn}/subscription`, StandardsStatus: 'READY',
      })),
    }),
    'SecurityHub:BatchEnableStandards': (input: any) => {
      if (fails) {
        throw awsError('InvalidInputException', 'The standard is not available in this Region');
      }
      input.StandardsSubscriptionRequests.forEach((r: any) => standards.add(r.StandardsArn));
      return {};
    },
    'SecurityHub:BatchDisableStandards': (input: any) => {
      input.StandardsSubscriptionArns.forEach((arn: string) => standards.delete(arn.replace(/\/subscription$/, '')));
      return {};
    },
    'SecurityHub:UpdateStandardsControl': () => ({}),
    'SecurityHub:GetAdministratorAccount': () => (member ? { Administrator: { AccountId: ADMINISTRATOR_ACCOUNT, MemberStatus: 'Enabled' } } : {}),
    'SecurityHub:ListFindingAggregators': () => ({ FindingAggregators: on ? [{ FindingAggregatorArn: 'arn:aws:securityhub:::finding-aggregator/existing' }] : [] }),
    'SecurityHub:CreateFindingAggregator': () => ({ FindingAggregatorArn: 'arn:aws:securityhub:eu-west-1:111122223333:finding-aggregator/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' }),
    'SecurityHub:UpdateFindingAggregator': () => ({}),
    'SecurityHub:DeleteFindingAggregator': () => ({}),
    'SecurityHub:ListOrganizationAdminAccounts': () => ({ AdminAccounts: [] }),
    'SecurityHub:EnableOrganizationAdminAccount': () => ({}),
  } as Record<string, (input: any) => unknown>;
}

/**
 * Replaces every SDK client the provider uses with the fake account, and records each call.
 * An unknown command fails the call, naming it.
 */
export class FakeAws {
  public readonly calls: RecordedCall[] = [];
  /** What CloudFormation says about the stack and resource of the request being handled; set it before each request. */
  public cloudFormation: CloudFormationView = {};
  private readonly stubs: AwsStub<any, any, any>[];
  private answers: Record<string, (input: any) => unknown>;

  constructor(private readonly account: string) {
    this.answers = accountAnswers('fresh', account);
    this.stubs = CLIENTS.map(client => {
      const stub = mockClient(client as any);
      stub.send.callsFake(async function (this: any, command: any): Promise<any> {
        return fake.answer(`${this.config.serviceId}:${command.constructor.name.replace(/Command$/, '')}`, command.input);
      });
      return stub;
    });
    const fake = this;
  }

  /** Starts over with an account in the given state. */
  public reset(state: AccountState): void {
    this.calls.length = 0;
    this.answers = accountAnswers(state, this.account);
  }

  /** Answers one command differently until the next reset, e.g. a CloudFormation answer no view gives. */
  public answerWith(command: string, answer: (input: any) => unknown): void {
    this.answers = { ...this.answers, [command]: answer };
  }

  public restore(): void {
    this.stubs.forEach(stub => stub.restore());
  }

  private answer(command: string, input: Record<string, any>): unknown {
    this.calls.push({ command, input });
    const answer = this.answers[command] ?? cloudFormationAnswers(() => this.cloudFormation)[command as 'CloudFormation:DescribeStacks'];
    if (!answer) {
      throw new Error(`test/iam/fake-aws.ts has no answer for ${command}; add one`);
    }
    return answer(input);
  }
}
