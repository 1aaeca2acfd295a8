import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Stage } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BaselineStackSet, CisAlarm, CoverageEntry, CoverageKind, CoverageReport, CoverageStatus, MultiRegionBaseline, S3DataEvents, SecureBaseline,
  SecureBaselineProps, SecurityHubStandard,
} from '../../src';
import { CONTROLS, ITEM_ASSESSMENTS } from '../../src/phase1/controls';
import { PHASE1_ITEMS } from '../../src/phase1/items';

const CONTACT = { name: 'Security team', email: 'security@example.com', phone: '+1 555 0100' };
/** Props under which every part the baseline can make is made. */
const FULL: SecureBaselineProps = { securityContact: CONTACT, budget: { monthlyLimitUsd: 100 }, notificationEmails: ['security@example.com'] };

function report(props: SecureBaselineProps = FULL): CoverageReport {
  return CoverageReport.of(new SecureBaseline(new App(), 'SecureBaseline', props));
}

function entryOf(r: CoverageReport, id: string): CoverageEntry {
  const found = r.entries.find(e => e.id === id);
  if (!found) {
    throw new Error(`no entry ${id}`);
  }
  return found;
}

/** The status and the prop of each entry that is OFF, keyed by id. */
function offProps(r: CoverageReport): Record<string, string | undefined> {
  return Object.fromEntries(r.withStatus(CoverageStatus.OFF).map(e => [e.id, e.offProp]));
}

describe('coverage catalogue', () => {
  test('every Phase 1 item has exactly one assessment, and every assessment an item', () => {
    expect(Object.keys(ITEM_ASSESSMENTS).sort()).toEqual(PHASE1_ITEMS.map(item => item.id).sort());
  });

  test('control ids are unique and each names the standards that include it', () => {
    const ids = CONTROLS.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['Account.1', 'CloudTrail.1', 'CloudTrail.2', 'CloudTrail.4', 'CloudTrail.5', 'Config.1',
      'GuardDuty.1', 'EC2.2', 'EC2.7', 'S3.1', 'S3.5', 'S3.8', 'S3.9', 'IAM.7', 'IAM.11', 'IAM.16', 'IAM.28', 'KMS.4', 'Inspector.1', 'Inspector.4',
      ...CisAlarm.all().map(alarm => alarm.controlId)]));
  });
});

describe('CoverageReport under the default props', () => {
  test('lists every Phase 1 item, then every control', () => {
    const r = report();
    expect(r.entries.filter(e => e.kind === CoverageKind.PHASE1_ITEM).map(e => e.id)).toEqual(PHASE1_ITEMS.map(item => item.id));
    expect(r.entries.filter(e => e.kind === CoverageKind.SECURITY_HUB_CONTROL).map(e => e.id)).toEqual(CONTROLS.map(c => c.id));
  });

  test('what the baseline makes is SATISFIED by its construct path', () => {
    const r = report();
    expect(entryOf(r, 'guardduty')).toMatchObject({
      status: CoverageStatus.SATISFIED,
      satisfiedBy: ['SecureBaseline/GuardDuty', 'SecureBaseline/SecurityEventRules'],
    });
    expect(entryOf(r, 'CloudTrail.1')).toMatchObject({ status: CoverageStatus.SATISFIED, satisfiedBy: ['SecureBaseline/AuditTrail'], evaluated: true });
    expect(entryOf(r, 'Account.1')).toMatchObject({ status: CoverageStatus.SATISFIED, satisfiedBy: ['SecureBaseline/AlternateContacts'] });
    expect(entryOf(r, 'CloudWatch.1')).toMatchObject({
      status: CoverageStatus.SATISFIED,
      satisfiedBy: ['SecureBaseline/CisAlarms/RootUserActivityAlarm'],
      standards: ['CIS v1.4.0', 'CIS v1.2.0'],
      evaluated: false,
    });
    expect(entryOf(r, 'KMS.4')).toMatchObject({
      status: CoverageStatus.SATISFIED,
      satisfiedBy: ['SecureBaseline/LogArchive/Key', 'SecureBaseline/FindingsTopic/Key'],
    });
    expect(entryOf(r, 'Inspector.3')).toMatchObject({ status: CoverageStatus.SATISFIED, satisfiedBy: ['SecureBaseline/Inspector'] });
  });

  test('only IAM.17 (password expiry) and the charged options are OFF by default, naming their props', () => {
    expect(offProps(report())).toEqual({
      'IAM.17': 'passwordPolicy.maxPasswordAge',
      'S3.22': 'cloudTrail.s3DataEvents',
      'S3.23': 'cloudTrail.s3DataEvents',
      'detective': 'detective.enabled',
      'macie': 'macie.enabled',
      'Macie.1': 'macie.enabled',
      'Macie.2': 'macie.enabled',
    });
  });

  test('root MFA is DETECTED by FSBP IAM.6 and the root activity alarm, with the manual step', () => {
    const rootMfa = entryOf(report(), 'root-mfa');
    expect(rootMfa.status).toBe(CoverageStatus.DETECTED);
    expect(rootMfa.detectedBy).toEqual(['Security Hub IAM.6', 'CIS alarm RootUserActivity (CloudWatch.1)']);
    expect(rootMfa.manualStep).toMatch(/assign an MFA device/);
  });

  test('CIS v3.0.0 adds IAM.9 and IAM.5 to what Security Hub evaluates', () => {
    const standards = [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES, SecurityHubStandard.CIS_AWS_FOUNDATIONS_BENCHMARK_V3];
    const r = report({ ...FULL, securityHub: { standards } });
    expect(entryOf(r, 'root-mfa').detectedBy).toEqual(['Security Hub IAM.6', 'Security Hub IAM.9', 'CIS alarm RootUserActivity (CloudWatch.1)']);
    expect(entryOf(r, 'IAM.28').evaluated).toBe(true);
    expect(entryOf(r, 'IAM.5')).toMatchObject({ status: CoverageStatus.DETECTED, evaluated: true });
  });

  test('WAF is MANUAL (workload stacks own it); the optional items are marked optional, Macie and Detective OFF until enabled', () => {
    const r = report();
    expect(entryOf(r, 'waf').status).toBe(CoverageStatus.MANUAL);
    expect(r.entries.filter(e => e.optional).map(e => [e.id, e.status])).toEqual([
      ['region-restriction', CoverageStatus.MANUAL], ['detective', CoverageStatus.OFF], ['macie', CoverageStatus.OFF],
    ]);
    expect(entryOf(r, 'macie').offProp).toBe('macie.enabled');
    expect(r.entries.filter(e => !e.optional && e.kind === CoverageKind.PHASE1_ITEM)).toHaveLength(PHASE1_ITEMS.length - 3);
  });

  test('Trusted Advisor findings are SATISFIED by the us-east-1 rule, and MANUAL where Trusted Advisor publishes no events', () => {
    const inRegion = (region: string) => CoverageReport.of(new SecureBaseline(new App(), 'SecureBaseline', { ...FULL, env: { account: '111111111111', region } }));
    expect(entryOf(inRegion('us-east-1'), 'trusted-advisor')).toMatchObject({
      status: CoverageStatus.SATISFIED, satisfiedBy: ['SecureBaseline/SecurityEventRules/TrustedAdvisorChecks'],
    });
    expect(entryOf(inRegion('eu-west-1'), 'trusted-advisor')).toMatchObject({ status: CoverageStatus.MANUAL });
    expect(entryOf(inRegion('eu-west-1'), 'trusted-advisor').manualStep).toMatch(/us-east-1/);
  });

  // The README's coverage table is generated for an environment-agnostic stack: it must not claim events
  // that only a us-east-1 deployment gets (a stack pinned to eu-west-1 reports MANUAL).
  test('an environment-agnostic baseline reports Trusted Advisor as MANUAL: its rule notifies only if deployed in us-east-1', () => {
    const entry = entryOf(report(), 'trusted-advisor');
    expect(entry).toMatchObject({ status: CoverageStatus.MANUAL, satisfiedBy: [] });
    expect(entry.detail).toBe('Trusted Advisor publishes its events only in us-east-1; this stack\'s region is not known at synth, '
      + 'so its rule notifies them only if the stack is deployed in us-east-1.');
  });

  test('a us-east-1 member region forwards Trusted Advisor events to the home region\'s topic', () => {
    const baseline = new MultiRegionBaseline(new App(), 'Baseline', { homeRegion: 'eu-west-1', regions: ['eu-west-1', 'us-east-1'], account: '111111111111' });
    expect(entryOf(CoverageReport.of(baseline.homeStack), 'trusted-advisor')).toMatchObject({
      status: CoverageStatus.SATISFIED, satisfiedBy: ['SecureBaseline-us-east-1/SecurityEventForwarding/TrustedAdvisorChecks'],
    });
  });

  test.each<[string, SecureBaselineProps, Record<string, CoverageStatus>]>([
    ['S3 write data events', { cloudTrail: { s3DataEvents: S3DataEvents.WRITE_ONLY } }, { 'S3.22': CoverageStatus.SATISFIED, 'S3.23': CoverageStatus.OFF }],
    ['S3 read and write data events', { cloudTrail: { s3DataEvents: S3DataEvents.READ_AND_WRITE } },
      { 'S3.22': CoverageStatus.SATISFIED, 'S3.23': CoverageStatus.SATISFIED }],
    ['Detective', { detective: { enabled: true } }, { detective: CoverageStatus.SATISFIED }],
    ['Macie', { macie: { enabled: true } }, { 'macie': CoverageStatus.SATISFIED, 'Macie.1': CoverageStatus.SATISFIED, 'Macie.2': CoverageStatus.OFF }],
    ['Macie with automated discovery', { macie: { enabled: true, automatedDiscovery: true } },
      { 'macie': CoverageStatus.SATISFIED, 'Macie.1': CoverageStatus.SATISFIED, 'Macie.2': CoverageStatus.SATISFIED }],
  ])('options: %s', (_case, props, expected) => {
    const r = report({ ...FULL, ...props });
    expect(Object.fromEntries(Object.keys(expected).map(id => [id, entryOf(r, id).status]))).toEqual(expected);
  });

  test('flow logs (EC2.6) and the support role (IAM.18) are SATISFIED by default', () => {
    const r = report();
    expect(entryOf(r, 'EC2.6')).toMatchObject({ status: CoverageStatus.SATISFIED, satisfiedBy: ['SecureBaseline/VpcFlowLogs'] });
    expect(entryOf(r, 'IAM.18')).toMatchObject({ status: CoverageStatus.SATISFIED, satisfiedBy: ['SecureBaseline/SupportRole'] });
  });
});

describe('each prop that turns something off', () => {
  test.each<[string, SecureBaselineProps, Record<string, string>]>([
    ['cloudTrail.enabled', { cloudTrail: { enabled: false } },
      { 'cloudtrail': 'cloudTrail.enabled', 'CloudTrail.1': 'cloudTrail.enabled', 'CloudTrail.5': 'cloudTrail.enabled', 'CloudWatch.1': 'cloudTrail.enabled' }],
    ['cloudTrail.sendToCloudWatchLogs', { cloudTrail: { sendToCloudWatchLogs: false } },
      { 'CloudTrail.5': 'cloudTrail.sendToCloudWatchLogs', 'CloudWatch.14': 'cloudTrail.sendToCloudWatchLogs' }],
    ['config.enabled', { config: { enabled: false } }, { 'config': 'config.enabled', 'Config.1': 'config.enabled' }],
    ['guardDuty.enabled', { guardDuty: { enabled: false } }, { 'guardduty': 'guardDuty.enabled', 'GuardDuty.1': 'guardDuty.enabled' }],
    ['securityHub.enabled', { securityHub: { enabled: false } }, { 'security-hub': 'securityHub.enabled' }],
    ['accessAnalyzer.enabled', { accessAnalyzer: { enabled: false } }, { 'access-analyzer': 'accessAnalyzer.enabled', 'IAM.28': 'accessAnalyzer.enabled' }],
    ['inspector.enabled', { inspector: { enabled: false } }, { 'inspector': 'inspector.enabled', 'Inspector.1': 'inspector.enabled' }],
    ['inspector.lambdaCode', { inspector: { lambdaCode: false } }, { 'Inspector.3': 'inspector.lambdaCode' }],
    ['ebsEncryption.enabled', { ebsEncryption: { enabled: false } }, { 'ebs-encryption': 'ebsEncryption.enabled', 'EC2.7': 'ebsEncryption.enabled' }],
    ['s3BlockPublicAccess.enabled', { s3BlockPublicAccess: { enabled: false } },
      { 's3-block-public-access': 's3BlockPublicAccess.enabled', 'S3.1': 's3BlockPublicAccess.enabled' }],
    ['passwordPolicy.enabled', { passwordPolicy: { enabled: false } }, { 'IAM.7': 'passwordPolicy.enabled', 'IAM.15': 'passwordPolicy.enabled' }],
    ['passwordPolicy.requireAllCharacterClasses', { passwordPolicy: { requireAllCharacterClasses: false } },
      { 'IAM.7': 'passwordPolicy.requireAllCharacterClasses', 'IAM.11': 'passwordPolicy.requireAllCharacterClasses' }],
    ['passwordPolicy.minimumLength', { passwordPolicy: { minimumLength: 12 } }, { 'IAM.15': 'passwordPolicy.minimumLength' }],
    ['passwordPolicy.passwordReusePrevention', { passwordPolicy: { passwordReusePrevention: 5 } }, { 'IAM.16': 'passwordPolicy.passwordReusePrevention' }],
    ['defaultSecurityGroup.enabled', { defaultSecurityGroup: { enabled: false } },
      { 'security-groups': 'defaultSecurityGroup.enabled', 'EC2.2': 'defaultSecurityGroup.enabled' }],
    ['notifications.enabled', { notifications: { enabled: false } }, { 'CloudWatch.1': 'notifications.enabled', 'CloudWatch.14': 'notifications.enabled' }],
    ['notifications.cisAlarms', { notifications: { cisAlarms: [CisAlarm.ROOT_USER_ACTIVITY] } }, { 'CloudWatch.2': 'notifications.cisAlarms' }],
    ['securityContact', { securityContact: undefined }, { 'security-contact': 'securityContact', 'Account.1': 'securityContact' }],
    ['vpcFlowLogs.enabled', { vpcFlowLogs: { enabled: false } }, { 'EC2.6': 'vpcFlowLogs.enabled' }],
    ['supportRole.enabled', { supportRole: { enabled: false } }, { 'IAM.18': 'supportRole.enabled' }],
    ['cloudTrail.s3DataEvents', {}, { 'S3.22': 'cloudTrail.s3DataEvents', 'S3.23': 'cloudTrail.s3DataEvents' }],
    ['macie.automatedDiscovery', { macie: { enabled: true } }, { 'Macie.2': 'macie.automatedDiscovery' }],
    ['costAnomalyDetection.enabled', { budget: undefined, costAnomalyDetection: { enabled: false } },
      { 'billing-alarms': 'costAnomalyDetection.enabled' }],
  ])('%s', (_prop, props, expected) => {
    expect(offProps(report({ ...FULL, ...props }))).toEqual(expect.objectContaining(expected));
  });

  test.each([
    ['Cost Anomaly Detection alone', { budget: undefined }, ['SecureBaseline/CostAnomalyDetection']],
    ['a budget alone', { costAnomalyDetection: { enabled: false } }, ['SecureBaseline/Budget']],
    ['both', {}, ['SecureBaseline/CostAnomalyDetection', 'SecureBaseline/Budget']],
  ])('billing alarms are SATISFIED by %s', (_case, props, satisfiedBy) => {
    expect(entryOf(report({ ...FULL, ...props }), 'billing-alarms')).toMatchObject({ status: CoverageStatus.SATISFIED, satisfiedBy });
  });

  test('a password policy that expires passwords within 90 days satisfies IAM.17', () => {
    expect(entryOf(report({ ...FULL, passwordPolicy: { maxPasswordAge: Duration.days(90) } }), 'IAM.17').status).toBe(CoverageStatus.SATISFIED);
  });

  test('without Security Hub, root MFA is left to the owner, detected only by the CIS alarm', () => {
    const r = report({ ...FULL, securityHub: { enabled: false } });
    expect(entryOf(r, 'root-mfa')).toMatchObject({ status: CoverageStatus.DETECTED, detectedBy: ['CIS alarm RootUserActivity (CloudWatch.1)'] });
    expect(entryOf(r, 'CloudTrail.1').evaluated).toBe(false);
    const bare = report({ ...FULL, securityHub: { enabled: false }, notifications: { enabled: false } });
    expect(entryOf(bare, 'root-mfa')).toMatchObject({ status: CoverageStatus.MANUAL, detectedBy: [] });
  });
});

describe('member-region stacks of a MultiRegionBaseline', () => {
  function regions() {
    const app = new App();
    const baseline = new MultiRegionBaseline(app, 'Baseline', {
      homeRegion: 'eu-west-1',
      regions: ['eu-west-1', 'eu-central-1'],
      account: '111111111111',
      baseline: { ...FULL, budget: undefined, costAnomalyDetection: { enabled: false } },
    });
    return { home: CoverageReport.of(baseline.homeStack), member: CoverageReport.of(baseline.memberStacks[0]) };
  }

  test('account-wide parts are SATISFIED by the home region stack', () => {
    const { member } = regions();
    for (const id of ['IAM.7', 'CloudTrail.1', 'S3.1', 'Account.1', 'cloudtrail', 'CloudWatch.1']) {
      expect(entryOf(member, id).status).toBe(CoverageStatus.SATISFIED);
      expect(entryOf(member, id).detail).toMatch(/^SATISFIED by the home region stack SecureBaseline-eu-west-1: /);
      expect(entryOf(member, id).satisfiedBy[0]).toMatch(/^SecureBaseline-eu-west-1\//);
    }
  });

  test('regional parts are the member stack\'s own', () => {
    const { member } = regions();
    expect(entryOf(member, 'GuardDuty.1').satisfiedBy).toEqual(['SecureBaseline-eu-central-1/GuardDuty']);
    expect(entryOf(member, 'guardduty').satisfiedBy).toEqual(['SecureBaseline-eu-central-1/GuardDuty', 'SecureBaseline-eu-central-1/SecurityEventForwarding']);
    expect(entryOf(member, 'Config.1').satisfiedBy).toEqual(['SecureBaseline-eu-central-1/ConfigRecorder']);
  });

  test('what the home region leaves off is OFF in the member region too, said to be the home region\'s', () => {
    const { home, member } = regions();
    expect(entryOf(home, 'billing-alarms')).toMatchObject({ status: CoverageStatus.OFF, offProp: 'costAnomalyDetection.enabled' });
    expect(entryOf(member, 'billing-alarms')).toMatchObject({ status: CoverageStatus.OFF, offProp: 'costAnomalyDetection.enabled' });
    expect(entryOf(member, 'billing-alarms').detail).toMatch(/^In the home region stack SecureBaseline-eu-west-1: /);
  });

  test('a member-region SecureBaseline whose home baseline is not in the app leaves the account-wide parts to the owner', () => {
    const app = new App();
    const homeBucket = s3.Bucket.fromBucketName(new Stack(app, 'Elsewhere'), 'HomeLogBucket', 'home-log-bucket');
    const member = new SecureBaseline(app, 'Member', {
      env: { account: '111111111111', region: 'eu-central-1' }, homeRegion: 'eu-west-1', config: { bucket: homeBucket },
    });
    const entry = entryOf(CoverageReport.of(member), 'IAM.7');
    expect(entry.status).toBe(CoverageStatus.MANUAL);
    expect(entry.detail).toMatch(/no SecureBaseline there to read/);
  });
});

describe('the report in the cloud assembly', () => {
  test('app.synth() writes <artifactId>.coverage.json and .coverage.md for every baseline stack', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-'));
    const app = new App({ outdir });
    new MultiRegionBaseline(app, 'Baseline', { homeRegion: 'eu-west-1', regions: ['eu-west-1', 'eu-central-1'], account: '111111111111' });
    app.synth();
    for (const artifactId of ['SecureBaseline-eu-west-1', 'SecureBaseline-eu-central-1']) {
      expect(fs.existsSync(path.join(outdir, `${artifactId}.coverage.md`))).toBe(true);
      const document = JSON.parse(fs.readFileSync(path.join(outdir, `${artifactId}.coverage.json`), 'utf8'));
      expect(document).toMatchObject({ schemaVersion: 1, artifactId, account: '111111111111', securityHubStandards: ['FSBP v1.0.0'] });
    }
  });

  test('a stack in a Stage writes into the nested assembly', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-'));
    const app = new App({ outdir });
    const stage = new Stage(app, 'Prod');
    const baseline = new SecureBaseline(stage, 'SecureBaseline');
    app.synth();
    expect(fs.existsSync(path.join(outdir, 'assembly-Prod', `${baseline.artifactId}.coverage.json`))).toBe(true);
  });

  test('the member accounts\' baseline of a BaselineStackSet writes its report next to the StackSet template', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-'));
    const app = new App({ outdir });
    // The construct synthesizes its member baseline in an app of its own, under cdk.out/stackset.<id>.out/.
    new BaselineStackSet(new Stack(app, 'Organization'), 'Baseline', { organizationalUnitIds: ['ou-abcd-11111111'], regions: ['eu-west-1'] });
    const [memberOutdir] = fs.readdirSync(outdir).filter(name => name.startsWith('stackset.'));
    expect(fs.readdirSync(path.join(outdir, memberOutdir))).toEqual(expect.arrayContaining(['SecureBaseline.template.json',
      'SecureBaseline.coverage.json', 'SecureBaseline.coverage.md']));
  });

  test('the JSON document follows the documented schema', () => {
    const document = JSON.parse(report().toJson());
    expect(Object.keys(document)).toEqual(['schemaVersion', 'stackName', 'artifactId', 'securityHubStandards', 'summary', 'entries']);
    expect(Object.keys(document.summary)).toEqual(['SATISFIED', 'DETECTED', 'MANUAL', 'OFF']);
    const total = Object.values<number>(document.summary).reduce((a, b) => a + b, 0);
    expect(total).toBe(document.entries.length);
    for (const entry of document.entries) {
      expect(Object.keys(entry)).toEqual(expect.arrayContaining(['kind', 'id', 'title', 'optional', 'standards', 'evaluated', 'status', 'detail', 'satisfiedBy', 'detectedBy']));
      expect(entry.status === 'OFF').toBe(typeof entry.offProp === 'string');
    }
  });

  test('the Markdown has a table per kind and the summary', () => {
    const markdown = report({ ...FULL, guardDuty: { enabled: false } }).toMarkdown();
    expect(markdown).toMatch(/^# Coverage of SecureBaseline\n/);
    expect(markdown).toContain('Summary: ');
    expect(markdown).toContain('## Phase 1 items\n\n| item | status | why | what to do |');
    expect(markdown).toContain('| Amazon GuardDuty, and acting on its findings | OFF | guardDuty.enabled is false, so the baseline makes no detector. | set `guardDuty.enabled` |');
    expect(markdown).toContain('| GuardDuty.1 GuardDuty should be enabled | FSBP v1.0.0 | yes | OFF |');
    expect(markdown).toContain('| Select the regions to use (block the others) (optional) | MANUAL |');
  });
});
