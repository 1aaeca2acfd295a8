import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { SecurityEventForwarding, SecurityEventForwardingProps, SecurityEventRules } from '../../src';
import { unknownRegionMessage } from '../helpers';

const ENV = { account: '111111111111', region: 'eu-central-1' };

function forwarding(props: Partial<SecurityEventForwardingProps> = {}, env: { account?: string; region?: string } = ENV) {
  const stack = new Stack(new App(), 'Member', { env });
  const construct = new SecurityEventForwarding(stack, 'Forwarding', { homeRegion: 'eu-west-1', ...props });
  return { stack, construct, template: Template.fromStack(stack) };
}

function patternOf(rule: events.IRule): any {
  const stack = Stack.of(rule);
  return Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(rule.node.defaultChild as events.CfnRule)].Properties.EventPattern;
}

describe('SecurityEventForwarding', () => {
  test('forwards seven kinds of events by default: Trusted Advisor\'s exist in us-east-1 only', () => {
    const { construct, template } = forwarding();
    expect(construct.rules.map(rule => rule.node.id)).toEqual([
      'GuardDutyFindings', 'SecurityHubFindings', 'AccessAnalyzerFindings', 'InspectorFindings', 'MacieFindings', 'RootUserActivity', 'CloudTrailChanges',
    ]);
    template.resourceCountIs('AWS::Events::Rule', 7);
    template.hasResourceProperties('AWS::Events::Rule', { Description: 'Forwards to eu-west-1: Active IAM Access Analyzer findings' });
  });

  test('in us-east-1 it forwards Trusted Advisor check events too, unless trustedAdvisorChecks is false', () => {
    const usEast1 = { account: '111111111111', region: 'us-east-1' };
    expect(forwarding({}, usEast1).construct.rules.map(rule => rule.node.id)).toContain('TrustedAdvisorChecks');
    expect(forwarding({ trustedAdvisorChecks: false }, usEast1).construct.rules.map(rule => rule.node.id)).not.toContain('TrustedAdvisorChecks');
  });

  test('an environment-agnostic stack may be deployed in us-east-1: it keeps the Trusted Advisor rule', () => {
    expect(forwarding({}, {}).construct.rules.map(rule => rule.node.id)).toContain('TrustedAdvisorChecks');
  });

  test('securityHubFindings: false leaves out the Security Hub rule', () => {
    expect(forwarding({ securityHubFindings: false }).construct.rules.map(rule => rule.node.id)).not.toContain('SecurityHubFindings');
  });

  test('the Security Hub rule forwards only the findings raised in this region, not the copies an aggregator here receives', () => {
    const { construct } = forwarding();
    expect(patternOf(construct.rules.find(rule => rule.node.id === 'SecurityHubFindings')!)).toEqual({
      'source': ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
      'detail': {
        findings: {
          Compliance: { Status: ['FAILED'] },
          Workflow: { Status: ['NEW'] },
          RecordState: ['ACTIVE'],
          Severity: { Label: ['HIGH', 'CRITICAL'] },
          Region: ['eu-central-1'],
        },
      },
    });
  });

  test('every other pattern equals the notifying rule\'s of the same id', () => {
    const { construct } = forwarding({ securityHubFindings: true, guardDutyMinimumSeverity: 5 });
    const home = new Stack(new App(), 'Home');
    const rules = new SecurityEventRules(home, 'Rules', {
      topic: sns.Topic.fromTopicArn(home, 'Topic', 'arn:aws:sns:eu-west-1:111111111111:t'), guardDutyMinimumSeverity: 5, trustedAdvisorChecks: false,
    });
    expect(construct.rules.map(rule => rule.node.id).sort()).toEqual(rules.rules.map(rule => rule.node.id).sort());
    for (const rule of construct.rules.filter(r => r.node.id !== 'SecurityHubFindings')) {
      expect(patternOf(rule)).toEqual(patternOf(rules.rules.find(r => r.node.id === rule.node.id)!));
    }
  });

  test('sends events unchanged (no input transformer) to the home default bus', () => {
    const { construct, stack } = forwarding();
    expect(stack.resolve(construct.homeEventBus.eventBusArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:111111111111:event-bus/default']],
    });
    for (const rule of construct.rules) {
      const target = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(rule.node.defaultChild as events.CfnRule)].Properties.Targets[0];
      expect(target.Input).toBeUndefined();
      expect(target.InputTransformer).toBeUndefined();
      expect(target.Arn).toEqual(stack.resolve(construct.homeEventBus.eventBusArn));
    }
  });

  test('works in an environment-agnostic stack (the account is a token in the bus ARN)', () => {
    const { stack, construct } = forwarding({}, {});
    expect(stack.resolve(construct.homeEventBus.eventBusArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:', { Ref: 'AWS::AccountId' }, ':event-bus/default']],
    });
  });

  test('has no cdk-nag finding in the four packs', () => {
    const { stack } = forwarding({ securityHubFindings: true });
    for (const pack of [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()]) {
      expect(pack.validateScope(stack).violations).toEqual([]);
    }
  });

  test.each([
    [{ homeRegion: 'eu-central-1' }, "SecurityEventForwardingProps.homeRegion: received 'eu-central-1', which is this stack's own region; forward only from another region"],
    [{ homeRegion: 'eu-west' }, "SecurityEventForwardingProps.homeRegion: received 'eu-west'; expected a region name such as 'eu-west-1'"],
    [{ homeRegion: 'eu-westt-1' }, unknownRegionMessage('SecurityEventForwardingProps.homeRegion', 'eu-westt-1', "'eu-west-1'")],
    [{ guardDutyMinimumSeverity: 11 }, 'SecurityEventForwardingProps.guardDutyMinimumSeverity: received 11; expected a number from 1 to 10'],
    [{ guardDutyFindings: false, guardDutyMinimumSeverity: 5 },
      'SecurityEventForwardingProps.guardDutyMinimumSeverity: received 5 but guardDutyFindings is false; remove guardDutyMinimumSeverity, or set guardDutyFindings: true'],
  ] as Array<[Partial<SecurityEventForwardingProps>, string]>)('%j throws', (props, message) => {
    expect(() => forwarding(props)).toThrow(message);
  });

  test('an unresolved home region throws', () => {
    expect(() => forwarding({ homeRegion: Stack.of(new Stack()).region })).toThrow(
      "SecurityEventForwardingProps.homeRegion: received an unresolved token; expected a region name such as 'eu-west-1', known at synth");
  });
});
