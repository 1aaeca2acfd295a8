import { ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import {
  DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand, DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { ListGraphsCommand, ListInvitationsCommand } from '@aws-sdk/client-detective';
import { GetAdministratorAccountCommand as GetGuardDutyAdministratorCommand, GetDetectorCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { BatchGetAccountStatusCommand, GetMemberCommand } from '@aws-sdk/client-inspector2';
import { GetMacieSessionCommand } from '@aws-sdk/client-macie2';
import {
  AwsSecurityFinding, DescribeHubCommand, GetAdministratorAccountCommand as GetSecurityHubAdministratorCommand, GetEnabledStandardsCommand,
  GetFindingsCommand,
} from '@aws-sdk/client-securityhub';
import { activeInspectorAdministrator, isActiveRelationship, isMacieOff, isNotInspectorMember } from '../../handler/administered';
import { errorName } from '../../handler/aws-call';
import { Check, fail, listed, pass } from '../check';
import { NeedsPermission, read, readAll } from '../read';

const FSBP = 'standards/aws-foundational-security-best-practices/v/1.0.0';

/** ", managed by the administrator account X" when an active administrator manages the service. */
function managedBy(administrator: string | undefined): string {
  return administrator ? `; member account, managed by the administrator account ${administrator}` : '';
}

/**
 * Security Hub on, with FSBP enabled, in the region checked. The share of FSBP controls passing is
 * evidence, counted the way the console's security score is: per control, from its active findings;
 * a control with any FAILED finding fails, controls with no PASSED or FAILED finding are left out
 * (Security Hub user guide, "Calculating security scores").
 */
export const securityHub: Check = async ({ region, clients }) => {
  try {
    await read('securityhub:DescribeHub', () => clients.securityHub.send(new DescribeHubCommand({})));
  } catch (error) {
    // Security Hub answers InvalidAccessException "Account ... is not subscribed to AWS Security Hub".
    if (errorName(error) === 'InvalidAccessException' || errorName(error) === 'ResourceNotFoundException') {
      return fail(`Security Hub is not enabled in ${region} (securityhub:DescribeHub answered ${errorName(error)})`);
    }
    throw error;
  }
  const { items: standards } = await readAll('securityhub:GetEnabledStandards',
    token => clients.securityHub.send(new GetEnabledStandardsCommand({ NextToken: token })),
    page => page.StandardsSubscriptions, page => page.NextToken);
  const fsbp = standards.find(standard => standard.StandardsArn?.endsWith(FSBP));
  const { Administrator: administrator } = await read('securityhub:GetAdministratorAccount',
    () => clients.securityHub.send(new GetSecurityHubAdministratorCommand({})));
  const member = managedBy(isActiveRelationship(administrator?.MemberStatus) ? administrator?.AccountId : undefined);
  if (!fsbp || fsbp.StandardsStatus === 'DELETING' || fsbp.StandardsStatus === 'FAILED') {
    const state = fsbp ? fsbp.StandardsStatus : 'not enabled';
    return fail(`Security Hub is on in ${region} but AWS Foundational Security Best Practices is ${state}${member}`);
  }
  return pass(`Security Hub is on in ${region}; FSBP: ${await fsbpScore(clients)}${member}`);
};

async function fsbpScore(clients: Parameters<Check>[0]['clients']): Promise<string> {
  const { items: findings, truncated } = await readAll('securityhub:GetFindings',
    token => clients.securityHub.send(new GetFindingsCommand({
      Filters: {
        ComplianceAssociatedStandardsId: [{ Value: FSBP, Comparison: 'EQUALS' }],
        RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
        WorkflowStatus: [{ Value: 'SUPPRESSED', Comparison: 'NOT_EQUALS' }],
      },
      MaxResults: 100,
      NextToken: token,
    })), page => page.Findings, page => page.NextToken);
  const controls = new Map<string, boolean>();
  for (const finding of findings) {
    const control = controlId(finding);
    const status = finding.Compliance?.Status;
    if (control && (status === 'PASSED' || status === 'FAILED')) {
      controls.set(control, (controls.get(control) ?? true) && status === 'PASSED');
    }
  }
  if (controls.size === 0) {
    return 'no control results yet (the first checks can take up to 24 hours)';
  }
  const passing = [...controls.values()].filter(Boolean).length;
  const partial = truncated ? ` (from the first ${findings.length} findings)` : '';
  return `${Math.round(100 * passing / controls.size)}% of controls passing (${passing} of ${controls.size})${partial}`;
}

function controlId(finding: AwsSecurityFinding): string | undefined {
  return finding.Compliance?.SecurityControlId ?? finding.ProductFields?.ControlId;
}

/** GuardDuty.1: an enabled detector in the region checked, the account's own or a member's. */
export const guardDuty: Check = async ({ region, clients }) => {
  const { DetectorIds: detectors = [] } = await read('guardduty:ListDetectors', () => clients.guardDuty.send(new ListDetectorsCommand({})));
  if (detectors.length === 0) {
    return fail(`no GuardDuty detector in ${region}`);
  }
  const detectorId = detectors[0];
  const { Status: status } = await read('guardduty:GetDetector', () => clients.guardDuty.send(new GetDetectorCommand({ DetectorId: detectorId })));
  const { Administrator: administrator } = await read('guardduty:GetAdministratorAccount',
    () => clients.guardDuty.send(new GetGuardDutyAdministratorCommand({ DetectorId: detectorId })));
  const member = managedBy(isActiveRelationship(administrator?.RelationshipStatus) ? administrator?.AccountId : undefined);
  return status === 'ENABLED'
    ? pass(`GuardDuty detector ${detectorId} is enabled in ${region}${member}`)
    : fail(`GuardDuty detector ${detectorId} in ${region} is ${status}${member}`);
};

/**
 * An active analyzer of external access (type ACCOUNT, or ORGANIZATION in the account that owns
 * it). An organization analyzer lives in the management or delegated administrator account and is
 * not listed in the member accounts it covers.
 */
export const accessAnalyzer: Check = async ({ region, clients }) => {
  const { items: analyzers } = await readAll('access-analyzer:ListAnalyzers',
    token => clients.accessAnalyzer.send(new ListAnalyzersCommand({ nextToken: token })), page => page.analyzers, page => page.nextToken);
  const active = analyzers.filter(analyzer => (analyzer.type === 'ACCOUNT' || analyzer.type === 'ORGANIZATION') && analyzer.status === 'ACTIVE');
  return active.length > 0
    ? pass(`IAM Access Analyzer ${listed(active.map(analyzer => `${analyzer.name} (${analyzer.type})`))} active in ${region}`)
    : fail(`no active external access analyzer in ${region} (an organization analyzer in the management or delegated administrator account is not listed here)`);
};

/** The scan types Phase 1 asks for; Lambda code scanning is reported but is not offered in every region. */
const INSPECTOR_SCANS = [['ec2', 'EC2'], ['ecr', 'ECR'], ['lambda', 'Lambda']] as const;

/** Inspector.1-.3: EC2, ECR and Lambda scanning enabled for this account in the region checked. */
export const inspector: Check = async ({ accountId, region, clients }) => {
  const { accounts = [] } = await read('inspector2:BatchGetAccountStatus',
    () => clients.inspector.send(new BatchGetAccountStatusCommand({ accountIds: [accountId] })));
  const state = accounts[0]?.resourceState;
  const off = INSPECTOR_SCANS.filter(([key]) => state?.[key]?.status !== 'ENABLED').map(([, name]) => name);
  const member = managedBy(await inspectorAdministrator(accountId, clients));
  const lambdaCode = `Lambda code scanning ${state?.lambdaCode?.status ?? 'not offered'}`;
  return off.length === 0
    ? pass(`Inspector scans EC2, ECR and Lambda in ${region}; ${lambdaCode}${member}`)
    : fail(`Inspector in ${region}: ${listed(off)} scanning not enabled${member}`);
};

async function inspectorAdministrator(accountId: string, clients: Parameters<Check>[0]['clients']): Promise<string | undefined> {
  try {
    const { member } = await read('inspector2:GetMember', () => clients.inspector.send(new GetMemberCommand({ accountId })));
    return activeInspectorAdministrator(member, accountId);
  } catch (error) {
    if (isNotInspectorMember(errorName(error))) {
      return undefined;
    }
    throw error;
  }
}

/** Optional. Where Macie is off, GetMacieSession is denied with a message that says so. */
export const macie: Check = async ({ region, clients }) => {
  try {
    const { status } = await read('macie2:GetMacieSession', () => clients.macie.send(new GetMacieSessionCommand({})));
    return status === 'ENABLED' ? pass(`Macie is enabled in ${region}`) : fail(`Macie is ${status} in ${region}`);
  } catch (error) {
    if (error instanceof NeedsPermission && isMacieOff(error.awsError, error.awsMessage)) {
      return fail(`Macie is not enabled in ${region}`);
    }
    throw error;
  }
};

/**
 * Optional (a Phase 2 step). A behavior graph the account administers (ListGraphs lists only those), or
 * membership of another account's graph (an invitation the account accepted, status ENABLED).
 */
export const detective: Check = async ({ region, clients }) => {
  const { items: graphs } = await readAll('detective:ListGraphs',
    token => clients.detective.send(new ListGraphsCommand({ NextToken: token })), page => page.GraphList, page => page.NextToken);
  if (graphs.length > 0) {
    return pass(`Detective behavior graph ${listed(graphs.map(graph => graph.Arn ?? ''))} in ${region}`);
  }
  const { items: invitations } = await readAll('detective:ListInvitations',
    token => clients.detective.send(new ListInvitationsCommand({ NextToken: token })), page => page.Invitations, page => page.NextToken);
  const membership = invitations.find(invitation => isActiveRelationship(invitation.Status));
  return membership
    ? pass(`member of the Detective behavior graph ${membership.GraphArn} in ${region}${managedBy(membership.AdministratorId)}`)
    : fail(`no Detective behavior graph in ${region}`);
};

/** Config.1 in the region checked: a recorder that is recording and a delivery channel. */
export const config: Check = async ({ region, clients }) => {
  const { ConfigurationRecorders: recorders = [] } = await read('config:DescribeConfigurationRecorders',
    () => clients.config.send(new DescribeConfigurationRecordersCommand({})));
  if (recorders.length === 0) {
    return fail(`no AWS Config recorder in ${region}`);
  }
  const { ConfigurationRecordersStatus: statuses = [] } = await read('config:DescribeConfigurationRecorderStatus',
    () => clients.config.send(new DescribeConfigurationRecorderStatusCommand({})));
  const { DeliveryChannels: channels = [] } = await read('config:DescribeDeliveryChannels',
    () => clients.config.send(new DescribeDeliveryChannelsCommand({})));
  const recording = statuses.find(status => status.recording);
  if (!recording) {
    return fail(`AWS Config recorder ${listed(recorders.map(recorder => recorder.name ?? ''))} in ${region} is not recording`);
  }
  if (channels.length === 0) {
    return fail(`AWS Config recorder ${recording.name} in ${region} has no delivery channel`);
  }
  const recorder = recorders.find(candidate => candidate.name === recording.name);
  const scope = recorder?.recordingGroup?.allSupported ? 'all supported resource types' : 'selected resource types';
  return pass(`AWS Config recorder ${recording.name} is recording ${scope} in ${region}, delivery channel ${channels[0].name}`);
};
