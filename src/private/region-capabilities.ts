import { Token } from 'aws-cdk-lib';

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
 * Regions whose CloudFormation does not know the AWS::CE resource types (AWS::CE::AnomalyMonitor and
 * AWS::CE::AnomalySubscription), from the per-Region resource schemas of the CloudFormation registry
 * as cfn-lint 1.58 ships them. A template with either type fails there with "Template format error:
 * Unrecognized resource types" (aws-cloudformation/cloudformation-coverage-roadmap issue 1375, when
 * they existed in us-east-1 only). Cost Anomaly Detection itself is global, so another Region's
 * stack serves the account.
 */
export const COST_ANOMALY_RESOURCE_GAP: RegionalFeatureGap = {
  feature: 'the AWS::CE::AnomalyMonitor and AWS::CE::AnomalySubscription resource types',
  regions: ['ap-east-2', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'mx-central-1', 'us-gov-east-1', 'us-gov-west-1'],
  source: 'https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1375',
};

/** Whether the Region's CloudFormation lacks the AWS::CE resource types (false when the Region is unresolved). */
export function costAnomalyResourcesMissingIn(region: string): boolean {
  return !Token.isUnresolved(region) && COST_ANOMALY_RESOURCE_GAP.regions.includes(region);
}
