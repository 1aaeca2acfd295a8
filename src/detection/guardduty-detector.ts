import { Annotations, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { CfnDetector } from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ServiceDeployment } from './service-deployment';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
import { guardDutyFeaturesMissingIn, GUARDDUTY_FEATURE_GAPS } from '../private/region-capabilities';
import { createServiceLinkedRoleStatement } from '../private/service-linked-role';

const FEATURE_NAME_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/**
 * Legacy data sources that GuardDuty always analyses. The `Features` API rejects
 * them, so catching them at synth keeps a doomed deploy from starting.
 */
const FOUNDATIONAL_DATA_SOURCES = ['CLOUD_TRAIL', 'DNS_LOGS', 'FLOW_LOGS'];

/**
 * How often GuardDuty exports updated findings to EventBridge (and S3, if configured).
 */
export enum FindingPublishingFrequency {
  /** Every 15 minutes. */
  FIFTEEN_MINUTES = 'FIFTEEN_MINUTES',
  /** Every hour. */
  ONE_HOUR = 'ONE_HOUR',
  /** Every six hours (the GuardDuty service default). */
  SIX_HOURS = 'SIX_HOURS',
}

/**
 * A GuardDuty protection feature, as named by the GuardDuty `Features` API.
 *
 * The set is open: AWS adds protection plans over time, so features not known
 * to this library can be named with `GuardDutyFeature.of()`.
 */
export class GuardDutyFeature {
  /** S3 Protection: monitors S3 data events. */
  public static readonly S3_DATA_EVENTS = new GuardDutyFeature('S3_DATA_EVENTS');
  /** EKS Protection: monitors EKS audit logs. */
  public static readonly EKS_AUDIT_LOGS = new GuardDutyFeature('EKS_AUDIT_LOGS');
  /** Malware Protection for EC2: scans EBS volumes of suspicious instances. */
  public static readonly EBS_MALWARE_PROTECTION = new GuardDutyFeature('EBS_MALWARE_PROTECTION');
  /** RDS Protection: monitors login activity to Aurora and RDS databases. */
  public static readonly RDS_LOGIN_EVENTS = new GuardDutyFeature('RDS_LOGIN_EVENTS');
  /** Lambda Protection: monitors network activity of Lambda functions. */
  public static readonly LAMBDA_NETWORK_LOGS = new GuardDutyFeature('LAMBDA_NETWORK_LOGS');
  /**
   * Runtime Monitoring for EKS, ECS on Fargate and EC2. Needs the GuardDuty
   * security agent; this library enables automated agent management with it.
   */
  public static readonly RUNTIME_MONITORING = new GuardDutyFeature('RUNTIME_MONITORING');

  /**
   * A feature by its GuardDuty API name, for features added after this library was released.
   *
   * @param name the feature name, e.g. 'EKS_RUNTIME_MONITORING'
   */
  public static of(name: string): GuardDutyFeature {
    if (!Token.isUnresolved(name)) {
      if (!FEATURE_NAME_PATTERN.test(name)) {
        throw new Error(`GuardDutyFeature.of: '${name}' is not a valid feature name; use a GuardDuty API feature name matching ${FEATURE_NAME_PATTERN} such as 'S3_DATA_EVENTS'`);
      }
      if (FOUNDATIONAL_DATA_SOURCES.includes(name)) {
        throw new Error(`GuardDutyFeature.of: '${name}' is a foundational data source that GuardDuty always analyses and cannot be configured as a feature; list only protection features such as 'S3_DATA_EVENTS'`);
      }
    }
    return new GuardDutyFeature(name);
  }

  /**
   * The feature name as the GuardDuty API spells it.
   */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }
}

/**
 * Features this library knows, in the order they are written to the template.
 * Each is written ENABLED or DISABLED so that a feature dropped from the props
 * is switched off in place rather than left running.
 */
const KNOWN_FEATURES = [
  GuardDutyFeature.S3_DATA_EVENTS,
  GuardDutyFeature.EKS_AUDIT_LOGS,
  GuardDutyFeature.EBS_MALWARE_PROTECTION,
  GuardDutyFeature.RDS_LOGIN_EVENTS,
  GuardDutyFeature.LAMBDA_NETWORK_LOGS,
  GuardDutyFeature.RUNTIME_MONITORING,
];

/** Without agent management the Runtime Monitoring agent is never deployed. */
const RUNTIME_AGENT_MANAGEMENT = ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'];

const EKS_RUNTIME_MONITORING = 'EKS_RUNTIME_MONITORING';

/** One feature as written to the template, in either deployment mode. */
interface FeatureSetting {
  readonly name: string;
  readonly status: string;
  readonly additionalConfiguration?: Array<{ readonly name: string; readonly status: string }>;
}

/**
 * Properties for a `GuardDutyDetector`.
 */
export interface GuardDutyDetectorProps {
  /**
   * How often updated findings are published.
   *
   * @default FindingPublishingFrequency.FIFTEEN_MINUTES
   */
  readonly findingPublishingFrequency?: FindingPublishingFrequency;

  /**
   * Protection features to enable. Known features that are not listed are written
   * as DISABLED, so removing a feature later switches it off in place.
   *
   * @default - every feature that needs no agent: S3_DATA_EVENTS, EKS_AUDIT_LOGS,
   * EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS and LAMBDA_NETWORK_LOGS
   */
  readonly features?: GuardDutyFeature[];

  /**
   * Enable Runtime Monitoring (EKS, ECS on Fargate, EC2) with automated agent
   * management. Opt-in because it deploys an agent into workloads and is charged
   * per vCPU monitored.
   *
   * @default false
   */
  readonly runtimeMonitoring?: boolean;

  /**
   * How the detector is deployed. With `ADOPT_OR_CREATE` a detector that already exists in the
   * account and Region is adopted and its settings converged; with `CLOUDFORMATION` the detector is
   * an `AWS::GuardDuty::Detector`, which fails where a detector already exists.
   *
   * @default ServiceDeployment.ADOPT_OR_CREATE
   */
  readonly deployment?: ServiceDeployment;

  /**
   * Whether deleting the stack (or removing this construct) deletes the detector, switching
   * GuardDuty off. Only a detector that the stack created is ever deleted: an adopted one is left
   * as it is. When false, the detector stays on after the stack is gone (with `CLOUDFORMATION`,
   * through a `Retain` deletion policy).
   *
   * @default false
   */
  readonly disableOnDelete?: boolean;
}

/**
 * The regional GuardDuty detector with its protection features.
 *
 * Only one detector can exist per account and Region. By default
 * (`ServiceDeployment.ADOPT_OR_CREATE`) the baseline provider creates the detector, or adopts the
 * one that already exists, and converges the finding frequency and every feature on each
 * deployment. With `ServiceDeployment.CLOUDFORMATION` the detector is an `AWS::GuardDuty::Detector`
 * instead: drift detection and resource import work, but deploying where a detector already exists
 * fails with "a detector already exists".
 *
 * In an organization member account, the detector inherits the finding frequency and the protection
 * plans from the GuardDuty administrator: the default mode finds that out at deploy time, leaves
 * them alone and reports them (the custom resource's `ManagedBy` and `SkippedSettings`, and the
 * provider's log).
 *
 * Deleting the stack leaves GuardDuty on unless `disableOnDelete` is true.
 */
export class GuardDutyDetector extends Construct {
  /**
   * The detector ID.
   *
   * @attribute
   */
  public readonly detectorId: string;

  constructor(scope: Construct, id: string, props: GuardDutyDetectorProps = {}) {
    super(scope, id);

    const chosen = props.features ?? [
      GuardDutyFeature.S3_DATA_EVENTS,
      GuardDutyFeature.EKS_AUDIT_LOGS,
      GuardDutyFeature.EBS_MALWARE_PROTECTION,
      GuardDutyFeature.RDS_LOGIN_EVENTS,
      GuardDutyFeature.LAMBDA_NETWORK_LOGS,
    ];
    const missing = this.featuresMissingHere(chosen.map(f => f.name), props.features !== undefined);

    const names: string[] = [];
    for (const feature of chosen) {
      if (!Token.isUnresolved(feature.name) && names.includes(feature.name)) {
        throw new Error(`GuardDutyDetectorProps.features: '${feature.name}' is listed twice; list each feature once`);
      }
      names.push(feature.name);
    }

    const listsRuntime = names.includes(GuardDutyFeature.RUNTIME_MONITORING.name);
    if (listsRuntime && props.runtimeMonitoring === false) {
      throw new Error("GuardDutyDetectorProps.features: 'RUNTIME_MONITORING' is listed but runtimeMonitoring is false; set runtimeMonitoring: true, or remove RUNTIME_MONITORING from features");
    }
    const runtime = listsRuntime || props.runtimeMonitoring === true;
    const eksRuntime = names.includes(EKS_RUNTIME_MONITORING);
    if (runtime && eksRuntime) {
      throw new Error("GuardDutyDetectorProps.features: 'EKS_RUNTIME_MONITORING' cannot be combined with RUNTIME_MONITORING (runtimeMonitoring: true), because GuardDuty rejects both in one detector; use runtimeMonitoring: true alone, since Runtime Monitoring already covers EKS");
    }

    const features: FeatureSetting[] = [];
    for (const known of KNOWN_FEATURES) {
      const isRuntime = known === GuardDutyFeature.RUNTIME_MONITORING;
      // GuardDuty rejects a request that names both runtime features, even as DISABLED; a feature the
      // Region does not offer is left out rather than written DISABLED.
      if ((isRuntime && eksRuntime) || missing.includes(known.name)) {
        continue;
      }
      const enabled = isRuntime ? runtime : names.includes(known.name);
      const status = enabled ? 'ENABLED' : 'DISABLED';
      features.push({
        name: known.name,
        status,
        // Agent management follows the feature so that turning it off also stops managing agents.
        additionalConfiguration: isRuntime
          ? RUNTIME_AGENT_MANAGEMENT.map((name) => ({ name, status }))
          : undefined,
      });
    }
    const knownNames = KNOWN_FEATURES.map((f) => f.name);
    for (const name of names) {
      if (!knownNames.includes(name)) {
        features.push({ name, status: 'ENABLED' });
      }
    }

    const findingPublishingFrequency = props.findingPublishingFrequency ?? FindingPublishingFrequency.FIFTEEN_MINUTES;
    const disableOnDelete = props.disableOnDelete ?? false;

    if ((props.deployment ?? ServiceDeployment.ADOPT_OR_CREATE) === ServiceDeployment.CLOUDFORMATION) {
      const resource = new CfnDetector(this, 'Resource', {
        enable: true,
        findingPublishingFrequency,
        features,
      });
      // Deleting the stack must not lower protection unless asked to.
      resource.applyRemovalPolicy(disableOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);
      this.detectorId = resource.ref;
      return;
    }

    const malwareProtection = features.some((f) => f.name === GuardDutyFeature.EBS_MALWARE_PROTECTION.name && f.status === 'ENABLED');
    const custom = new BaselineCustomResource(this, 'Resource', {
      kind: 'GuardDutyDetector',
      properties: {
        FindingPublishingFrequency: findingPublishingFrequency,
        // The GuardDuty API spells the feature fields as CloudFormation does.
        Features: features.map((f) => ({
          Name: f.name,
          Status: f.status,
          ...(f.additionalConfiguration
            ? { AdditionalConfiguration: f.additionalConfiguration.map((c) => ({ Name: c.name, Status: c.status })) }
            : {}),
        })),
        DisableOnDelete: disableOnDelete,
      },
      policyStatements: detectorStatements(Stack.of(this), malwareProtection, disableOnDelete),
    });
    this.detectorId = custom.resource.getAttString('DetectorId');
  }

  /**
   * The features of `names` that this stack's Region does not offer (see `GUARDDUTY_FEATURE_GAPS`).
   * A default feature is left out there with a note; one the props ask for fails the synth, as the
   * deployment would.
   */
  private featuresMissingHere(names: string[], asked: boolean): string[] {
    const region = Stack.of(this).region;
    const missing = guardDutyFeaturesMissingIn(region, names);
    for (const name of missing) {
      const gap = GUARDDUTY_FEATURE_GAPS[name];
      if (asked) {
        throw new Error(`GuardDutyDetectorProps.features: received '${name}', but ${gap.feature} is not offered in ${region} (${gap.source}); remove it from features for this Region`);
      }
      Annotations.of(this).addInfo(`${gap.feature} is not offered in ${region} (${gap.source}), so the detector leaves it out here`);
    }
    return missing;
  }
}

/** Service-linked roles GuardDuty creates with the caller's permissions. */
const GUARDDUTY_ROLE = { service: 'guardduty.amazonaws.com', role: 'AWSServiceRoleForAmazonGuardDuty' };
const MALWARE_PROTECTION_ROLE = { service: 'malware-protection.guardduty.amazonaws.com', role: 'AWSServiceRoleForAmazonGuardDutyMalwareProtection' };

function detectorStatements(stack: Stack, malwareProtection: boolean, disableOnDelete: boolean): iam.PolicyStatement[] {
  const slr = ({ service, role }: { service: string; role: string }) => createServiceLinkedRoleStatement(stack, service, role);
  const detectors = stack.formatArn({ service: 'guardduty', resource: 'detector', resourceName: '*' });
  return [
    // ListDetectors, CreateDetector and GetAdministratorAccount support no resource-level permissions.
    new iam.PolicyStatement({ actions: ['guardduty:ListDetectors', 'guardduty:CreateDetector', 'guardduty:GetAdministratorAccount'], resources: ['*'] }),
    new iam.PolicyStatement({
      actions: disableOnDelete ? ['guardduty:UpdateDetector', 'guardduty:DeleteDetector'] : ['guardduty:UpdateDetector'],
      resources: [detectors],
    }),
    slr(GUARDDUTY_ROLE),
    ...(malwareProtection ? [slr(MALWARE_PROTECTION_ROLE)] : []),
  ];
}
