/**
 * Every security event the baseline notifies on, raised in every Region of a `MultiRegionBaseline`,
 * reaches the home topic exactly once, whatever the deploy-time shape of Security Hub's cross-Region
 * aggregation. The proof runs on the synthesized templates (their rules, forwarding and targets) in
 * an EventBridge model of the account (event-world.ts); the aggregator is the one the provider's own
 * FindingAggregator handler leaves behind, run on the template's properties against the account's
 * Security Hub state.
 */
import {
  CreateFindingAggregatorCommand, GetAdministratorAccountCommand, ListFindingAggregatorsCommand, SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { DeployedStack, EventWorld, FindingAggregatorState } from './event-world';
import { findingAggregator } from '../../handler/finding-aggregator';
import { MultiRegionBaseline, SecureBaselineProps } from '../../src';
import { awsError } from '../handler/aws-error';
import { DeployedTemplate } from '../iam/cfn-template';

const ACCOUNT = '111111111111';
const ADMINISTRATOR = '999999999999';
const HOME = 'eu-west-1';
const REGIONS = [HOME, 'eu-central-1', 'us-east-1'];
/** A Region the baseline does not cover. */
const ELSEWHERE = 'ap-southeast-2';

const securityHub = mockClient(SecurityHubClient);

/** An event as the service puts it on the bus of `region`, matching the baseline's rule `rule`. */
interface SampleEvent {
  readonly rule: string;
  readonly name: string;
  /** The Regions where the service raises it; every Region of the baseline when not given. */
  readonly regions?: string[];
  readonly event: (region: string) => Record<string, unknown>;
}

const envelope = (source: string, detailType: string, detail: Record<string, unknown>) => ({
  'version': '0',
  'id': '6f87d04b-9f74-4f04-a780-7acf4b0a9b38',
  'detail-type': detailType,
  source,
  'account': ACCOUNT,
  'time': '2026-12-03T09:00:00Z',
  'resources': [],
  detail,
});

/** One event per notifying rule (two for root activity: a console sign-in and an API call). */
const SAMPLES: SampleEvent[] = [
  {
    rule: 'GuardDutyFindings',
    name: 'GuardDuty HIGH finding',
    event: () => envelope('aws.guardduty', 'GuardDuty Finding', { severity: 8, type: 'UnauthorizedAccess:EC2/SSHBruteForce', id: 'f1' }),
  },
  {
    rule: 'SecurityHubFindings',
    name: 'Security Hub failed control',
    event: region => envelope('aws.securityhub', 'Security Hub Findings - Imported', {
      findings: [{
        Region: region,
        AwsAccountId: ACCOUNT,
        ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
        Compliance: { Status: 'FAILED' },
        Workflow: { Status: 'NEW' },
        RecordState: 'ACTIVE',
        Severity: { Label: 'CRITICAL' },
        Title: 'S3 general purpose buckets should block public access',
      }],
    }),
  },
  {
    rule: 'AccessAnalyzerFindings',
    name: 'Access Analyzer active finding',
    event: () => envelope('aws.access-analyzer', 'Access Analyzer Finding', { status: 'ACTIVE', resourceType: 'AWS::S3::Bucket', isPublic: true }),
  },
  {
    rule: 'InspectorFindings',
    name: 'Inspector CRITICAL finding',
    event: () => envelope('aws.inspector2', 'Inspector2 Finding', { severity: 'CRITICAL', status: 'ACTIVE', awsAccountId: ACCOUNT }),
  },
  {
    rule: 'MacieFindings',
    name: 'Macie High finding',
    event: () => envelope('aws.macie', 'Macie Finding', { severity: { description: 'High', score: 3 }, type: 'Policy:IAMUser/S3BucketPublic' }),
  },
  {
    rule: 'TrustedAdvisorChecks',
    name: 'Trusted Advisor check turned red',
    regions: ['us-east-1'],
    event: () => envelope('aws.trustedadvisor', 'Trusted Advisor Check Item Refresh Notification', { 'status': 'ERROR', 'check-name': 'Security Groups - Specific Ports Unrestricted' }),
  },
  {
    rule: 'RootUserActivity',
    name: 'root console sign-in',
    event: () => envelope('aws.signin', 'AWS Console Sign In via CloudTrail', {
      eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', userIdentity: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` },
    }),
  },
  {
    rule: 'RootUserActivity',
    name: 'root API call',
    event: () => envelope('aws.s3', 'AWS API Call via CloudTrail', {
      eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', userIdentity: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` },
    }),
  },
  {
    rule: 'CloudTrailChanges',
    name: 'trail stopped',
    event: () => envelope('aws.cloudtrail', 'AWS API Call via CloudTrail', {
      eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/admin` },
    }),
  },
];

/** Events the baseline does not notify on: they must reach the topic from no Region, by no path. */
const QUIET: SampleEvent[] = [
  {
    rule: 'GuardDutyFindings',
    name: 'GuardDuty LOW finding',
    event: () => envelope('aws.guardduty', 'GuardDuty Finding', { severity: 2, type: 'Recon:EC2/Portscan' }),
  },
  {
    rule: 'SecurityHubFindings',
    name: 'Security Hub passed control',
    event: region => envelope('aws.securityhub', 'Security Hub Findings - Imported', {
      findings: [{ Region: region, Compliance: { Status: 'PASSED' }, Workflow: { Status: 'RESOLVED' }, RecordState: 'ACTIVE', Severity: { Label: 'INFORMATIONAL' } }],
    }),
  },
  {
    rule: 'RootUserActivity',
    name: 'call an AWS service made for the root user',
    event: () => envelope('aws.s3', 'AWS API Call via CloudTrail', {
      eventSource: 's3.amazonaws.com', eventName: 'GetObject', userIdentity: { type: 'Root', invokedBy: 'cloudfront.amazonaws.com' },
    }),
  },
];

/** The account's Security Hub, as the FindingAggregator handler finds it at deploy time. */
interface Shape {
  readonly name: string;
  readonly baseline?: SecureBaselineProps;
  /** The account is a Security Hub member of this administrator. */
  readonly administrator?: string;
  /** The aggregator the account has before the deployment. */
  readonly existing?: FindingAggregatorState;
}

const SHAPES: Shape[] = [
  { name: 'standalone account: the baseline creates the aggregator' },
  { name: 'standalone account with securityHub.aggregateFindings: false', baseline: { securityHub: { aggregateFindings: false } } },
  {
    name: 'standalone account with securityHub.aggregateFindings: false and an aggregator of its own in the home Region',
    baseline: { securityHub: { aggregateFindings: false } },
    existing: { region: HOME, regionLinkingMode: 'ALL_REGIONS', regions: [] },
  },
  { name: 'Security Hub member account: no aggregator may be created', administrator: ADMINISTRATOR },
  {
    name: 'adopted aggregator in the home Region linking every Region',
    existing: { region: HOME, regionLinkingMode: 'ALL_REGIONS', regions: [] },
  },
  {
    name: 'adopted aggregator in the home Region linking only eu-central-1',
    existing: { region: HOME, regionLinkingMode: 'SPECIFIED_REGIONS', regions: ['eu-central-1'] },
  },
  {
    name: 'adopted aggregator in the home Region linking all but us-east-1',
    existing: { region: HOME, regionLinkingMode: 'ALL_REGIONS_EXCEPT_SPECIFIED', regions: ['us-east-1'] },
  },
  {
    name: 'adopted aggregator in member Region us-east-1 linking the others',
    existing: { region: 'us-east-1', regionLinkingMode: 'SPECIFIED_REGIONS', regions: [HOME, 'eu-central-1'] },
  },
  {
    name: `adopted aggregator in ${ELSEWHERE}, which the baseline does not cover, linking every Region`,
    existing: { region: ELSEWHERE, regionLinkingMode: 'ALL_REGIONS', regions: [] },
  },
];

function aggregatorArn(region: string): string {
  return `arn:aws:securityhub:${region}:${ACCOUNT}:finding-aggregator/123e4567-e89b-12d3-a456-426652340000`;
}

/**
 * Runs the provider's FindingAggregator Create on each of the template's aggregator resources against
 * the shape's Security Hub and returns the aggregator the account has afterwards.
 */
async function deployAggregator(stacks: DeployedStack[], shape: Shape): Promise<FindingAggregatorState | undefined> {
  let aggregator = shape.existing;
  for (const stack of stacks) {
    const deployed = new DeployedTemplate(stack.template, {
      partition: 'aws', region: stack.region, account: ACCOUNT, organizationId: 'o-exampleorg', managementAccount: ADMINISTRATOR,
    });
    for (const id of deployed.ofType('Custom::FindingAggregator')) {
      securityHub.reset();
      securityHub.on(GetAdministratorAccountCommand).resolves(shape.administrator
        ? { Administrator: { AccountId: shape.administrator, MemberStatus: 'Enabled' } } : {});
      securityHub.on(ListFindingAggregatorsCommand).resolves({
        FindingAggregators: aggregator ? [{ FindingAggregatorArn: aggregatorArn(aggregator.region) }] : [],
      });
      securityHub.on(CreateFindingAggregatorCommand).callsFake(input => {
        if (shape.administrator) {
          throw awsError('InvalidInputException', 'A finding aggregator cannot be created by a member account');
        }
        if (aggregator) {
          throw awsError('LimitExceededException', 'Only one finding aggregator is allowed per account');
        }
        aggregator = { region: stack.region, regionLinkingMode: input.RegionLinkingMode, regions: input.Regions ?? [] };
        return { FindingAggregatorArn: aggregatorArn(stack.region), FindingAggregationRegion: stack.region, ...input };
      });
      await findingAggregator.create(deployed.propertiesOf(id));
    }
  }
  return aggregator;
}

function synthesize(baseline: SecureBaselineProps | undefined): { stacks: DeployedStack[]; homeTopicArn: string; ruleIds: string[] } {
  const app = new App();
  const multiRegion = new MultiRegionBaseline(app, 'Baseline', { homeRegion: HOME, regions: REGIONS, account: ACCOUNT, baseline });
  const all = [multiRegion.homeStack, ...multiRegion.memberStacks];
  const stacks = all.map(stack => ({ name: stack.stackName, region: stack.region, template: Template.fromStack(stack).toJSON() }));
  const home = multiRegion.homeStack;
  const homeTopicArn = new DeployedTemplate(stacks[0].template, {
    partition: 'aws', region: HOME, account: ACCOUNT, organizationId: 'o-exampleorg', managementAccount: ADMINISTRATOR,
  }).resolve(home.resolve(home.findingsTopic!.topicArn));
  const ruleIds = home.node.findChild('SecurityEventRules').node.children.map(child => child.node.id);
  return { stacks, homeTopicArn, ruleIds };
}

/** For each sample event and Region that raises it: how many times the home topic receives it. */
function arrivals(world: EventWorld, homeTopicArn: string, samples: SampleEvent[]): Record<string, number> {
  const matrix: Record<string, number> = {};
  for (const sample of samples) {
    for (const region of sample.regions ?? REGIONS) {
      matrix[`${sample.name} in ${region}`] = world.raise(region, sample.event(region)).get(homeTopicArn) ?? 0;
    }
  }
  return matrix;
}

const synthesized = new Map<string, ReturnType<typeof synthesize>>();
function synthesizedFor(shape: Shape) {
  const key = JSON.stringify(shape.baseline ?? {});
  if (!synthesized.has(key)) {
    synthesized.set(key, synthesize(shape.baseline));
  }
  return synthesized.get(key)!;
}

describe('every security event of every Region reaches the home topic exactly once', () => {
  beforeAll(() => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(() => jest.restoreAllMocks());

  test('the samples cover every rule of the home region', () => {
    const { ruleIds } = synthesizedFor(SHAPES[0]);
    expect([...new Set(SAMPLES.map(sample => sample.rule))].sort()).toEqual([...ruleIds].sort());
  });

  test.each(SHAPES.map(shape => [shape.name, shape] as const))('%s', async (_name, shape) => {
    const { stacks, homeTopicArn } = synthesizedFor(shape);
    const aggregator = await deployAggregator(stacks, shape);
    const world = new EventWorld(ACCOUNT, stacks, aggregator);
    const matrix = arrivals(world, homeTopicArn, SAMPLES);
    expect(matrix).toEqual(Object.fromEntries(Object.keys(matrix).map(key => [key, 1])));
    const quiet = arrivals(world, homeTopicArn, QUIET);
    expect(quiet).toEqual(Object.fromEntries(Object.keys(quiet).map(key => [key, 0])));
  });

  // Not a promise of the baseline, which covers its own Regions: a Region it does not cover is
  // notified where an aggregator in the home Region links it, and never twice.
  test.each(SHAPES.map(shape => [shape.name, shape] as const))('a failed control in a Region the baseline does not cover: %s', async (_name, shape) => {
    const { stacks, homeTopicArn } = synthesizedFor(shape);
    const aggregator = await deployAggregator(stacks, shape);
    const world = new EventWorld(ACCOUNT, stacks, aggregator);
    const securityHubFinding = SAMPLES.find(sample => sample.rule === 'SecurityHubFindings')!;
    const homeAggregatesElsewhere = aggregator?.region === HOME && world.aggregates(ELSEWHERE);
    expect(world.raise(ELSEWHERE, securityHubFinding.event(ELSEWHERE)).get(homeTopicArn) ?? 0).toBe(homeAggregatesElsewhere ? 1 : 0);
  });
});
