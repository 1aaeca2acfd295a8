// What the baseline does in regions whose CloudFormation lacks a resource type it uses (the table in
// src/private/region-availability.generated.ts): left out with a warning, detected only, or a synth
// error naming the prop, the region and what to do.
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { BaselineStackSet, BudgetAlarm, CoverageReport, CoverageStatus, MultiRegionBaseline, SecureBaseline, SecureBaselineProps } from '../src';
import { capabilityKey, deploymentRegions, regionsLacking, TARGET_REGIONS_CONTEXT } from '../src/private/region-capabilities';

const ACCOUNT = '111111111111';
const inRegion = (region: string, props: SecureBaselineProps = {}) => new SecureBaseline(new App(), 'Baseline', { ...props, env: { account: ACCOUNT, region } });

describe('region capabilities from the registry data', () => {
  test('a type is lacking where the data says so, and nowhere else', () => {
    expect(regionsLacking('AWS::Budgets::Budget', ['eu-north-1', 'eu-west-1', 'af-south-1'])).toEqual(['eu-north-1', 'af-south-1']);
    expect(regionsLacking('AWS::Config::RemediationConfiguration', ['ap-east-2', 'ap-southeast-6', 'ap-southeast-7', 'mx-central-1', 'us-east-1']))
      .toEqual(['ap-east-2', 'ap-southeast-6', 'ap-southeast-7', 'mx-central-1']);
  });

  test('a region the data does not know (me-south-1, or a future one) lacks every type some region lacks, and none that every region has', () => {
    expect(regionsLacking('AWS::Budgets::Budget', ['me-south-1', 'xx-future-1'])).toEqual(['me-south-1', 'xx-future-1']);
    expect(regionsLacking('AWS::S3::Bucket', ['me-south-1'])).toEqual([]);
  });

  test('a type the table does not track is a programming error that says how to add it', () => {
    expect(() => regionsLacking('AWS::Foo::Bar', ['us-east-1'])).toThrow(/AWS::Foo::Bar is not in the generated table; add it to TRACKED_RESOURCE_TYPES/);
  });

  test('an environment-agnostic stack deploys to the target regions of the context, or to none known', () => {
    const app = new App({ context: { [TARGET_REGIONS_CONTEXT]: ['ap-east-2', 'eu-west-1'] } });
    expect(deploymentRegions(new Stack(app, 'Targets'))).toEqual(['ap-east-2', 'eu-west-1']);
    expect(deploymentRegions(new Stack(new App(), 'Agnostic'))).toEqual([]);
  });

  test('regions with the same gaps share a capability key', () => {
    expect(capabilityKey('eu-west-1')).toBe('');
    expect(capabilityKey('eu-north-1')).toBe(capabilityKey('af-south-1'));
    expect(capabilityKey('ap-east-2')).not.toBe(capabilityKey('eu-north-1'));
  });
});

describe('SecureBaseline in a region that lacks a part', () => {
  test('a budget where AWS::Budgets::Budget is missing fails the synth, naming the prop, the region and where to put it', () => {
    expect(() => inRegion('eu-north-1', { budget: { monthlyLimitUsd: 100 } })).toThrow(
      /^SecureBaselineProps\.budget: received a budget, but CloudFormation in eu-north-1 has no AWS::Budgets::Budget, .*remove budget here and create it in a stack of a region that has the type/);
  });

  test('BudgetAlarm on its own fails there too', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: 'af-south-1' } });
    expect(() => new BudgetAlarm(stack, 'Budget', { monthlyLimitUsd: 100 })).toThrow(/^BudgetAlarm: the stack deploys to af-south-1, whose CloudFormation has no AWS::Budgets::Budget/);
  });

  test('without a budget, the warning there does not tell the user to set one', () => {
    Annotations.fromStack(inRegion('eu-north-1')).hasWarning('/Baseline',
      Match.stringLikeRegexp('No budget is set.*eu-north-1 has no AWS::Budgets::Budget, so create it in a stack of a region that has the type'));
  });

  test('macie.enabled where Macie is not offered fails, naming the prop and the region', () => {
    expect(() => inRegion('ap-southeast-7', { macie: { enabled: true } })).toThrow(
      /^SecureBaselineProps\.macie\.enabled: received true, but Amazon Macie cannot be deployed in ap-southeast-7: .*AWS::Macie::Session.*set macie\.enabled: false/);
  });

  test('detective.enabled where Detective is not offered fails, naming the prop and the region', () => {
    expect(() => inRegion('ap-northeast-3', { detective: { enabled: true } })).toThrow(
      /^SecureBaselineProps\.detective\.enabled: received true, but Amazon Detective cannot be deployed in ap-northeast-3: .*set detective\.enabled: false/);
  });

  test('costAnomalyDetection.enabled: true where AWS::CE is missing fails; by default it is left out with a warning', () => {
    expect(() => inRegion('ap-southeast-5', { costAnomalyDetection: { enabled: true } })).toThrow(
      /^SecureBaselineProps\.costAnomalyDetection\.enabled: received true, but Cost anomaly detection cannot be deployed in ap-southeast-5/);
    const stack = inRegion('ap-southeast-5');
    Template.fromStack(stack).resourceCountIs('AWS::CE::AnomalySubscription', 0);
    Annotations.fromStack(stack).hasWarning('/Baseline', Match.stringLikeRegexp('Cost anomaly detection is left out: CloudFormation in ap-southeast-5'));
  });

  test('where AWS::Config::RemediationConfiguration is missing, the rules detect only, with a warning, and the report says DETECTED', () => {
    const stack = inRegion('ap-east-2');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Config::RemediationConfiguration', 0);
    template.resourcePropertiesCountIs('AWS::Config::ConfigRule', { Source: { Owner: 'AWS', SourceIdentifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED' } }, 1);
    template.resourcePropertiesCountIs('AWS::Config::ConfigRule', { Source: { Owner: 'AWS', SourceIdentifier: 'VPC_FLOW_LOGS_ENABLED' } }, 1);
    Annotations.fromStack(stack).hasWarning('/Baseline/DefaultSecurityGroup',
      Match.stringLikeRegexp('CloudFormation in ap-east-2 has no AWS::Config::RemediationConfiguration, so the Config rule only detects'));
    const report = CoverageReport.of(stack);
    for (const id of ['EC2.2', 'EC2.6']) {
      expect(report.entries.find(entry => entry.id === id)).toMatchObject({ status: CoverageStatus.DETECTED, detectedBy: [expect.stringMatching(/^Config rule VPC_/)] });
    }
    expect(CoverageReport.of(inRegion('eu-west-1')).entries.find(entry => entry.id === 'EC2.2')).toMatchObject({ status: CoverageStatus.SATISFIED });
  });

  test('a region without registry data gets the conservative answer and a warning', () => {
    const stack = inRegion('me-south-1');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Config::RemediationConfiguration', 0);
    template.resourceCountIs('AWS::CE::AnomalySubscription', 0);
    Annotations.fromStack(stack).hasWarning('/Baseline', Match.stringLikeRegexp('^me-south-1: not in the CloudFormation registry data this library was built with \\(cfn-lint'));
  });
});

describe('MultiRegionBaseline', () => {
  test('leaves Macie and Detective out of the regions that do not offer them, with a warning, and keeps them elsewhere', () => {
    const multi = new MultiRegionBaseline(new App(), 'Multi', {
      account: ACCOUNT, homeRegion: 'eu-west-1', regions: ['eu-west-1', 'ap-southeast-7'], baseline: { macie: { enabled: true }, detective: { enabled: true } },
    });
    const member = multi.stackFor('ap-southeast-7');
    Template.fromStack(member).resourceCountIs('Custom::Macie', 0);
    Template.fromStack(member).resourceCountIs('Custom::DetectiveGraph', 0);
    Annotations.fromStack(member).hasWarning('/SecureBaseline-ap-southeast-7', Match.stringLikeRegexp('^Amazon Macie is left out of ap-southeast-7'));
    Template.fromStack(multi.homeStack).resourceCountIs('Custom::Macie', 1);
  });
});

describe('BaselineStackSet', () => {
  const management = () => new Stack(new App(), 'Management', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  const memberTemplate = (stack: Stack, file: string) => JSON.parse(fs.readFileSync(path.join((stack.node.root as App).synth().directory, file), 'utf8'));

  test('one StackSet per group of regions that can deploy the same template: no region receives a type it lacks', () => {
    const stack = management();
    const stackSet = new BaselineStackSet(stack, 'Baseline', { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['eu-west-1', 'ap-east-2', 'us-east-1', 'mx-central-1'] });
    expect(stackSet.regionGroups.map(group => group.regions)).toEqual([['eu-west-1', 'us-east-1'], ['ap-east-2', 'mx-central-1']]);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudFormation::StackSet', 2);
    template.hasResourceProperties('AWS::CloudFormation::StackSet', { StackInstancesGroup: [Match.objectLike({ Regions: ['ap-east-2', 'mx-central-1'] })] });
    const types = (file: string) => Object.values<any>(memberTemplate(stack, file).Resources).map(resource => resource.Type);
    expect(types(stackSet.regionGroups[0].templateAsset.assetPath)).toEqual(expect.arrayContaining(['AWS::Config::RemediationConfiguration', 'AWS::CE::AnomalySubscription']));
    expect(types(stackSet.regionGroups[1].templateAsset.assetPath)).not.toContain('AWS::Config::RemediationConfiguration');
    expect(types(stackSet.regionGroups[1].templateAsset.assetPath)).not.toContain('AWS::CE::AnomalySubscription');
    // The first group keeps the construct ids of a single StackSet.
    expect(stackSet.stackSet).toBe(stackSet.regionGroups[0].stackSet);
    expect(stackSet.stackSet.node.path).toBe('Management/Baseline/Resource');
  });

  test('regions whose templates come out the same share one StackSet', () => {
    const stackSet = new BaselineStackSet(management(), 'Baseline', { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['eu-west-1', 'eu-north-1'] });
    expect(stackSet.regionGroups.map(group => group.regions)).toEqual([['eu-west-1', 'eu-north-1']]);
  });

  test('a budget for regions without AWS::Budgets::Budget fails the synth, naming the regions', () => {
    expect(() => new BaselineStackSet(management(), 'Baseline', {
      organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['eu-west-1', 'eu-north-1'], baseline: { budget: { monthlyLimitUsd: 100 } },
    })).toThrow(/^BaselineStackSet Management\/Baseline: the member baseline for eu-north-1 failed synthesis.*SecureBaselineProps\.budget: received a budget, but CloudFormation in eu-north-1 has no AWS::Budgets::Budget/s);
  });
});
