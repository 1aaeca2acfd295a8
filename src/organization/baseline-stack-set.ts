import * as fs from 'fs';
import * as path from 'path';
import { Annotations, App, BootstraplessSynthesizer, CfnStackSet, Names, Stage } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct, IConstruct } from 'constructs';
import { INLINE_CUSTOM_RESOURCES_CONTEXT } from '../private/baseline-custom-resource';
import { validateRegionList } from '../private/region';
import { capabilityKey, TARGET_REGIONS_CONTEXT, withoutUnofferedParts } from '../private/region-capabilities';
import { validateIntegerRange, validatePattern, validateUnique } from '../private/validation';
import { SecureBaseline } from '../secure-baseline';
import { SecureBaselineProps } from '../secure-baseline-props';

/**
 * Whom the StackSet operations act as.
 */
export enum CallAs {
  /** The organization's management account. */
  SELF = 'SELF',
  /**
   * A delegated administrator for CloudFormation StackSets (a member account registered for
   * `member.org.stacksets.cloudformation.amazonaws.com`). Its deploy role needs
   * `organizations:ListDelegatedAdministrators`.
   */
  DELEGATED_ADMIN = 'DELEGATED_ADMIN',
}

/**
 * Whether StackSets deploys to the Regions one after another or all at once.
 */
export enum RegionConcurrency {
  /** All Regions at the same time. */
  PARALLEL = 'PARALLEL',
  /** One Region at a time, in the order of `regions`. */
  SEQUENTIAL = 'SEQUENTIAL',
}

/**
 * How failures affect the number of accounts a StackSet operation deploys to at once.
 */
export enum FailureToleranceMode {
  /**
   * The concurrency stays at `maxConcurrentPercentage` whatever fails; the operation still stops
   * once more accounts than the tolerance have failed.
   */
  SOFT = 'SOFT_FAILURE_TOLERANCE',
  /**
   * CloudFormation's default: the concurrency starts at the failure tolerance plus one and shrinks
   * with each failure. With a failure tolerance of 0 it deploys to one account at a time.
   */
  STRICT = 'STRICT_FAILURE_TOLERANCE',
}

/**
 * Properties for a `BaselineStackSet`.
 */
export interface BaselineStackSetProps {
  /**
   * The organizational units (`ou-xxxx-xxxxxxxx`) or the organization root (`r-xxxx`) whose accounts get
   * the baseline, nested OUs included. StackSets never deploys to the management account, even when it is
   * in a target: give it its own `SecureBaseline` stack.
   */
  readonly organizationalUnitIds: string[];

  /**
   * The Regions each account gets the baseline in, e.g. `['eu-west-1']`.
   */
  readonly regions: string[];

  /**
   * The member accounts' baseline, as for `SecureBaseline`. Leave `env` unset: one template serves every
   * account and Region. Its `nagPacks` are enforced when the template is synthesized, so a finding fails
   * the synth of the stack that holds this construct.
   *
   * @default - the default SecureBaseline
   */
  readonly baseline?: SecureBaselineProps;

  /**
   * Whom the StackSet operations act as: the management account, or a delegated administrator for StackSets.
   *
   * @default CallAs.SELF
   */
  readonly callAs?: CallAs;

  /**
   * Deploy the baseline to accounts that join a target OU later, and remove the StackSet's stack
   * instances from accounts that leave (see `retainStacksOnAccountRemoval`).
   *
   * @default true
   */
  readonly autoDeployment?: boolean;

  /**
   * When an account leaves the target OUs, keep the baseline's resources in it (the stack instance is
   * removed from the StackSet, the stack's resources stay). A security baseline is not torn down because an
   * account moved. Only with `autoDeployment`.
   *
   * @default true
   */
  readonly retainStacksOnAccountRemoval?: boolean;

  /**
   * The percentage of accounts per Region that may fail before the operation stops in that Region
   * (rounded down). Whole number from 0 to 100.
   *
   * @default 0
   */
  readonly failureTolerancePercentage?: number;

  /**
   * The largest percentage of accounts deployed to at once, per Region (rounded down, at least one).
   * Whole number from 1 to 100.
   *
   * @default 25
   */
  readonly maxConcurrentPercentage?: number;

  /**
   * How failures change the concurrency. The default keeps `maxConcurrentPercentage` in force: with
   * CloudFormation's own default (`STRICT`) and a failure tolerance of 0, StackSets deploys to one account
   * at a time.
   *
   * @default FailureToleranceMode.SOFT
   */
  readonly failureToleranceMode?: FailureToleranceMode;

  /**
   * Whether the Regions are deployed one after another or all at once.
   *
   * @default RegionConcurrency.PARALLEL
   */
  readonly regionConcurrency?: RegionConcurrency;

  /**
   * The StackSet's description.
   *
   * @default - names the library and the target OUs
   */
  readonly description?: string;
}

/**
 * The StackSet of one group of target Regions.
 */
export interface BaselineStackSetRegionGroup {
  /** The Regions of the group, in the order of `regions`. */
  readonly regions: string[];
  /** The group's StackSet. */
  readonly stackSet: CfnStackSet;
  /** The StackSet's name. */
  readonly stackSetName: string;
  /** The member baseline synthesized for the group's Regions. */
  readonly baseline: SecureBaseline;
  /** The S3 asset that holds the group's template. */
  readonly templateAsset: s3assets.Asset;
}

/*
 * Design notes.
 *
 * Synthesizer of the member template: BootstraplessSynthesizer. It writes no BootstrapVersion
 * parameter and no CheckBootstrapVersion rule (which would fail in member accounts that were never
 * bootstrapped, and a StackSet cannot pass stack-specific parameters anyway), and it throws on any file
 * or image asset ("Cannot add assets to a Stack that uses the BootstraplessSynthesizer"), so a future
 * construct that needs an asset fails the synth instead of producing a template that points at a bucket
 * member accounts cannot read. CliCredentialsStackSynthesizer would accept such an asset silently (published
 * to the management account's bucket only); LegacyStackSynthesizer turns assets into template parameters
 * that no StackSet instance could fill.
 *
 * cdklabs/cdk-stacksets (npm, 0.0.x, experimental) was evaluated and not used:
 * - Its `StackSetStack` is a Stack subclass created inside a parent Stack. The member baseline is
 *   `SecureBaseline`, itself a Stack subclass with its own constructor, so it could not be a
 *   `StackSetStack` without duplicating the baseline; a separate in-process App synthesizes it unchanged.
 * - Its asset support copies Lambda assets with `BucketDeployment` into buckets the user creates in every
 *   target Region (`<prefix>-<region>`) with read access for the organization. The baseline needs no asset
 *   at all (its one provider function is inline), so none of that infrastructure is needed.
 * - It would be a 0.0.x peer dependency for every jsii language, for what `CfnStackSet` plus an
 *   `s3_assets.Asset` of the template already does. Its StackSet construct does offer more targeting
 *   (accounts, excluded accounts) and parameter overrides, which this construct does not need yet.
 */

/** Organization roots are `r-` and 4 to 32 characters; OUs `ou-<root part>-<8 to 32 characters>`. */
const ORGANIZATIONAL_UNIT_ID = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;
const PROPS = 'BaselineStackSetProps';

/**
 * The security baseline in every account of AWS Organizations OUs, deployed by CloudFormation StackSets
 * with service-managed permissions: StackSets deploys it to each account and Region, and to each account
 * that joins the OUs later. Deploy this construct in the management account (`CallAs.SELF`) or in a
 * delegated administrator account for StackSets (`CallAs.DELEGATED_ADMIN`), with trusted access for
 * StackSets activated in Organizations.
 *
 * The member baseline is a `SecureBaseline` synthesized in an app of its own when this construct is
 * created: with its provider code inline (`Code.ZipFile`) and `BootstraplessSynthesizer`, its template has
 * no assets and no bootstrap version check, so it deploys to accounts that were never bootstrapped. The
 * template (larger than the 51,200 bytes `TemplateBody` takes) becomes an S3 asset of this stack, and the
 * StackSet reads it from `TemplateURL`.
 *
 * @example
 * import { App, Stack } from 'aws-cdk-lib';
 * import { BaselineStackSet } from 'cdk-secure-baseline';
 *
 * const app = new App();
 * const management = new Stack(app, 'BaselineRollout', { env: { account: '111111111111', region: 'eu-west-1' } });
 * new BaselineStackSet(management, 'Baseline', {
 *   organizationalUnitIds: ['ou-ab12-cdef3456'],
 *   regions: ['eu-west-1'],
 *   baseline: { notificationEmails: ['security@example.com'] },
 * });
 */
export class BaselineStackSet extends Construct {
  /** The StackSet. */
  public readonly stackSet: CfnStackSet;
  /**
   * The StackSet's name, generated from the construct path (changing the construct id replaces the StackSet).
   *
   * @attribute
   */
  public readonly stackSetName: string;
  /** The member accounts' baseline stack, synthesized in its own app; its template is the StackSet's. */
  public readonly baseline: SecureBaseline;
  /** The S3 asset that holds the baseline's template. */
  public readonly templateAsset: s3assets.Asset;
  /**
   * One StackSet per group of target Regions that deploy the same template (Regions whose
   * CloudFormation lacks a resource type the baseline uses get a template without the part that needs
   * it); the first group is the one of `regions[0]`, whose StackSet, baseline and template are also
   * `stackSet`, `baseline` and `templateAsset`.
   */
  public readonly regionGroups: BaselineStackSetRegionGroup[];

  constructor(scope: Construct, id: string, props: BaselineStackSetProps) {
    super(scope, id);
    validateTargets(this, props);
    validateBaselineProps(props.baseline ?? {});
    const autoDeployment = props.autoDeployment ?? true;
    if (!autoDeployment && props.retainStacksOnAccountRemoval !== undefined) {
      throw new Error(`${PROPS}.retainStacksOnAccountRemoval: received ${props.retainStacksOnAccountRemoval} but autoDeployment is false; `
        + 'it only applies to automatic deployments, so remove it or set autoDeployment: true');
    }
    const failureTolerancePercentage = props.failureTolerancePercentage ?? 0;
    const maxConcurrentPercentage = props.maxConcurrentPercentage ?? 25;
    validateIntegerRange(`${PROPS}.failureTolerancePercentage`, failureTolerancePercentage, 0, 100);
    validateIntegerRange(`${PROPS}.maxConcurrentPercentage`, maxConcurrentPercentage, 1, 100);

    if (props.regions.length > 1) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:stackSetAccountWideSettingsPerRegion',
        `The baseline is deployed in ${props.regions.length} Regions per account, and its account-wide parts (the multi-Region trail, the budget and cost anomaly detection, the support role, `
        + 'the password policy, alternate contacts, S3 Block Public Access, AWS Config global resource types) in each of them; deploy the full '
        + 'baseline to one home Region and a second BaselineStackSet with those parts disabled to the others');
    }

    // Regions differ in the resource types their CloudFormation has (AWS::Budgets::Budget,
    // AWS::Config::RemediationConfiguration, AWS::CE::*, ...), and one template serves every region of
    // a StackSet: each group of regions that can deploy the same template gets its own StackSet.
    const groups = synthesizeRegionGroups(this, props.baseline ?? {}, props.regions);
    if (groups.length > 1) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:stackSetRegionGroups',
        `The target Regions do not all offer the same resource types, so the baseline is deployed by ${groups.length} StackSets, one per group of Regions with the same template: `
        + groups.map(group => `[${group.regions.join(', ')}]`).join(', '));
    }
    this.regionGroups = groups.map((group, index) => {
      this.surfaceMemberWarnings(group.warnings);
      refuseLaterAdditions(this, group.baseline);
      // The group of the first region keeps the construct ids of a single-group StackSet.
      const groupScope = index === 0 ? this : new Construct(this, `Regions-${group.regions[0]}`);
      const templateAsset = new s3assets.Asset(groupScope, 'Template', { path: group.templateFile });
      const stackSetName = stackSetNameOf(groupScope);
      const stackSet = new CfnStackSet(groupScope, 'Resource', {
        stackSetName,
        description: props.description ?? `cdk-secure-baseline: security baseline for the accounts of ${props.organizationalUnitIds.join(', ')}`,
        permissionModel: 'SERVICE_MANAGED',
        callAs: props.callAs ?? CallAs.SELF,
        autoDeployment: {
          enabled: autoDeployment,
          retainStacksOnAccountRemoval: autoDeployment ? props.retainStacksOnAccountRemoval ?? true : undefined,
        },
        stackInstancesGroup: [{
          deploymentTargets: { organizationalUnitIds: props.organizationalUnitIds },
          regions: group.regions,
        }],
        // The baseline names no IAM resources today; NAMED_IAM keeps a future named role from failing every account.
        capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
        operationPreferences: {
          failureTolerancePercentage,
          maxConcurrentPercentage,
          concurrencyMode: props.failureToleranceMode ?? FailureToleranceMode.SOFT,
          regionConcurrencyType: props.regionConcurrency ?? RegionConcurrency.PARALLEL,
        },
        // Typed `any` by aws-cdk-lib, so written with CloudFormation's casing. Non-conflicting operations
        // (auto-deployment to a new account during an update) run concurrently instead of failing.
        managedExecution: { Active: true },
        templateUrl: templateAsset.httpUrl,
      });
      return { regions: group.regions, baseline: group.baseline, templateAsset, stackSet, stackSetName };
    });
    const [primary] = this.regionGroups;
    this.baseline = primary.baseline;
    this.templateAsset = primary.templateAsset;
    this.stackSet = primary.stackSet;
    this.stackSetName = primary.stackSetName;
  }

  /**
   * The member app's assembly is written beside this one, where `cdk synth` never looks: its warnings
   * are repeated on this construct, under their own ids, so that they are shown and acknowledged here.
   */
  private surfaceMemberWarnings(warnings: MemberWarning[]): void {
    for (const warning of warnings) {
      const message = `The member baseline (${warning.path}): ${warning.message}`;
      if (warning.id) {
        Annotations.of(this).addWarningV2(warning.id, message);
      } else {
        Annotations.of(this).addWarning(message);
      }
    }
  }

}

/** A warning of the member baseline's synth, with the id it is acknowledged by, when it has one. */
interface MemberWarning {
  readonly id?: string;
  readonly path: string;
  readonly message: string;
}

/** The cloud assembly's warning entries end with the id they are acknowledged by. */
const ACKNOWLEDGE_SUFFIX = / \[ack: ([^\]]+)\]$/;

function memberWarnings(artifact: cxapi.CloudFormationStackArtifact): MemberWarning[] {
  return artifact.messages.filter(message => message.level === 'warning').map(message => {
    const text = String(message.entry.data);
    const ack = ACKNOWLEDGE_SUFFIX.exec(text);
    return { id: ack?.[1], path: message.id.replace(/^\//, ''), message: ack ? text.slice(0, ack.index) : text };
  });
}

/**
 * The member template was written when the BaselineStackSet was created: a construct added to the
 * member baseline later would be missing from it without a word, so it fails the synth instead.
 */
function refuseLaterAdditions(scope: Construct, baseline: SecureBaseline): void {
  const synthesized = new Set(baseline.node.findAll().map(construct => construct.node.path));
  scope.node.addValidation({
    validate: () => baseline.node.findAll()
      .filter((construct: IConstruct) => !synthesized.has(construct.node.path))
      .map(construct => `BaselineStackSet ${scope.node.path}: '${construct.node.path}' was added to the member baseline after its template was written `
        + '(when the BaselineStackSet was created), so the StackSet would not deploy it: configure the member baseline through BaselineStackSetProps.baseline, '
        + 'or deploy the addition in a StackSet of your own'),
  });
}

function validateTargets(scope: Construct, props: BaselineStackSetProps): void {
  if (props.organizationalUnitIds.length === 0) {
    throw new Error(`${PROPS}.organizationalUnitIds: received an empty list; give at least one OU id (ou-xxxx-xxxxxxxx) or the root id (r-xxxx)`);
  }
  for (const ou of props.organizationalUnitIds) {
    validatePattern(`${PROPS}.organizationalUnitIds`, ou, ORGANIZATIONAL_UNIT_ID,
      'an OU id such as ou-ab12-cdef3456 or a root id such as r-ab12 (lower-case letters and digits)');
  }
  validateUnique(`${PROPS}.organizationalUnitIds`, props.organizationalUnitIds, ou => ou);
  if (props.regions.length === 0) {
    throw new Error(`${PROPS}.regions: received an empty list; give at least one Region such as eu-west-1`);
  }
  validateRegionList(scope, `${PROPS}.regions`, props.regions);
}

function validateBaselineProps(baseline: SecureBaselineProps): void {
  if (baseline.env !== undefined) {
    throw new Error(`${PROPS}.baseline.env: received ${JSON.stringify(baseline.env)}; the StackSet deploys one template to every target account `
      + 'and Region, so the baseline must be environment-agnostic: remove env and choose accounts and Regions with organizationalUnitIds and regions');
  }
  if (baseline.synthesizer !== undefined) {
    throw new Error(`${PROPS}.baseline.synthesizer: a synthesizer was given; the StackSet template is synthesized with BootstraplessSynthesizer `
      + '(no assets, no bootstrap version check, so never-bootstrapped accounts work): remove synthesizer');
  }
  if (baseline.stackName !== undefined) {
    throw new Error(`${PROPS}.baseline.stackName: received '${baseline.stackName}'; StackSets names each account's stack after the StackSet `
      + '(StackSet-<name>-<id>): remove stackName');
  }
}

/** A group of target Regions and the member baseline synthesized for them. */
interface RegionGroup {
  readonly regions: string[];
  readonly baseline: SecureBaseline;
  readonly templateFile: string;
  readonly warnings: MemberWarning[];
}

/**
 * Groups the target Regions by what their CloudFormation offers, synthesizes the member baseline once
 * per group (told its Regions, so that the parts they lack are left out or fail the synth), and merges
 * the groups whose templates are the same. The group of `regions[0]` comes first.
 */
function synthesizeRegionGroups(scope: Construct, props: SecureBaselineProps, regions: string[]): RegionGroup[] {
  const byCapability = new Map<string, string[]>();
  for (const region of regions) {
    const key = capabilityKey(region);
    byCapability.set(key, [...byCapability.get(key) ?? [], region]);
  }
  const byTemplate = new Map<string, RegionGroup>();
  [...byCapability.values()].forEach((groupRegions, index) => {
    const parts = withoutUnofferedParts(props, groupRegions);
    parts.warn(scope);
    const member = synthesizeMemberBaseline(scope, parts.props, groupRegions, index === 0 ? '' : `.${index}`);
    const template = fs.readFileSync(member.templateFile, 'utf8');
    const same = byTemplate.get(template);
    byTemplate.set(template, same ? { ...same, regions: [...same.regions, ...groupRegions] } : { ...member, regions: groupRegions });
  });
  return [...byTemplate.values()].map(group => ({ ...group, regions: regions.filter(region => group.regions.includes(region)) }));
}

/**
 * Synthesizes the member baseline in an app of its own, inside this app's cloud assembly directory.
 * The context carries over (feature flags decide what the template looks like), plus the flag that puts
 * the provider's code in the template and the Regions the template is for. Validation, the baseline's
 * nag packs included, runs in that synth: a finding fails here, with the finding in the message.
 */
function synthesizeMemberBaseline(scope: Construct, props: SecureBaselineProps, regions: string[], suffix: string)
  : { baseline: SecureBaseline; templateFile: string; warnings: MemberWarning[] } {
  const stage = Stage.of(scope);
  if (!stage) {
    throw new Error('BaselineStackSet must be created inside an App or a Stage');
  }
  const outdir = path.join(stage.outdir, `stackset.${Names.uniqueId(scope)}${suffix}.out`);
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = new App({
    outdir,
    autoSynth: false,
    analyticsReporting: false,
    context: { ...scope.node.getAllContext(), [INLINE_CUSTOM_RESOURCES_CONTEXT]: true, [TARGET_REGIONS_CONTEXT]: regions },
  });
  try {
    const baseline = new SecureBaseline(app, 'SecureBaseline', { ...props, synthesizer: new BootstraplessSynthesizer() });
    const assembly = app.synth();
    const artifact = assembly.getStackArtifact(baseline.artifactId);
    return { baseline, templateFile: artifact.templateFullPath, warnings: memberWarnings(artifact) };
  } catch (error) {
    throw new Error(`BaselineStackSet ${scope.node.path}: the member baseline for ${regions.join(', ')} failed synthesis, so no StackSet template was written: ${(error as Error).message}`);
  }
}

/** StackSet names: a letter, then letters, digits and hyphens, 128 at most; unique per account and Region. */
function stackSetNameOf(scope: Construct): string {
  const name = Names.uniqueResourceName(scope, { maxLength: 120, separator: '-', allowedSpecialCharacters: '-' });
  return /^[A-Za-z]/.test(name) ? name : `Baseline-${name}`;
}
