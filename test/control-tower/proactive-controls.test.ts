// Runs every template the library can synthesize through the AWS Control Tower proactive controls
// (the cfn-guard rules that Control Tower's CloudFormation hooks enforce), as packaged by
// @cdklabs/cdk-validator-cfnguard with the cfn-guard binary for Linux and macOS inside: no download.
//
// A finding fails the test unless EXEMPTIONS lists it (control id and construct path), and an
// exemption that no template needs any more fails it too. The README section "Accounts with AWS
// Control Tower proactive controls" lists the same exemptions for administrators.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AnomalyMonitorScope, AnomalySummaryFrequency, AuditTrail, BaselineStackSet, BudgetAlarm, CisAlarm, CisAlarms, FindingsTopic, LogArchive,
  ManagedRulesWebAcl, MultiRegionBaseline, OrganizationAutoEnable, OrganizationSecurityAdmin, S3DataEvents, SecureBaseline,
  SecurityEventForwarding, SecurityEventRules, TrailInsightType, WebAclScope,
} from '../../src';

const ENV = { account: '111111111111', region: 'eu-west-1' };

/**
 * A way to build templates with the library. `build` adds stacks to the app it is given (or synthesizes
 * an app of its own into `outdir`); every CloudFormation template in the resulting cloud assembly is
 * checked, StackSet member templates (file assets) included. Add a source here when a construct lands.
 */
interface TemplateSource {
  readonly name: string;
  readonly build: (app: App, outdir: string) => void;
}

const SOURCES: TemplateSource[] = [
  { name: 'default SecureBaseline', build: app => { new SecureBaseline(app); } },
  { name: 'examples/app.ts (every top-level input)', build: (_app, outdir) => runExample('app.ts', outdir) },
  { name: 'examples/minimal-app.ts', build: (_app, outdir) => runExample('minimal-app.ts', outdir) },
  { name: 'examples/organization.ts (StackSet rollout and guardrail SCPs)', build: (_app, outdir) => runExample('organization.ts', outdir) },
  {
    name: 'ManagedRulesWebAcl (REGIONAL with a rate-based rule, CLOUDFRONT in us-east-1)',
    build: app => {
      new ManagedRulesWebAcl(new Stack(app, 'RegionalWebAcl', { env: ENV }), 'WebAcl', { rateLimit: { limit: 1000 } });
      new ManagedRulesWebAcl(new Stack(app, 'CloudFrontWebAcl', { env: { ...ENV, region: 'us-east-1' } }), 'WebAcl', { scope: WebAclScope.CLOUDFRONT });
    },
  },
  {
    name: 'SecureBaseline with the trail Object Lock bucket, Slack and the CIS alarms',
    build: app => {
      new SecureBaseline(app, 'Locked', {
        notificationEmails: ['security@example.com'],
        logArchive: { trailObjectLock: { mode: s3.ObjectLockMode.COMPLIANCE, retention: Duration.days(2555) } },
        cloudTrail: { dataEvents: true },
        notifications: { slackChannel: { slackWorkspaceId: 'T0123456789', slackChannelId: 'C0123456789' }, cisAlarms: CisAlarm.all() },
        budget: { monthlyLimitUsd: 100, billingAlarm: true },
      });
    },
  },
  {
    name: 'SecureBaseline with a linked account cost anomaly monitor and summary emails',
    build: app => {
      new SecureBaseline(app, 'CostAnomalies', {
        costAnomalyDetection: {
          monitor: AnomalyMonitorScope.linkedAccounts(['222222222222']),
          summaryEmails: ['finance@example.com'],
          summaryFrequency: AnomalySummaryFrequency.WEEKLY,
          thresholdPercent: 20,
        },
      });
    },
  },
  {
    name: 'SecureBaseline with S3 data events, CloudTrail Insights, all-traffic flow logs and a support role for named principals',
    build: app => {
      new SecureBaseline(app, 'Cis', {
        cloudTrail: { s3DataEvents: S3DataEvents.READ_AND_WRITE, insightTypes: [TrailInsightType.API_CALL_RATE, TrailInsightType.API_ERROR_RATE] },
        vpcFlowLogs: { trafficType: ec2.FlowLogTrafficType.ALL },
        supportRole: { assumedBy: new iam.ArnPrincipal('arn:aws:iam::111111111111:role/Responder'), requireMfa: false },
      });
    },
  },
  {
    name: 'MultiRegionBaseline (home and member region stacks)',
    build: app => { new MultiRegionBaseline(app, 'Regions', { homeRegion: 'eu-west-1', regions: ['eu-west-1', 'eu-central-1'], account: ENV.account }); },
  },
  {
    name: 'BaselineStackSet (management stack and member template)',
    build: app => {
      const stack = new Stack(app, 'Management', { env: ENV });
      new BaselineStackSet(stack, 'Baseline', { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['eu-west-1', 'eu-central-1'] });
    },
  },
  {
    name: 'OrganizationSecurityAdmin and OrganizationAutoEnable',
    build: app => {
      new OrganizationSecurityAdmin(new Stack(app, 'OrgManagement', { env: ENV }), 'Admin', { adminAccountId: '222222222222' });
      new OrganizationAutoEnable(new Stack(app, 'OrgAudit', { env: { ...ENV, account: '222222222222' } }), 'AutoEnable');
    },
  },
  {
    name: 'standalone constructs',
    build: app => {
      const stack = new Stack(app, 'Standalone', { env: ENV });
      // A trail given a bucket makes its own key; this bucket is made the way LogArchive makes its trail bucket.
      const archive = new LogArchive(stack, 'LogArchive', { trailObjectLock: { retention: Duration.days(365) } });
      const trail = new AuditTrail(stack, 'Trail', { bucket: archive.trailBucket });
      const findings = new FindingsTopic(stack, 'Findings', { emails: ['security@example.com'] });
      new SecurityEventRules(stack, 'Rules', { topic: findings.topic });
      new CisAlarms(stack, 'CisAlarms', { logGroup: trail.logGroup!, topic: findings.topic });
      new BudgetAlarm(stack, 'Budget', { monthlyLimitUsd: 100, topic: findings.topic });
      new SecurityEventForwarding(new Stack(app, 'Forwarding', { env: { ...ENV, region: 'eu-central-1' } }), 'Forward', { homeRegion: 'eu-west-1' });
    },
  },
];

/** A finding that is expected, and why. `path` is the end of the resource's construct path. */
interface Exemption {
  readonly control: string;
  readonly path: string;
  readonly reason: string;
}

/** Keep in step with the README section "Accounts with AWS Control Tower proactive controls". */
const EXEMPTIONS: Exemption[] = [
  {
    control: 'CT.S3.PR.2',
    path: 'LogArchive/AccessLogsBucket/Resource',
    reason: 'The bucket that receives server access logs cannot log to itself (each delivery would log another).',
  },
  {
    control: 'CT.S3.PR.10',
    path: 'LogArchive/AccessLogsBucket/Resource',
    reason: 'Server access logs are delivered only to buckets whose default encryption is SSE-S3.',
  },
  {
    control: 'CT.S3.PR.9',
    path: 'LogArchive/AccessLogsBucket/Resource',
    reason: 'A bucket with Object Lock cannot be a destination for server access logs.',
  },
  {
    control: 'CT.S3.PR.9',
    path: 'LogArchive/Bucket/Resource',
    reason: 'AWS Config cannot deliver to a bucket with Object Lock; logArchive.trailObjectLock gives the trail a locked bucket.',
  },
  {
    control: 'CT.LAMBDA.PR.3',
    path: 'Custom::SecureBaselineProviderCustomResourceProvider/Handler',
    reason: 'The provider calls only AWS APIs during deployments; a VPC would need NAT or an endpoint per service.',
  },
];

interface Finding {
  readonly source: string;
  readonly template: string;
  readonly control: string;
  readonly logicalId: string;
  readonly path: string;
}

/**
 * Construct paths in the templates (`aws:cdk:path`), as the CDK CLI asks for, so that an exemption
 * names a construct rather than a logical id hash. The examples make their own App, which reads
 * CDK_CONTEXT_JSON like any App.
 */
const PATH_METADATA = { 'aws:cdk:enable-path-metadata': true };

function runExample(file: string, outdir: string): void {
  const previous = { CDK_OUTDIR: process.env.CDK_OUTDIR, CDK_CONTEXT_JSON: process.env.CDK_CONTEXT_JSON };
  process.env.CDK_OUTDIR = outdir;
  process.env.CDK_CONTEXT_JSON = JSON.stringify(PATH_METADATA);
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    // The example runs app.synth() when loaded, as `ts-node examples/<file>` does; a fresh module
    // registry loads it again for each call.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require(path.join(__dirname, '..', '..', 'examples', file)));
  } finally {
    log.mockRestore();
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  }
}

/** Every JSON file of the cloud assembly that is a CloudFormation template (stacks and template assets). */
function templatesIn(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(file => file.endsWith('.json'))
    .map(file => path.join(dir, file))
    .filter(file => {
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      return typeof json === 'object' && json !== null && typeof json.Resources === 'object';
    });
}

function synthesize(source: TemplateSource, outdir: string): string[] {
  const app = new App({ outdir, context: PATH_METADATA });
  source.build(app, outdir);
  if (app.node.children.length > 0) {
    app.synth();
  }
  return templatesIn(outdir);
}

/** The control id that cdk-validator-cfnguard puts at the start of each violation's description. */
function controlOf(description: string): string {
  const match = /^\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(description);
  if (!match) {
    throw new Error(`no control id in '${description}'`);
  }
  return match[1];
}

function findingsOf(validator: CfnGuardValidator, sources: Map<string, string>): Finding[] {
  const report = validator.validate({ templatePaths: [...sources.keys()] });
  return report.violations.flatMap(violation => {
    // The plugin's parser also yields entries without a resource for some clauses; they repeat the
    // resources of the same violation, so they are dropped unless the violation has nothing else.
    const named = violation.violatingResources.filter(resource => resource.resourceLogicalId);
    const resources = named.length > 0 ? named : violation.violatingResources;
    return resources.map(resource => {
      const template = JSON.parse(fs.readFileSync(resource.templatePath, 'utf8'));
      const logicalId = resource.resourceLogicalId ?? '(unknown)';
      return {
        source: sources.get(resource.templatePath)!,
        template: path.basename(resource.templatePath),
        control: controlOf(violation.description),
        logicalId,
        path: template.Resources[logicalId]?.Metadata?.['aws:cdk:path'] ?? logicalId,
      };
    });
  });
}

const isExempt = (finding: Finding, exemption: Exemption) =>
  finding.control === exemption.control && (finding.path === exemption.path || finding.path.endsWith(`/${exemption.path}`));

describe('AWS Control Tower proactive controls', () => {
  const validator = new CfnGuardValidator({ controlTowerRulesEnabled: true });
  let root: string;
  let findings: Finding[];
  const templatesBySource = new Map<string, number>();

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'control-tower-'));
    const sources = new Map<string, string>();
    SOURCES.forEach((source, index) => {
      const templates = synthesize(source, path.join(root, `source-${index}`));
      templatesBySource.set(source.name, templates.length);
      templates.forEach(template => sources.set(template, source.name));
    });
    findings = findingsOf(validator, sources);
  }, 120_000);

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test.each(SOURCES.map(source => source.name))('%s: templates were synthesized and checked', name => {
    expect(templatesBySource.get(name)).toBeGreaterThan(0);
  });

  test.each(SOURCES.map(source => source.name))('%s: no finding outside the documented exemptions', name => {
    const unexpected = findings.filter(finding => finding.source === name && !EXEMPTIONS.some(exemption => isExempt(finding, exemption)));
    expect(unexpected).toEqual([]);
  });

  test('every exemption is still needed by some template', () => {
    const stale = EXEMPTIONS.filter(exemption => !findings.some(finding => isExempt(finding, exemption)));
    expect(stale).toEqual([]);
  });

  test('the README lists every exemption with its control id and construct path', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.split('## Accounts with AWS Control Tower proactive controls')[1]?.split(/\n## /)[0] ?? '';
    for (const exemption of EXEMPTIONS) {
      const row = section.split('\n').find(line => line.includes(exemption.control) && line.includes(exemption.path));
      expect({ exemption, row }).toEqual({ exemption, row: expect.any(String) });
    }
  });

  test('the rules run: a plain bucket and a plain key are flagged', () => {
    const dir = fs.mkdtempSync(path.join(root, 'plain-'));
    const file = path.join(dir, 'Plain.template.json');
    fs.writeFileSync(file, JSON.stringify({
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
        Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] } } },
      },
    }));
    const controls = findingsOf(validator, new Map([[file, 'plain']])).map(finding => `${finding.control} ${finding.logicalId}`);
    expect(controls).toEqual(expect.arrayContaining(['CT.S3.PR.4 Bucket', 'CT.S3.PR.9 Bucket', 'CT.S3.PR.10 Bucket', 'CT.KMS.PR.3 Key']));
  });
});
