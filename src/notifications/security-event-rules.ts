import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { SecurityEventRulesOptions } from './security-event-options';
import { securityEventDefinitions, validateSecurityEventSelection } from '../private/security-event-patterns';

/**
 * Properties for `SecurityEventRules`.
 */
export interface SecurityEventRulesProps extends SecurityEventRulesOptions {
  /**
   * The topic that receives the notifications. Its policy must already let EventBridge rules of
   * this account publish (a `FindingsTopic` does); these rules add no statement to it.
   */
  readonly topic: sns.ITopic;
}

/**
 * EventBridge rules on the default event bus that send readable notifications of security findings
 * and suspicious account activity to an SNS topic.
 *
 * EventBridge delivers AWS service events only to the Region they happen in: deploy these rules in
 * every Region the baseline covers, or forward the other Regions' events to this Region's default
 * bus with `SecurityEventForwarding` (which `MultiRegionBaseline` sets up). The patterns do not
 * filter on Region, so forwarded events match here too.
 */
export class SecurityEventRules extends Construct {
  /** The rules, in the order of the props. */
  public readonly rules: events.IRule[];

  constructor(scope: Construct, id: string, props: SecurityEventRulesProps) {
    super(scope, id);
    validateSecurityEventSelection('SecurityEventRulesProps', props);
    const rules: events.IRule[] = [];
    for (const definition of securityEventDefinitions(props)) {
      const rule = new events.Rule(this, definition.id, { description: definition.description, eventPattern: definition.eventPattern });
      rule.addTarget(new TopicTarget(props.topic, events.RuleTargetInput.fromMultilineText(definition.message())));
      rules.push(rule);
    }
    this.rules = rules;
  }
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
