// The region matrix: every region of the aws partition that aws-cdk-lib's RegionInfo knows, opt-in
// regions included, times the baseline's shapes (the default baseline, a baseline with every option on, a
// member-region stack, and the StackSet member templates of a StackSet that targets every region), each
// template linted by cfn-lint for the region(s) it deploys to (scripts/cfn-lint-matrix.py, one pool of
// processes, each template linted once for all its regions). Zero cfn-lint errors, or a synth error that
// names the prop, the region and what to do. A region cfn-lint has no registry data for is not linted (it
// would pass silently with us-east-1's types): the library treats it as lacking every type some region
// lacks, and that is what is checked for it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { readRegistryData, PYTHON, REPO_ROOT } from '../scripts/registry-data';
import { BaselineStackSet, MultiRegionBaseline, SecureBaseline, SecureBaselineProps } from '../src';
import { RESOURCE_TYPE_GAPS } from '../src/private/region-availability.generated';

const ACCOUNT = '111111111111';
const REGIONS = RegionInfo.regions.filter(region => region.partition === 'aws').map(region => region.name);
const contact = (name: string) => ({ name, email: `${name.toLowerCase()}@example.com`, phone: '+1 555 0100' });

/** Every option that depends on the region, on. */
const EVERY_OPTION: SecureBaselineProps = {
  notificationEmails: ['security@example.com'],
  securityContact: contact('Security'),
  billingContact: contact('Billing'),
  operationsContact: contact('Operations'),
  budget: { monthlyLimitUsd: 500 },
  costAnomalyDetection: { enabled: true },
  macie: { enabled: true, automatedDiscovery: true },
  detective: { enabled: true },
};

/** How to take out an option that a synth error named. */
const WITHOUT: Record<string, (props: SecureBaselineProps) => SecureBaselineProps> = {
  'SecureBaselineProps.budget': props => ({ ...props, budget: undefined }),
  'SecureBaselineProps.macie.enabled': props => ({ ...props, macie: undefined }),
  'SecureBaselineProps.detective.enabled': props => ({ ...props, detective: undefined }),
  'SecureBaselineProps.costAnomalyDetection.enabled': props => ({ ...props, costAnomalyDetection: undefined }),
};

interface Shape {
  readonly name: string;
  readonly template: string;
  /** The regions the template deploys to. */
  readonly regions: string[];
  readonly warnings: string[];
}

interface SynthError { readonly shape: string; readonly region: string; readonly prop: string; readonly message: string }

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'region-matrix-'));
const shapes: Shape[] = [];
const synthErrors: SynthError[] = [];
let lintMatches: Array<{ template: string; regions: string[]; rule: string; level: string; message: string; path: string }> = [];
const timings: Record<string, number> = {};

function warningsOf(stack: Stack): string[] {
  return stack.node.findAll().flatMap(c => c.node.metadata.filter(m => m.type === 'aws:cdk:warning').map(m => String(m.data)));
}

/** Adds the stacks' templates to the matrix; one synth of the app serves all its stacks. */
function synthesizeAll(app: App, stacks: Array<[string, Stack, string]>): void {
  const assembly = app.synth();
  for (const [name, stack, region] of stacks) {
    shapes.push({ name, template: assembly.getStackArtifact(stack.artifactId).templateFullPath, regions: [region], warnings: warningsOf(stack) });
  }
}

/**
 * A baseline with every option on in each region, all in one app; each option a synth error names is
 * taken out (the half-built stack removed) and the stack built again.
 */
function everyOption(): void {
  const app = new App({ outdir: path.join(workDir, 'full') });
  const stacks: Array<[string, Stack, string]> = [];
  for (const region of REGIONS) {
    let props = EVERY_OPTION;
    for (;;) {
      const id = `Full-${region}`;
      try {
        stacks.push([`every option in ${region}`, new SecureBaseline(app, id, { ...props, env: { account: ACCOUNT, region } }), region]);
        break;
      } catch (error) {
        const message = (error as Error).message;
        const prop = Object.keys(WITHOUT).find(p => message.startsWith(`${p}:`));
        if (!prop) {
          throw error;
        }
        synthErrors.push({ shape: 'every option', region, prop, message });
        app.node.tryRemoveChild(id);
        props = WITHOUT[prop](props);
      }
    }
  }
  synthesizeAll(app, stacks);
}

/** Member-region stacks: every region a member of us-east-1, and us-east-1 a member of eu-west-1. */
function memberRegions(): void {
  const { budget, ...memberProps } = EVERY_OPTION;
  for (const [home, regions] of [['us-east-1', REGIONS], ['eu-west-1', ['eu-west-1', 'us-east-1']]] as const) {
    const app = new App({ outdir: path.join(workDir, `member-${home}`) });
    const multi = new MultiRegionBaseline(app, 'Multi', { account: ACCOUNT, homeRegion: home, regions: [...regions], baseline: memberProps });
    synthesizeAll(app, multi.memberStacks.map(stack => [`member region ${stack.region} of ${home}`, stack, stack.region]));
  }
}

function stackSetTemplates(name: string, baseline: SecureBaselineProps): void {
  const app = new App({ outdir: path.join(workDir, `stackset-${name}`) });
  const management = new Stack(app, 'Management', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const stackSet = new BaselineStackSet(management, 'Baseline', { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: REGIONS, baseline });
  const assembly = app.synth();
  for (const group of stackSet.regionGroups) {
    const template = path.join(assembly.directory, group.templateAsset.assetPath);
    shapes.push({ name: `StackSet (${name}) member template`, template, regions: group.regions, warnings: warningsOf(group.baseline) });
  }
}

/**
 * The lint plan: templates that differ only in the name of the region they were synthesized for are
 * linted once, for all their regions (cfn-lint checks each region's resource types per call), which
 * is what makes the matrix affordable; every (template, region) pair is still linted for its region.
 */
function lintPlan(): Array<{ template: string; regions: string[] }> {
  const byContent = new Map<string, { template: string; regions: string[] }>();
  for (const shape of shapes) {
    const regions = withData(shape.regions);
    if (regions.length === 0) {
      continue;
    }
    let content = fs.readFileSync(shape.template, 'utf8');
    if (shape.regions.length === 1) {
      content = content.split(shape.regions[0]).join('<region>');
    }
    const same = byContent.get(content);
    byContent.set(content, same ? { ...same, regions: [...same.regions, ...regions] } : { template: shape.template, regions });
  }
  return [...byContent.values()];
}

const registry = readRegistryData();
const withData = (regions: string[]) => regions.filter(region => registry.regions.includes(region));
const withoutData = (regions: string[]) => regions.filter(region => !registry.regions.includes(region));
/** The types some known region lacks: a region without data must have none of them. */
const CONSERVATIVE = Object.entries(RESOURCE_TYPE_GAPS).filter(([, gaps]) => gaps.length > 0).map(([type]) => type);

const typesOf = (template: string): string[] => Object.values<any>(JSON.parse(fs.readFileSync(template, 'utf8')).Resources ?? {})
  .map(resource => (resource.Type.startsWith('Custom::') ? 'AWS::CloudFormation::CustomResource' : resource.Type));

beforeAll(() => {
  let start = Date.now();
  const cpu = process.cpuUsage();
  const defaults = new App({ outdir: path.join(workDir, 'default') });
  synthesizeAll(defaults, REGIONS.map(region => [`default baseline in ${region}`,
    new SecureBaseline(defaults, `Default-${region}`, { env: { account: ACCOUNT, region } }), region]));
  everyOption();
  memberRegions();
  stackSetTemplates('default', {});
  // The budget is refused where AWS::Budgets::Budget is missing (see README "Regions"), and an explicit
  // costAnomalyDetection.enabled likewise; Macie and Detective are left out of the groups that lack them.
  const { budget, costAnomalyDetection, ...stackSetProps } = EVERY_OPTION;
  stackSetTemplates('every option', stackSetProps);
  timings.synth = Date.now() - start;
  timings.synthCpu = Math.round((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000);

  start = Date.now();
  const plan = lintPlan();
  fs.writeFileSync(path.join(workDir, 'plan.json'), JSON.stringify(plan));
  const lint = spawnSync(PYTHON, [path.join(REPO_ROOT, 'scripts', 'cfn-lint-matrix.py'), path.join(workDir, 'plan.json')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (lint.status !== 0) {
    throw new Error(`cfn-lint-matrix.py failed (${lint.status}): ${lint.stderr}`);
  }
  lintMatches = JSON.parse(lint.stdout);
  timings.lint = Date.now() - start;
  // eslint-disable-next-line no-console
  console.log(`region matrix: ${REGIONS.length} regions, ${shapes.length} templates, ${plan.reduce((n, p) => n + p.regions.length, 0)} (template, region) lints; `
    + `synth ${timings.synth} ms (${timings.synthCpu} ms CPU), cfn-lint ${timings.lint} ms (${lint.stderr.trim()}); synth errors: ${synthErrors.map(e => `${e.prop} in ${e.region}`).join(', ')}`);
}, 20 * 60_000);

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('region matrix', () => {
  test('covers every aws-partition region RegionInfo knows, opt-in regions included', () => {
    expect(REGIONS.length).toBeGreaterThanOrEqual(34);
    for (const region of REGIONS) {
      expect([region, shapes.filter(shape => shape.regions.includes(region)).length]).toEqual([region, 5]);
    }
  });

  test('cfn-lint reports no error for any template in any region it deploys to', () => {
    const errors = lintMatches.filter(match => match.level === 'error')
      .map(match => `${shapes.find(shape => shape.template === match.template)?.name} [${match.regions.join(', ')}]: ${match.rule} ${match.message} (${match.path})`);
    expect(errors).toEqual([]);
  });

  test('every synth error names the prop, the region and what to do instead', () => {
    for (const error of synthErrors) {
      expect(error.message).toContain(error.region);
      expect(error.message).toMatch(/remove|set .*false|deploy it|create it/);
    }
  });

  test('every resource type a template carries is in the generated region table', () => {
    const types = new Set(shapes.flatMap(shape => typesOf(shape.template)));
    expect([...types].filter(type => !(type in RESOURCE_TYPE_GAPS))).toEqual([]);
  });

  test('a region without registry data gets the conservative answer: no type some region lacks, and a warning', () => {
    const unknown = shapes.filter(s => withoutData(s.regions).length > 0);
    for (const shape of unknown) {
      expect([shape.name, typesOf(shape.template).filter(type => CONSERVATIVE.includes(type))]).toEqual([shape.name, []]);
    }
    // A StackSet group may be shared with known regions whose template is the same; single-region stacks warn.
    for (const shape of unknown.filter(s => s.regions.length === 1)) {
      expect([shape.name, shape.warnings.some(w => w.includes('not in the CloudFormation registry data'))]).toEqual([shape.name, true]);
    }
  });
});
