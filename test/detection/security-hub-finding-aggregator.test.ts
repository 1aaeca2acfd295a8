import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HANDLERS } from '../../handler/index';
import { SecurityHubFindingAggregator, SecurityHubFindingAggregatorProps } from '../../src/detection/security-hub-finding-aggregator';
import { NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function synth(props: SecurityHubFindingAggregatorProps, env: { account: string; region: string } | undefined = ENV) {
  const stack = new Stack(new App(), 'TestStack', { env });
  const aggregator = new SecurityHubFindingAggregator(stack, 'Aggregator', props);
  return { stack, aggregator, template: Template.fromStack(stack) };
}

describe('SecurityHubFindingAggregator', () => {
  test('is a custom resource of a kind the provider serves, linking exactly the given regions', () => {
    const { template } = synth({ regions: ['eu-central-1', 'us-east-1'] });
    template.resourceCountIs('AWS::SecurityHub::FindingAggregator', 0);
    template.hasResourceProperties('Custom::FindingAggregator', {
      Kind: 'FindingAggregator', RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['eu-central-1', 'us-east-1'],
    });
    expect(HANDLERS.FindingAggregator).toBeDefined();
  });

  test('exposes the ARN and who manages aggregation as attributes', () => {
    const { stack, aggregator } = synth({ regions: ['eu-central-1'] });
    expect(stack.resolve(aggregator.findingAggregatorArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Aggregator/), 'FindingAggregatorArn'] });
    expect(stack.resolve(aggregator.managedBy)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Aggregator/), 'ManagedBy'] });
  });

  test('grants list and create on * (no resource type), update and delete on this region\'s aggregators only, and the administrator lookup on the hub', () => {
    const statements = providerStatements(synth({ regions: ['eu-central-1'] }).template);
    expect(statements).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: ['securityhub:ListFindingAggregators', 'securityhub:CreateFindingAggregator'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['securityhub:UpdateFindingAggregator', 'securityhub:DeleteFindingAggregator'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:eu-west-1:111111111111:finding-aggregator/*']] },
      },
      {
        Effect: 'Allow',
        Action: 'securityhub:GetAdministratorAccount',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:eu-west-1:111111111111:hub/default']] },
      },
    ]));
  });

  test('passes the four cdk-nag packs', () => {
    expect(violationsOf(synth({ regions: ['eu-central-1'] }).stack)).toEqual(NO_VIOLATIONS);
  });

  test('an empty region list is rejected', () => {
    expect(() => synth({ regions: [] })).toThrow('SecurityHubFindingAggregatorProps.regions: received an empty list; list the Regions to aggregate');
  });

  test('a malformed region is rejected', () => {
    expect(() => synth({ regions: ['Europe'] })).toThrow(/^SecurityHubFindingAggregatorProps\.regions\[0\]: .*'Europe'/);
  });

  test('the stack\'s own region is rejected', () => {
    expect(() => synth({ regions: ['eu-central-1', 'eu-west-1'] })).toThrow(
      "SecurityHubFindingAggregatorProps.regions[1]: received 'eu-west-1', which is the stack's own Region (the aggregation Region); list only the other Regions");
  });

  test('a region listed twice is rejected', () => {
    expect(() => synth({ regions: ['eu-central-1', 'eu-central-1'] })).toThrow(/^SecurityHubFindingAggregatorProps\.regions: .*eu-central-1/);
  });
});
