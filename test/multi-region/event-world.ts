/**
 * One account's EventBridge, built from synthesized templates: the default event bus of each Region
 * with the rules the templates put on it. An event raised in a Region is matched against that bus's
 * rules (test/multi-region/event-pattern.ts), a rule whose target is another Region's default bus sends
 * the event there unchanged (cross-Region routing keeps the event's `region`), and every delivery to
 * an SNS topic is counted. Security Hub's cross-Region aggregation is modelled from its documented
 * behaviour: "in an aggregation Region, the event feed includes events for findings from the
 * aggregation Region and the linked Regions" (Security Hub user guide, "Security Hub event types in
 * EventBridge"): a finding raised in a linked Region is also put on the aggregation Region's bus,
 * as an event of that Region whose finding keeps the `Region` that raised it (ASFF `Region`: "the
 * Region from which the finding was generated", set by Security Hub and never updated).
 */
import { matchesEventPattern } from './event-pattern';
import { DeployedTemplate } from '../iam/cfn-template';

type Json = any;

/** A Security Hub finding aggregator: its (aggregation) Region and how it links the others. */
export interface FindingAggregatorState {
  readonly region: string;
  readonly regionLinkingMode: 'ALL_REGIONS' | 'ALL_REGIONS_EXCEPT_SPECIFIED' | 'SPECIFIED_REGIONS';
  readonly regions: string[];
}

/** A synthesized stack: its template and where it is deployed. */
export interface DeployedStack {
  readonly name: string;
  readonly region: string;
  readonly template: Json;
}

type Target = { readonly kind: 'topic'; readonly arn: string } | { readonly kind: 'bus'; readonly region: string };

interface BusRule {
  readonly id: string;
  readonly pattern: Json;
  readonly targets: Target[];
}

/** Past this many hops between Regions an event is going round in circles. */
const MAX_HOPS = 3;

export class EventWorld {
  private readonly rules = new Map<string, BusRule[]>();

  constructor(private readonly account: string, stacks: DeployedStack[], private readonly aggregator?: FindingAggregatorState) {
    for (const stack of stacks) {
      const deployed = new DeployedTemplate(stack.template, {
        partition: 'aws', region: stack.region, account, organizationId: 'o-exampleorg', managementAccount: '999999999999',
      });
      for (const id of deployed.ofType('AWS::Events::Rule')) {
        const props = deployed.propertiesOf(id);
        if (props.EventBusName !== undefined || props.State === 'DISABLED' || props.EventPattern === undefined) {
          continue; // not a rule on the default bus that reacts to events
        }
        const rule = { id: `${stack.name}/${id}`, pattern: props.EventPattern, targets: (props.Targets ?? []).map((t: Json) => this.target(t.Arn)) };
        this.rules.set(stack.region, [...(this.rules.get(stack.region) ?? []), rule]);
      }
    }
  }

  /**
   * Raises `event` in `region` (the service's own event, and Security Hub's aggregated copy where an
   * aggregator links the Region) and returns how many times each topic received it.
   */
  public raise(region: string, event: Json): Map<string, number> {
    const deliveries = new Map<string, number>();
    this.put(region, { ...event, region }, deliveries, 0);
    if (this.aggregates(region) && event['detail-type'] === 'Security Hub Findings - Imported') {
      this.put(this.aggregator!.region, { ...event, region: this.aggregator!.region }, deliveries, 0);
    }
    return deliveries;
  }

  /** Whether Security Hub copies the findings raised in `region` to the aggregation Region. */
  public aggregates(region: string): boolean {
    const aggregator = this.aggregator;
    if (!aggregator || aggregator.region === region) {
      return false;
    }
    switch (aggregator.regionLinkingMode) {
      case 'ALL_REGIONS': return true;
      case 'ALL_REGIONS_EXCEPT_SPECIFIED': return !aggregator.regions.includes(region);
      case 'SPECIFIED_REGIONS': return aggregator.regions.includes(region);
    }
  }

  private put(busRegion: string, event: Json, deliveries: Map<string, number>, hops: number): void {
    if (hops > MAX_HOPS) {
      throw new Error(`an event went round more than ${MAX_HOPS} Regions: ${JSON.stringify(event)}`);
    }
    for (const rule of this.rules.get(busRegion) ?? []) {
      if (!matchesEventPattern(rule.pattern, event)) {
        continue;
      }
      for (const target of rule.targets) {
        if (target.kind === 'topic') {
          deliveries.set(target.arn, (deliveries.get(target.arn) ?? 0) + 1);
        } else {
          if (target.region === busRegion) {
            throw new Error(`rule ${rule.id} sends events to its own bus`);
          }
          this.put(target.region, event, deliveries, hops + 1);
        }
      }
    }
  }

  private target(arn: string): Target {
    const [, , service, region, account, resource] = arn.split(':');
    if (service === 'sns') {
      return { kind: 'topic', arn };
    }
    if (service === 'events' && account === this.account && resource === 'event-bus/default') {
      return { kind: 'bus', region };
    }
    throw new Error(`a target this world does not model: ${arn}`);
  }
}
