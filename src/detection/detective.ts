import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BaselineCustomResource } from '../private/baseline-custom-resource';

/**
 * Properties for `DetectiveGraph`.
 */
export interface DetectiveGraphProps {
  /**
   * Whether deleting the stack disables Detective (deletes the behavior graph and the data it
   * holds). Only a graph that the stack created is ever deleted.
   *
   * @default false
   */
  readonly disableOnDelete?: boolean;
}

/**
 * Amazon Detective for this account and Region: a behavior graph built from CloudTrail, VPC Flow
 * Logs and GuardDuty findings, to investigate findings.
 *
 * The baseline provider creates the account's behavior graph, or adopts the one the account already
 * administers (an account administers one graph per Region at most). An account that is an enabled
 * member of another account's graph (invited, or enabled by an organization's Detective
 * administrator) creates no graph of its own: its data already goes to the administrator's graph, and
 * the custom resource's `ManagedBy` names the administrator.
 *
 * Detective's CreateGraph is refused until the account has had GuardDuty on for 48 hours (Detective
 * API reference, CreateGraph): in a new account, deploy Detective in a later deployment than
 * GuardDuty.
 */
export class DetectiveGraph extends Construct {
  /**
   * The ARN of the behavior graph the account administers or contributes to.
   *
   * @attribute
   */
  public readonly graphArn: string;

  constructor(scope: Construct, id: string, props: DetectiveGraphProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const disableOnDelete = props.disableOnDelete ?? false;
    const statements = [
      // ListGraphs, ListInvitations and CreateGraph have no resource type (Service Authorization Reference).
      new iam.PolicyStatement({ actions: ['detective:ListGraphs', 'detective:ListInvitations', 'detective:CreateGraph'], resources: ['*'] }),
    ];
    if (disableOnDelete) {
      statements.push(new iam.PolicyStatement({
        actions: ['detective:DeleteGraph'],
        // Graph ARNs end in an id Detective generates: arn:<partition>:detective:<region>:<account>:graph:<id>.
        resources: [stack.formatArn({ service: 'detective', resource: 'graph', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }));
    }
    const custom = new BaselineCustomResource(this, 'Resource', {
      kind: 'DetectiveGraph',
      properties: { AccountId: stack.account, DisableOnDelete: disableOnDelete },
      policyStatements: statements,
    });
    this.graphArn = custom.resource.getAttString('GraphArn');
  }
}
