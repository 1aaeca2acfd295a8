import { Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { SecurityEventRulesOptions } from './security-event-options';
import { validateRegionName } from '../private/region';
import { securityEventDefinitions, validateSecurityEventSelection } from '../private/security-event-patterns';
import { validateUnique } from '../private/validation';

/**
 * Properties for `SecurityEventRules`.
 */
export interface SecurityEventRulesProps extends SecurityEventRulesOptions {
  /**
   * The topic that receives the notifications. Its policy must already let EventBridge rules of
   * this account publish (a `FindingsTopic` does); these rules add no statement to it.
   */
  readonly topic: sns.ITopic;

  /**
   * The Regions whose `SecurityEventForwarding` sends their events to this Region (the member
   * regions of a home region). Their Security Hub findings are then notified only as forwarded,
   * never as the copies a finding aggregator in this Region receives, so that each is notified once
   * whether or not this Region aggregates them (which is decided at deploy time). Findings of Regions
   * not listed, this one included, are notified as they arrive on this Region's bus.
   *
   * @default - none: every Security Hub finding on this Region's bus is notified, aggregated copies included
   */
  readonly forwardingRegions?: string[];
}

/**
 * EventBridge rules on the default event bus that send readable notifications of security findings
 * and suspicious account activity to an SNS topic.
 *
 * EventBridge delivers AWS service events only to the Region they happen in: deploy these rules in
 * every Region the baseline covers, or forward the other Regions' events to this Region's default
 * bus with `SecurityEventForwarding` (which `MultiRegionBaseline` sets up) and list those Regions in
 * `forwardingRegions`. Forwarded events match here as they match in their own Region; Security Hub
 * findings of the forwarding Regions match only as forwarded (see `forwardingRegions`).
 */
export class SecurityEventRules extends Construct {
  /** The rules, in the order of the props. */
  public readonly rules: events.IRule[];

  constructor(scope: Construct, id: string, props: SecurityEventRulesProps) {
    super(scope, id);
    validateSecurityEventSelection('SecurityEventRulesProps', props);
    const forwardingRegions = props.forwardingRegions ?? [];
    validateForwardingRegions(this, forwardingRegions, Stack.of(this).region);
    const rules: events.IRule[] = [];
    for (const definition of securityEventDefinitions(props, { forwardingRegions })) {
      const rule = new events.Rule(this, definition.id, { description: definition.description, eventPattern: definition.eventPattern });
      rule.addTarget(new TopicTarget(props.topic, events.RuleTargetInput.fromMultilineText(definition.message())));
      rules.push(rule);
    }
    this.rules = rules;
  }
}

function validateForwardingRegions(scope: Construct, regions: string[], ownRegion: string): void {
  regions.forEach((region, index) => {
    validateRegionName(scope, `SecurityEventRulesProps.forwardingRegions[${index}]`, region);
    if (!Token.isUnresolved(ownRegion) && region === ownRegion) {
      throw new Error(`SecurityEventRulesProps.forwardingRegions[${index}]: received '${region}', which is this stack's own region; list only the Regions that forward to it`);
    }
  });
  validateUnique('SecurityEventRulesProps.forwardingRegions', regions, region => region);
}

/**
 * Publishes to the topic with the rule's input and adds no policy statement.
 *
 * aws-cdk-lib's `targets.SnsTopic` calls `topic.grantPublish(events.amazonaws.com)`, which adds an
 * unconditioned Allow to the topic policy: any account's rule could then publish (the confused
 * deputy problem). The topic is expected to carry its own statement conditioned on this account's
 * rules, as `FindingsTopic` does.
 */
class TopicTarget implements events.IRuleTarget {
  constructor(private readonly topic: sns.ITopic, private readonly input: events.RuleTargetInput) {}

  public bind(_rule: IConstruct, _id?: string): events.RuleTargetConfig {
    return { arn: this.topic.topicArn, input: this.input, targetResource: this.topic };
  }
}
