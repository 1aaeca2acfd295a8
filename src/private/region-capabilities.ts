import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { REGISTRY_DATA_SOURCE, REGISTRY_REGIONS, RESOURCE_TYPE_GAPS } from './region-availability.generated';

/**
 * What AWS offers in some Regions and not in others, in one place, so that the baseline decides at
 * synth where the Region is known.
 */

/**
 * The Regions where AWS Config existed before February 2022. AWS Config records the global IAM
 * resource types (AWS::IAM::User, Role, Group and Policy) only in these; a Region that AWS Config
 * supports since then cannot record them ("These resource types cannot be recorded in Regions
 * supported by AWS Config after February 2022", AWS Config Developer Guide, "Recording AWS Resources
 * | Global Resources", and the CloudFormation reference of
 * AWS::Config::ConfigurationRecorder RecordingGroup.IncludeGlobalResourceTypes).
 *
 * The set is closed: no Region can join it later, so a Region this library does not know (one
 * launched after it) is correctly treated as unable. The documented counter-list (Regions that
 * cannot: ap-south-2, ap-southeast-4, ca-west-1, eu-south-2, eu-central-2, il-central-1,
 * me-central-1, and in the managed-rule pages also ap-southeast-5, ap-southeast-7, mx-central-1 and
 * ap-east-2) is disjoint from it; a test checks that.
 */
const CONFIG_REGIONS_BEFORE_FEBRUARY_2022 = [
  // aws
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'af-south-1', 'ap-east-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ca-central-1',
  'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'eu-south-1',
  'me-south-1', 'sa-east-1',
  // aws-cn
  'cn-north-1', 'cn-northwest-1',
  // aws-us-gov
  'us-gov-west-1', 'us-gov-east-1',
];

/**
 * Whether AWS Config can record the global IAM resource types in the Region. An unresolved Region
 * (an environment-agnostic stack) counts as able, since nothing can be decided at synth.
 */
export function configRecordsGlobalIamTypes(region: string): boolean {
  return Token.isUnresolved(region) || CONFIG_REGIONS_BEFORE_FEBRUARY_2022.includes(region);
}

/** The Regions, among `regions`, where AWS Config can record the global IAM resource types. */
export function regionsRecordingGlobalIamTypes(regions: string[]): string[] {
  return regions.filter(region => !Token.isUnresolved(region) && CONFIG_REGIONS_BEFORE_FEBRUARY_2022.includes(region));
}

/**
 * The warning for a baseline whose Regions cannot record the global IAM resource types: what is
 * missing and how to close the gap.
 */
export function globalIamTypesGap(regions: string): string {
  return `AWS Config cannot record the global IAM resource types (AWS::IAM::User, Role, Group and Policy) in ${regions}, Regions it supports only since February 2022, `
    + 'so IAM users, roles, groups and policies are recorded nowhere and the Security Hub controls that evaluate them have no data; '
    + 'add a Region where AWS Config existed before February 2022 (e.g. us-east-1 or eu-west-1) to a MultiRegionBaseline\'s regions, which then records them there, '
    + 'or record them with a recorder of your own in such a Region';
}

/** A protection feature that is missing from some Regions. */
export interface RegionalFeatureGap {
  /** What the feature is called in messages. */
  readonly feature: string;
  /** The Regions that do not offer it. */
  readonly regions: string[];
  /** The documentation page that says so. */
  readonly source: string;
}

/**
 * GuardDuty protection plans that the GuardDuty User Guide ("Amazon GuardDuty Regions and
 * endpoints", Region-specific feature availability) lists as missing from a Region, by feature
 * name. Every other feature this library knows is offered wherever GuardDuty is.
 */
export const GUARDDUTY_FEATURE_GAPS: Record<string, RegionalFeatureGap> = {
  RDS_LOGIN_EVENTS: {
    feature: 'GuardDuty RDS Protection (RDS_LOGIN_EVENTS)',
    regions: ['ap-east-2'],
    source: 'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_regions.html',
  },
};

/** The GuardDuty features of `names` that the Region does not offer (none when the Region is unresolved). */
export function guardDutyFeaturesMissingIn(region: string, names: string[]): string[] {
  if (Token.isUnresolved(region)) {
    return [];
  }
  return names.filter(name => GUARDDUTY_FEATURE_GAPS[name]?.regions.includes(region));
}

/**
 * The context key that tells an environment-agnostic stack which regions it will be deployed to
 * (`BaselineStackSet` sets it for each group of target regions), so that what those regions lack is
 * decided at synth although the stack's own region is a token.
 */
export const TARGET_REGIONS_CONTEXT = 'cdk-secure-baseline:targetRegions';

/**
 * The regions `scope`'s stack deploys to: its own region, or for an environment-agnostic stack the
 * target regions of the context, or none when nothing is known (then nothing is decided at synth).
 */
export function deploymentRegions(scope: IConstruct): string[] {
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region)) {
    return [region];
  }
  const targets = scope.node.tryGetContext(TARGET_REGIONS_CONTEXT);
  return Array.isArray(targets) ? targets : [];
}

/** The regions of `regions` that the CloudFormation registry data does not know. */
export function regionsWithoutRegistryData(regions: string[]): string[] {
  return regions.filter(region => !REGISTRY_REGIONS.includes(region));
}

/**
 * The regions of `regions` whose CloudFormation lacks the resource type, from the registry data
 * (src/private/region-availability.generated.ts). A region the data does not know (newer than the data,
 * or one it has no list for, such as me-south-1) gets the conservative answer: it lacks every type that
 * some known region lacks.
 */
export function regionsLacking(type: string, regions: string[]): string[] {
  const gaps = RESOURCE_TYPE_GAPS[type];
  if (gaps === undefined) {
    throw new Error(`region-capabilities: ${type} is not in the generated table; add it to TRACKED_RESOURCE_TYPES in scripts/region-capabilities.ts and run \`npx projen regions:generate\``);
  }
  return regions.filter(region => gaps.includes(region) || (gaps.length > 0 && !REGISTRY_REGIONS.includes(region)));
}

/** The regions `scope`'s stack deploys to whose CloudFormation lacks the resource type. */
export function deploymentRegionsLacking(scope: IConstruct, type: string): string[] {
  return regionsLacking(type, deploymentRegions(scope));
}

/** A part of the baseline that needs a resource type some regions lack. */
export interface RegionalPart {
  /** The prop that turns the part on or off, as the user writes it (e.g. 'macie.enabled'). */
  readonly prop: string;
  /** What the part is called in messages. */
  readonly name: string;
  /** The resource type whose absence from a region's registry means the part cannot deploy there. */
  readonly resourceType: string;
  /** Why that type decides it, for the messages. */
  readonly reason: string;
}

/**
 * Macie and Detective are switched on by the provider through their APIs, so no template carries their
 * types; a region whose CloudFormation registry lacks AWS::Macie::Session or AWS::Detective::Graph is
 * taken as a region where the service is not offered (the registry is the only per-region data the
 * library ships; the services' own endpoint lists agree for the regions checked by hand).
 */
export const MACIE_PART: RegionalPart = {
  prop: 'macie.enabled',
  name: 'Amazon Macie',
  resourceType: 'AWS::Macie::Session',
  reason: 'the region\'s CloudFormation registry has no AWS::Macie::Session, taken as the sign that Macie is not offered there',
};

export const DETECTIVE_PART: RegionalPart = {
  prop: 'detective.enabled',
  name: 'Amazon Detective',
  resourceType: 'AWS::Detective::Graph',
  reason: 'the region\'s CloudFormation registry has no AWS::Detective::Graph, taken as the sign that Detective is not offered there',
};

export const COST_ANOMALY_PART: RegionalPart = {
  prop: 'costAnomalyDetection.enabled',
  name: 'Cost anomaly detection',
  resourceType: 'AWS::CE::AnomalySubscription',
  reason: 'the region\'s CloudFormation lacks AWS::CE::AnomalySubscription (and AWS::CE::AnomalyMonitor, which stands for Cost Explorer\'s monitors)',
};

/**
 * Warns once per stack when it deploys to a region the registry data does not know: such a region is
 * treated as lacking every type some region lacks, so parts may be left out that would have worked.
 */
export function warnUnknownRegions(stack: Stack): void {
  const unknown = regionsWithoutRegistryData(deploymentRegions(stack));
  if (unknown.length > 0) {
    const conservative = Object.entries(RESOURCE_TYPE_GAPS).filter(([, gaps]) => gaps.length > 0).map(([type]) => type);
    Annotations.of(stack).addWarningV2('cdk-secure-baseline:regionNotInRegistryData',
      `${unknown.join(', ')}: not in the CloudFormation registry data this library was built with (${REGISTRY_DATA_SOURCE}), so it is assumed to lack `
      + `${conservative.join(', ')} and the parts that need them are left out or fail the synth; a newer cdk-secure-baseline may know the region`);
  }
}

/**
 * Throws when the part is asked for (`enabled: true`) but a region the stack deploys to cannot have it.
 *
 * @param prop the prop as the user wrote it, e.g. 'SecureBaselineProps.macie.enabled'
 */
export function requirePartOffered(scope: IConstruct, prop: string, part: RegionalPart): void {
  const lacking = deploymentRegionsLacking(scope, part.resourceType);
  if (lacking.length > 0) {
    throw new Error(`${prop}: received true, but ${part.name} cannot be deployed in ${lacking.join(', ')}: ${part.reason}; `
      + `set ${part.prop}: false for ${lacking.length > 1 ? 'these regions' : 'this region'}, or deploy it to a region that offers it`);
  }
}

/** The optional parts some regions do not offer, as the baseline's props carry them. */
interface OptionalRegionalParts {
  readonly macie?: { readonly enabled?: boolean };
  readonly detective?: { readonly enabled?: boolean };
}

/** Baseline props without the parts the regions do not offer, and the warnings that say so. */
export interface OfferedParts<T> {
  readonly props: T;
  /** Adds the warnings to the stack that deploys the props. */
  warn(stack: IConstruct): void;
}

/**
 * The baseline props for a stack that deploys to `regions`, without the optional parts (Macie,
 * Detective) that one of them does not offer: a construct that spreads one baseline over several regions
 * (MultiRegionBaseline, BaselineStackSet) leaves them out there, with a warning, where a single
 * SecureBaseline that asks for them fails the synth.
 */
export function withoutUnofferedParts<T extends OptionalRegionalParts>(props: T, regions: string[]): OfferedParts<T> {
  let result = props;
  const warnings: Array<[string, string]> = [];
  for (const [key, part] of [['macie', MACIE_PART], ['detective', DETECTIVE_PART]] as const) {
    const lacking = regionsLacking(part.resourceType, regions);
    if (props[key]?.enabled === true && lacking.length > 0) {
      result = { ...result, [key]: undefined };
      warnings.push([`cdk-secure-baseline:${key}Unavailable`,
        `${part.name} is left out of ${lacking.join(', ')}: ${part.reason}; ${part.prop} applies to the other regions`]);
    }
  }
  return { props: result, warn: stack => warnings.forEach(([id, message]) => Annotations.of(stack).addWarningV2(id, message)) };
}

/**
 * What the region lacks, as a key: the resource types of the table that its CloudFormation has not
 * (all those some region lacks, for a region the data does not know). Regions with the same key can
 * share one template.
 */
export function capabilityKey(region: string): string {
  return Object.keys(RESOURCE_TYPE_GAPS).filter(type => regionsLacking(type, [region]).length > 0).join(',');
}
