/**
 * The contract between the constructs and the baseline provider's handlers: per kind of custom
 * resource, the properties a construct gives it. The constructs build their properties through
 * `CustomResourceKinds` (baseline-custom-resource.ts) and the handlers read them through
 * `Delivered` (handler/types.ts), so a property or kind renamed on one side only fails `tsc`.
 *
 * Types only, and no imports: the handler bundle imports this module and must stay free of
 * aws-cdk-lib. Values a construct passes may be CDK tokens; a token is a string at synth, so
 * properties that receive one are declared as strings.
 */

/** Every kind of custom resource the baseline's one provider function serves, with its properties. */
export interface CustomResourceKinds {
  readonly AccessAnalyzer: AccessAnalyzerProperties;
  readonly AccountPublicAccessBlock: AccountProperties;
  readonly AlternateContact: AlternateContactProperties;
  readonly AnomalyMonitor: AnomalyMonitorProperties;
  readonly ConfigRecorder: ConfigRecorderProperties;
  readonly DefaultSecurityGroup: NoProperties;
  readonly DetectiveGraph: AccountProperties & DisableOnDeleteProperties;
  readonly EbsDefaultEncryption: EbsDefaultEncryptionProperties;
  readonly FindingAggregator: FindingAggregatorProperties;
  readonly GuardDutyDetector: GuardDutyDetectorProperties;
  readonly GuardDutyOrganizationConfiguration: GuardDutyOrganizationProperties;
  readonly Inspector: InspectorProperties;
  readonly Macie: MacieProperties;
  readonly OrganizationAdmin: OrganizationAdminProperties;
  readonly PasswordPolicy: PasswordPolicyProperties;
  readonly SecurityHub: SecurityHubProperties;
  readonly ServiceLinkedRole: ServiceLinkedRoleProperties;
}

/** The name of a kind; the custom resource's type is `Custom::<kind>`. */
export type CustomResourceKind = keyof CustomResourceKinds;

/**
 * What CloudFormation hands a custom resource's function for a value the construct gave: every
 * scalar arrives as a string (`true` as `'true'`, `14` as `'14'`), arrays and objects keep their
 * shape with their scalars converted, and a value left undefined is not there at all.
 */
export type AsDelivered<T> =
  T extends undefined ? undefined :
    T extends string | number | boolean ? string :
      T extends ReadonlyArray<infer E> ? Array<AsDelivered<E>> :
        T extends object ? { readonly [P in keyof T]: AsDelivered<T[P]> } :
          never;

/** The properties a handler of kind `K` receives, with the `Kind` that chose it. */
export type Delivered<K extends CustomResourceKind> = { readonly Kind: K } & AsDelivered<CustomResourceKinds[K]>;

/**
 * The properties of the previous deployment in an Update: possibly written by an older version of
 * the library, so any of them may be missing.
 */
export type PreviousDelivered<K extends CustomResourceKind> = { readonly Kind: K } & Partial<AsDelivered<CustomResourceKinds[K]>>;

/** A kind whose handler needs nothing from the template. */
export interface NoProperties {}

interface AccountProperties {
  /** The stack's account (a token at synth). */
  readonly AccountId: string;
}

interface DisableOnDeleteProperties {
  /** Switch the service off when the resource is deleted, if the stack switched it on. */
  readonly DisableOnDelete: boolean;
}

export interface AccessAnalyzerProperties extends DisableOnDeleteProperties {
  readonly AnalyzerName: string;
  /** ACCOUNT, ORGANIZATION, or either with `_UNUSED_ACCESS`. */
  readonly Type: string;
  /** Days; only for the unused access analyzers. */
  readonly UnusedAccessAge?: number;
}

export interface AlternateContactProperties {
  readonly AlternateContactType: string;
  readonly Name: string;
  readonly EmailAddress: string;
  readonly PhoneNumber: string;
  readonly Title: string;
}

export interface AnomalyMonitorProperties extends DisableOnDeleteProperties {
  readonly MonitorName: string;
  readonly MonitorDimension: string;
}

export interface ConfigRecorderProperties extends DisableOnDeleteProperties {
  readonly RoleArn: string;
  readonly IncludeGlobalResourceTypes: boolean;
  readonly RecordingFrequency: string;
  readonly BucketName: string;
  readonly KmsKeyArn?: string;
  readonly DeliveryFrequency: string;
}

export interface EbsDefaultEncryptionProperties {
  /** Without it, the AWS managed key. */
  readonly KmsKeyId?: string;
}

export interface FindingAggregatorProperties {
  readonly RegionLinkingMode: string;
  readonly Regions: string[];
}

/** A GuardDuty feature, spelled as the GuardDuty API and CloudFormation spell it. */
export interface GuardDutyFeatureProperties {
  readonly Name: string;
  readonly Status: string;
  readonly AdditionalConfiguration?: Array<{ readonly Name: string; readonly Status: string }>;
}

export interface GuardDutyDetectorProperties extends DisableOnDeleteProperties {
  readonly FindingPublishingFrequency: string;
  readonly Features: GuardDutyFeatureProperties[];
}

export interface GuardDutyOrganizationProperties {
  /** Without it, the handler finds the Region's detector. */
  readonly DetectorId?: string;
  readonly AutoEnableOrganizationMembers: string;
  /** The names of the features to switch on for members. */
  readonly Features: string[];
}

export interface InspectorProperties extends AccountProperties, DisableOnDeleteProperties {
  readonly ResourceTypes: string[];
}

export interface MacieProperties extends AccountProperties, DisableOnDeleteProperties {
  readonly FindingPublishingFrequency: string;
  readonly AutomatedDiscovery: boolean;
}

export interface OrganizationAdminProperties {
  readonly Service: string;
  /** Absent when only trusted access is enabled. */
  readonly AdminAccountId?: string;
  readonly TrustedAccessOnly?: boolean;
}

export interface PasswordPolicyProperties {
  readonly MinimumPasswordLength: number;
  readonly RequireSymbols: boolean;
  readonly RequireNumbers: boolean;
  readonly RequireUppercaseCharacters: boolean;
  readonly RequireLowercaseCharacters: boolean;
  readonly AllowUsersToChangePassword: boolean;
  readonly PasswordReusePrevention: number;
  /** Days; without it, passwords do not expire. */
  readonly MaxPasswordAge?: number;
  readonly HardExpiry: boolean;
}

export interface SecurityHubDisabledControlProperties {
  readonly StandardsArn: string;
  readonly StandardsControlArn: string;
  readonly Reason?: string;
}

export interface SecurityHubProperties extends AccountProperties, DisableOnDeleteProperties {
  readonly ControlFindingGenerator: string;
  readonly AutoEnableControls: boolean;
  readonly StandardsArns: string[];
  readonly DisabledControls: SecurityHubDisabledControlProperties[];
}

export interface ServiceLinkedRoleProperties {
  readonly AWSServiceName: string;
  readonly RoleName: string;
}
