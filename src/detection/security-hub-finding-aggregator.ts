import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
import { validateRegionName } from '../private/region';
import { validateUnique } from '../private/validation';

/**
 * Properties for a `SecurityHubFindingAggregator`.
 */
export interface SecurityHubFindingAggregatorProps {
  /**
   * The Regions whose findings the stack's Region (the aggregation Region) receives; the stack's
   * own Region is left out.
   */
  readonly regions: string[];
}

/**
 * The account's Security Hub finding aggregator, in the stack's Region, linking `regions`.
 *
 * An account has one finding aggregator at most, and "a finding aggregator cannot be created by a
 * member account" (Security Hub API reference, CreateFindingAggregator). So, at deploy time, the
 * baseline provider creates the aggregator only where the account may and none exists, adopts an
 * existing one unchanged, and in a Security Hub member account leaves aggregation to the
 * administrator (`managedBy` is then the administrator's account id). Deleting the stack deletes only
 * an aggregator it created. Security Hub must be on in the Region first: add a dependency on it.
 *
 * Which Regions end up aggregated where is therefore known only at deploy time, so the baseline's
 * notifications do not rely on it: member regions forward the findings raised in them, and the home
 * region's `SecurityEventRules` (with `forwardingRegions`) ignore the aggregated copies of those.
 */
export class SecurityHubFindingAggregator extends Construct {
  /**
   * The ARN of the aggregator that was created or adopted; an empty string in a member account.
   *
   * @attribute
   */
  public readonly findingAggregatorArn: string;

  /**
   * 'self' where this account's baseline owns aggregation, or the account id of the Security Hub
   * administrator that owns it.
   *
   * @attribute
   */
  public readonly managedBy: string;

  constructor(scope: Construct, id: string, props: SecurityHubFindingAggregatorProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (props.regions.length === 0) {
      throw new Error('SecurityHubFindingAggregatorProps.regions: received an empty list; list the Regions to aggregate');
    }
    props.regions.forEach((region, index) => {
      validateRegionName(this, `SecurityHubFindingAggregatorProps.regions[${index}]`, region);
      if (!Token.isUnresolved(stack.region) && region === stack.region) {
        throw new Error(`SecurityHubFindingAggregatorProps.regions[${index}]: received '${region}', which is the stack's own Region (the aggregation Region); list only the other Regions`);
      }
    });
    validateUnique('SecurityHubFindingAggregatorProps.regions', props.regions, region => region);

    const custom = new BaselineCustomResource(this, 'Resource', {
      kind: 'FindingAggregator',
      properties: { RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: props.regions },
      policyStatements: [
        // ListFindingAggregators and CreateFindingAggregator support no resource-level permissions.
        new iam.PolicyStatement({ actions: ['securityhub:ListFindingAggregators', 'securityhub:CreateFindingAggregator'], resources: ['*'] }),
        new iam.PolicyStatement({
          actions: ['securityhub:UpdateFindingAggregator', 'securityhub:DeleteFindingAggregator'],
          // Only an aggregator the stack created, which lives in the stack's Region, is updated or deleted.
          resources: [stack.formatArn({ service: 'securityhub', resource: 'finding-aggregator', resourceName: '*' })],
        }),
        new iam.PolicyStatement({
          actions: ['securityhub:GetAdministratorAccount'],
          resources: [stack.formatArn({ service: 'securityhub', resource: 'hub', resourceName: 'default' })],
        }),
      ],
    });
    this.findingAggregatorArn = custom.resource.getAttString('FindingAggregatorArn');
    this.managedBy = custom.resource.getAttString('ManagedBy');
  }
}
