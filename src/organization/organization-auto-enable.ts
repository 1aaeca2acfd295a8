import { CustomResource, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnOrganizationConfiguration } from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';
import { GuardDutyDetector, GuardDutyFeature } from '../detection/guardduty-detector';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
import { validatePattern } from '../private/validation';

/**
 * Which member accounts of the organization GuardDuty enables itself in
 * (`AutoEnableOrganizationMembers` of `guardduty:UpdateOrganizationConfiguration`).
 */
export enum AutoEnableMembers {
  /** Every member account: those in the organization now and those that join later. */
  ALL = 'ALL',
  /** Only accounts that join the organization from now on. */
  NEW = 'NEW',
  /** No account: the administrator enables members by hand. */
  NONE = 'NONE',
}

/**
 * Whether Security Hub enables its default standards in the accounts it enables itself in
 * (`AutoEnableStandards` of `AWS::SecurityHub::OrganizationConfiguration`).
 */
export enum AutoEnableStandards {
  /** The default standards (AWS Foundational Security Best Practices and CIS AWS Foundations). */
  DEFAULT = 'DEFAULT',
  /** No standard: they are enabled separately in each account. */
  NONE = 'NONE',
}

/**
 * Properties for `OrganizationAutoEnable`.
 */
export interface OrganizationAutoEnableProps {
  /**
   * Make GuardDuty enable itself, with its agentless protection features, in member accounts.
   *
   * @default true
   */
  readonly guardDuty?: boolean;

  /**
   * Which member accounts GuardDuty enables itself in. The agentless features (S3_DATA_EVENTS,
   * EKS_AUDIT_LOGS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS, LAMBDA_NETWORK_LOGS, the
   * `GuardDutyDetector` default) are auto-enabled for the same accounts.
   *
   * @default AutoEnableMembers.ALL
   */
  readonly autoEnableMembers?: AutoEnableMembers;

  /**
   * The administrator account's GuardDuty detector in this Region, e.g. `baseline.guardDutyDetector`.
   * The organization configuration is then applied after it. Give this or `detectorId`, not both.
   *
   * @default - the detector is found with `guardduty:ListDetectors` at deployment
   */
  readonly detector?: GuardDutyDetector;

  /**
   * The id of the administrator account's GuardDuty detector in this Region, e.g.
   * `baseline.guardDutyDetector.detectorId` (a token makes CloudFormation wait for the detector).
   *
   * @default - the detector is found with `guardduty:ListDetectors` at deployment
   */
  readonly detectorId?: string;

  /**
   * Make Security Hub enable itself in accounts that join the organization
   * (`AWS::SecurityHub::OrganizationConfiguration`, retained on delete).
   *
   * @default true
   */
  readonly securityHub?: boolean;

  /**
   * Whether Security Hub enables its default standards in those accounts.
   *
   * @default AutoEnableStandards.DEFAULT
   */
  readonly autoEnableStandards?: AutoEnableStandards;
}

/** The agentless features of the `GuardDutyDetector` default, auto-enabled for members. */
const AGENTLESS_FEATURES = [
  GuardDutyFeature.S3_DATA_EVENTS,
  GuardDutyFeature.EKS_AUDIT_LOGS,
  GuardDutyFeature.EBS_MALWARE_PROTECTION,
  GuardDutyFeature.RDS_LOGIN_EVENTS,
  GuardDutyFeature.LAMBDA_NETWORK_LOGS,
];

const DETECTOR_ID_PATTERN = /^[a-f0-9]{32}$/;

/**
 * Makes GuardDuty and Security Hub switch themselves on in the organization's member accounts.
 * Deploy it in the delegated administrator account (see `OrganizationSecurityAdmin`), in every
 * Region where the services are used, after the baseline (whose GuardDuty detector and Security Hub
 * must exist in this account and Region).
 *
 * - GuardDuty: the baseline provider calls `guardduty:UpdateOrganizationConfiguration` with
 *   `AutoEnableOrganizationMembers` (ALL by default, which also enables current members) and the
 *   agentless protection features. Deleting the stack leaves the configuration in place, so new
 *   accounts keep being protected.
 * - Security Hub: `AWS::SecurityHub::OrganizationConfiguration` with `AutoEnable: true` and the
 *   `LOCAL` configuration type, retained on delete. With local configuration AutoEnable applies to
 *   accounts that join from now on; existing members are enabled from the administrator's console or
 *   `securityhub:CreateMembers`. The alternative, `CENTRAL` configuration, covers every account and
 *   Region through configuration policies, and needs a finding aggregator (home Region) and
 *   `AWS::SecurityHub::ConfigurationPolicy` / `PolicyAssociation` resources, which this construct
 *   does not create.
 *
 * @example
 * import { App, Stack } from 'aws-cdk-lib';
 * import { OrganizationAutoEnable } from 'cdk-secure-baseline';
 *
 * const app = new App();
 * const audit = new Stack(app, 'OrgAutoEnable', { env: { account: '222222222222', region: 'eu-west-1' } });
 * new OrganizationAutoEnable(audit, 'AutoEnable');
 */
export class OrganizationAutoEnable extends Construct {
  /**
   * The GuardDuty organization configuration.
   *
   * @default - none when `guardDuty` is false
   */
  public readonly guardDutyConfiguration?: CustomResource;

  /**
   * The Security Hub organization configuration.
   *
   * @default - none when `securityHub` is false
   */
  public readonly securityHubConfiguration?: CfnOrganizationConfiguration;

  constructor(scope: Construct, id: string, props: OrganizationAutoEnableProps = {}) {
    super(scope, id);
    const guardDuty = props.guardDuty ?? true;
    const securityHub = props.securityHub ?? true;
    if (!guardDuty && !securityHub) {
      throw new Error('OrganizationAutoEnableProps: guardDuty and securityHub are both false, so nothing would be auto-enabled; leave at least one on');
    }
    if (props.detector && props.detectorId !== undefined) {
      throw new Error('OrganizationAutoEnableProps: detector and detectorId are both given; give one of them');
    }
    if (props.detectorId !== undefined) {
      validatePattern('OrganizationAutoEnableProps.detectorId', props.detectorId, DETECTOR_ID_PATTERN,
        'a GuardDuty detector id of 32 lowercase hexadecimal characters, such as baseline.guardDutyDetector.detectorId');
    }
    if (!guardDuty) {
      for (const prop of ['autoEnableMembers', 'detector', 'detectorId'] as const) {
        if (props[prop] !== undefined) {
          throw new Error(`OrganizationAutoEnableProps.${prop}: given, but guardDuty is false; remove ${prop} or set guardDuty: true`);
        }
      }
    }
    if (!securityHub && props.autoEnableStandards !== undefined) {
      throw new Error('OrganizationAutoEnableProps.autoEnableStandards: given, but securityHub is false; remove autoEnableStandards or set securityHub: true');
    }

    if (guardDuty) {
      const members = props.autoEnableMembers ?? AutoEnableMembers.ALL;
      const detectorId = props.detector?.detectorId ?? props.detectorId;
      const configuration = new BaselineCustomResource(this, 'GuardDuty', {
        kind: 'GuardDutyOrganizationConfiguration',
        properties: {
          ...(detectorId !== undefined ? { DetectorId: detectorId } : {}),
          AutoEnableOrganizationMembers: members,
          Features: AGENTLESS_FEATURES.map((feature) => feature.name),
        },
        policyStatements: guardDutyStatements(detectorId === undefined),
      });
      if (props.detector) {
        configuration.node.addDependency(props.detector);
      }
      this.guardDutyConfiguration = configuration.resource;
    }

    if (securityHub) {
      this.securityHubConfiguration = new CfnOrganizationConfiguration(this, 'SecurityHub', {
        autoEnable: true,
        autoEnableStandards: props.autoEnableStandards ?? AutoEnableStandards.DEFAULT,
        configurationType: 'LOCAL',
      });
      // Removing the stack must not stop new accounts from being protected.
      this.securityHubConfiguration.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
  }
}

function guardDutyStatements(listDetectors: boolean): iam.PolicyStatement[] {
  // Neither action supports resource-level permissions (Service Authorization Reference: no resource
  // type), so only "*" matches; a detector ARN here denies every call.
  const actions = ['guardduty:UpdateOrganizationConfiguration', ...(listDetectors ? ['guardduty:ListDetectors'] : [])];
  return [new iam.PolicyStatement({ actions, resources: ['*'] })];
}
