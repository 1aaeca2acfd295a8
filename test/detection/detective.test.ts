import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DetectiveGraph, DetectiveGraphProps } from '../../src/detection/detective';
import { NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };
const LIST_AND_CREATE = { Effect: 'Allow', Action: ['detective:ListGraphs', 'detective:ListInvitations', 'detective:CreateGraph'], Resource: '*' };

function synth(props?: DetectiveGraphProps) {
  const stack = new Stack(new App(), 'TestStack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const detective = new DetectiveGraph(stack, 'Detective', props);
  return { stack, detective, template: Template.fromStack(stack) };
}

describe('DetectiveGraph', () => {
  test('defaults: Custom::DetectiveGraph that leaves the graph when the stack is deleted', () => {
    const { template, stack, detective } = synth();
    template.hasResourceProperties('Custom::DetectiveGraph', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'DetectiveGraph',
      AccountId: '111111111111',
      DisableOnDelete: false,
    }));
    const [resource, attribute] = stack.resolve(detective.graphArn)['Fn::GetAtt'];
    expect(Object.keys(template.findResources('Custom::DetectiveGraph'))).toEqual([resource]);
    expect(attribute).toBe('GraphArn');
  });

  test('without disableOnDelete the provider may list and create graphs, and delete none', () => {
    expect(providerStatements(synth().template)).toEqual([LIST_AND_CREATE]);
  });

  test('disableOnDelete: true passes the flag and allows DeleteGraph on this account\'s graphs in this Region only', () => {
    const { template } = synth({ disableOnDelete: true });
    template.hasResourceProperties('Custom::DetectiveGraph', { DisableOnDelete: true });
    expect(providerStatements(template)).toEqual([
      LIST_AND_CREATE,
      {
        Effect: 'Allow',
        Action: 'detective:DeleteGraph',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':detective:eu-west-1:111111111111:graph:*']] },
      },
    ]);
  });

  test('the four cdk-nag packs find nothing', () => {
    expect(violationsOf(synth({ disableOnDelete: true }).stack)).toEqual(NO_VIOLATIONS);
  });
});
