import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { FindingPublishingFrequency } from './guardduty-detector';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
import { createServiceLinkedRoleStatement } from '../private/service-linked-role';

/**
 * Properties for `MacieSession`.
 */
export interface MacieSessionProps {
  /**
   * How often Macie publishes updates to existing policy findings to EventBridge and Security Hub.
   * New findings are published as soon as Macie creates them, whatever this says. The same three
   * values as GuardDuty's setting.
   *
   * @default FindingPublishingFrequency.FIFTEEN_MINUTES
   */
  readonly findingPublishingFrequency?: FindingPublishingFrequency;

  /**
   * Automated sensitive data discovery: Macie samples objects of every S3 general purpose bucket of
   * the account continually and inspects them for sensitive data. It is charged per object monitored
   * and per GB inspected (see aws.amazon.com/macie/pricing), so it is opt-in. Only an administrator or
   * standalone account can change it: in a member account it is the administrator's.
   *
   * A Macie that the stack switched on gets exactly this setting; a Macie that was on before gets it
   * switched on when true, and is never switched off by the baseline unless the baseline switched it on.
   *
   * @default false
   */
  readonly automatedDiscovery?: boolean;

  /**
   * Whether deleting the stack disables Macie. Disabling deletes Macie's findings, settings and
   * sensitive data discovery results for the account and Region. Only a Macie that the stack switched
   * on is ever disabled, and never in a member account (its administrator must disassociate it first).
   *
   * @default false
   */
  readonly disableOnDelete?: boolean;
}

/**
 * Amazon Macie for this account and Region: the S3 bucket inventory and its policy findings, and
 * optionally automated sensitive data discovery.
 *
 * `AWS::Macie::Session` fails where Macie is already on, so the baseline provider enables Macie, or
 * adopts it when it is on (resuming it when it is suspended), and converges the finding publishing
 * frequency and automated discovery on every deployment. In an organization member account whose
 * Macie an administrator manages, the status, the publishing frequency and automated discovery are
 * left to the administrator and reported in the custom resource's `ManagedBy` and `SkippedSettings`
 * attributes and the provider's log.
 *
 * Enabling Macie creates its service-linked role `AWSServiceRoleForAmazonMacie`.
 */
export class MacieSession extends Construct {
  /** Whether automated sensitive data discovery is asked for. */
  public readonly automatedDiscovery: boolean;

  constructor(scope: Construct, id: string, props: MacieSessionProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.automatedDiscovery = props.automatedDiscovery ?? false;
    new BaselineCustomResource(this, 'Resource', {
      kind: 'Macie',
      properties: {
        AccountId: stack.account,
        FindingPublishingFrequency: props.findingPublishingFrequency ?? FindingPublishingFrequency.FIFTEEN_MINUTES,
        AutomatedDiscovery: this.automatedDiscovery,
        DisableOnDelete: props.disableOnDelete ?? false,
      },
      policyStatements: [
        new iam.PolicyStatement({
          // No Macie account action has a resource type (Service Authorization Reference, Amazon Macie).
          // DisableMacie also undoes a Create that fails after enabling Macie.
          actions: [
            'macie2:GetMacieSession', 'macie2:EnableMacie', 'macie2:UpdateMacieSession', 'macie2:DisableMacie',
            'macie2:GetAdministratorAccount', 'macie2:UpdateAutomatedDiscoveryConfiguration',
          ],
          resources: ['*'],
        }),
        createServiceLinkedRoleStatement(stack, 'macie.amazonaws.com', 'AWSServiceRoleForAmazonMacie'),
      ],
    });
  }
}
