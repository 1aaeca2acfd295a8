import { Annotations, Stack, Stage, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { validateRegionList, validateRegionName } from '../private/region';
import { globalIamTypesGap, regionsRecordingGlobalIamTypes, withoutUnofferedParts } from '../private/region-capabilities';
import { validateAccountId } from '../private/validation';
import { SecureBaseline } from '../secure-baseline';
import { SecureBaselineProps } from '../secure-baseline-props';

/**
 * Properties for a `MultiRegionBaseline`.
 */
export interface MultiRegionBaselineProps {
  /**
   * The home region: it gets the global parts (the multi-region trail, the log archive, account
   * settings, budget, findings topic and CIS alarms) as well as the regional ones, aggregates
   * Security Hub findings and receives the security events of every other region. It must be one of
   * `regions`.
   */
  readonly homeRegion: string;

  /**
   * Every region the baseline covers, the home region included, each once.
   * `MultiRegionBaseline.defaultEnabledRegions()` lists the regions every account has.
   */
  readonly regions: string[];

  /**
   * The account the stacks deploy to. The stacks refer to each other across regions (the home log
   * bucket's name, the home event bus), which needs a concrete account at synth.
   *
   * @default - the CDK_DEFAULT_ACCOUNT environment variable (set by the CDK CLI from your credentials)
   */
  readonly account?: string;

  /**
   * The baseline's props, applied in every region. Parts that are account-wide or global are made
   * in the home region only (see `SecureBaselineProps.homeRegion`); `env`, `homeRegion` and
   * `memberRegions` are set by this construct and must be left out.
   *
   * @default - the defaults of `SecureBaseline`
   */
  readonly baseline?: SecureBaselineProps;

  /**
   * The beginning of each stack's id and name: `<stackNamePrefix>-<region>`.
   *
   * @default 'SecureBaseline'
   */
  readonly stackNamePrefix?: string;
}

/**
 * One `SecureBaseline` stack per region of one account: the home region deploys the global and the
 * regional parts, each other (member) region only the regional ones.
 *
 * - AWS Config records the global IAM resource types once: in the home region, or, where AWS Config
 *   cannot record them there (a region it supports only since February 2022), in the first member
 *   region that can. Every region delivers to the home region's log bucket, whose physical name is
 *   fixed from the first deployment, so adding regions later keeps the bucket.
 * - Security Hub in the home region aggregates the member regions' findings for its console, where
 *   the account may (see `SecurityHubFindingAggregator`).
 * - GuardDuty, Security Hub, Access Analyzer, Inspector and Macie findings, root user activity and
 *   CloudTrail changes in a member region are forwarded to the home region's default event bus, where
 *   the baseline's event rules notify each exactly once, whether or not the home region aggregates
 *   the member's Security Hub findings; so are Trusted Advisor check events, which exist only in
 *   us-east-1 (include it in `regions`).
 *
 * The stacks are created in the given scope (an App or a Stage), named `<stackNamePrefix>-<region>`,
 * home first; each member stack depends on the home stack, so `cdk deploy --all` deploys the home
 * region first.
 *
 * @example
 * import { App } from 'aws-cdk-lib';
 * import { MultiRegionBaseline } from 'cdk-secure-baseline';
 *
 * const app = new App();
 * new MultiRegionBaseline(app, 'Baseline', {
 *   homeRegion: 'eu-west-1',
 *   regions: ['eu-west-1', 'eu-central-1'],
 *   account: '111111111111',
 * });
 */
export class MultiRegionBaseline extends Construct {
  /**
   * The regions of the `aws` partition that are enabled in every account by default (opt-in regions
   * are left out: a stack there fails until the account opts in), as the region facts of the
   * installed aws-cdk-lib list them.
   */
  public static defaultEnabledRegions(): string[] {
    return RegionInfo.regions
      .filter(region => region.partition === 'aws' && !region.isOptInRegion)
      .map(region => region.name)
      .sort();
  }

  /** The home region's stack. */
  public readonly homeStack: SecureBaseline;
  /** The member regions' stacks, in the order of `regions`. */
  public readonly memberStacks: SecureBaseline[];
  private readonly stacksByRegion = new Map<string, SecureBaseline>();

  constructor(scope: Construct, id: string, props: MultiRegionBaselineProps) {
    super(scope, id);
    if (!Stage.isStage(scope)) {
      throw new Error(`MultiRegionBaseline: scope '${scope.node.path}' is not an App or a Stage; the baseline's stacks are created in it`);
    }
    validateRegions(this, props);
    const account = props.account ?? process.env.CDK_DEFAULT_ACCOUNT;
    if (account === undefined || account === '') {
      throw new Error('MultiRegionBaselineProps.account: not given, and CDK_DEFAULT_ACCOUNT is not set; '
        + 'the stacks refer to each other across regions, which needs a concrete account: pass account, e.g. account: \'111111111111\'');
    }
    if (Token.isUnresolved(account)) {
      throw new Error('MultiRegionBaselineProps.account: received an unresolved token; '
        + 'the stacks refer to each other across regions, which needs a concrete account such as \'111111111111\'');
    }
    validateAccountId('MultiRegionBaselineProps.account', account);
    const baseline = props.baseline ?? {};
    for (const prop of ['env', 'homeRegion', 'memberRegions'] as const) {
      if (baseline[prop] !== undefined) {
        throw new Error(`MultiRegionBaselineProps.baseline.${prop}: MultiRegionBaseline sets it for each region; remove it`);
      }
    }
    const prefix = props.stackNamePrefix ?? 'SecureBaseline';
    const members = props.regions.filter(region => region !== props.homeRegion);
    const recordGlobal = (baseline.config?.enabled ?? true) && baseline.config?.recordGlobalResourceTypes !== false;
    const globalIamTypesRegion = recordGlobal ? this.globalIamTypesRegion(props) : undefined;
    // Each stack is told explicitly, so that exactly the chosen region records the global IAM types.
    const configFor = (region: string) => (recordGlobal
      ? { ...baseline.config, recordGlobalResourceTypes: region === globalIamTypesRegion }
      : baseline.config);

    // Macie and Detective are left out, with a warning, of the regions that do not offer them.
    const homeParts = withoutUnofferedParts(baseline, [props.homeRegion]);
    this.homeStack = new SecureBaseline(scope, `${prefix}-${props.homeRegion}`, {
      ...homeParts.props,
      env: { account, region: props.homeRegion },
      memberRegions: members,
      config: configFor(props.homeRegion),
    });
    homeParts.warn(this.homeStack);
    this.stacksByRegion.set(props.homeRegion, this.homeStack);
    if (recordGlobal && globalIamTypesRegion === undefined) {
      Annotations.of(this.homeStack).addWarningV2('cdk-secure-baseline:globalIamTypesNotRecorded', globalIamTypesGap(props.regions.join(', ')));
    }

    const homeLogBucket = this.homeStack.logBucket!;
    this.memberStacks = members.map(region => {
      const parts = withoutUnofferedParts(baseline, [region]);
      const stack = new SecureBaseline(scope, `${prefix}-${region}`, {
        ...parts.props,
        env: { account, region },
        homeRegion: props.homeRegion,
        // A bucket the user gives for AWS Config serves every region; otherwise the home log bucket.
        config: { ...configFor(region), bucket: baseline.config?.bucket ?? homeLogBucket },
      });
      parts.warn(stack);
      // Member regions deliver to the home log bucket and forward events to the home region.
      addStackDependency(stack, this.homeStack);
      this.stacksByRegion.set(region, stack);
      return stack;
    });

    const eventRules = baseline.notifications?.eventRules;
    const notifications = baseline.notifications?.enabled ?? true;
    const commercial = props.regions.every(region => RegionInfo.get(region).partition === 'aws');
    // Both arrive in us-east-1 only, from where its member stack forwards them to the home region.
    const usEast1Events = [
      ...(eventRules?.rootUserActivity ?? true ? ['most root user console sign-ins'] : []),
      ...(eventRules?.trustedAdvisorChecks ?? true ? ['Trusted Advisor check events'] : []),
    ];
    if (notifications && usEast1Events.length > 0 && commercial && !props.regions.includes('us-east-1')) {
      Annotations.of(this.homeStack).addWarningV2('cdk-secure-baseline:noUsEast1',
        `regions does not include us-east-1, where ${usEast1Events.join(' and ')} are delivered; add us-east-1 to regions to be told about them`);
    }
  }

  /**
   * The region of `regions` whose recorder records the global IAM resource types: the home region if
   * AWS Config can record them there, else the first member region that can. Undefined when no
   * region can: that fails the synth if the props ask for them (the home stack warns otherwise).
   */
  private globalIamTypesRegion(props: MultiRegionBaselineProps): string | undefined {
    const [region] = regionsRecordingGlobalIamTypes([props.homeRegion, ...props.regions.filter(r => r !== props.homeRegion)]);
    if (region === undefined) {
      if (props.baseline?.config?.recordGlobalResourceTypes === true) {
        throw new Error(`MultiRegionBaselineProps.baseline.config.recordGlobalResourceTypes: received true, but AWS Config cannot record the global IAM resource types in any of [${props.regions.join(', ')}] `
          + '(Regions it supports only since February 2022); add a Region where AWS Config existed before February 2022, such as us-east-1, to regions');
      }
    }
    return region;
  }

  /**
   * The stack of a region the baseline covers.
   *
   * @param region one of `regions`
   */
  public stackFor(region: string): SecureBaseline {
    const stack = this.stacksByRegion.get(region);
    if (!stack) {
      throw new Error(`MultiRegionBaseline.stackFor: received '${region}'; expected one of ${[...this.stacksByRegion.keys()].join(', ')}`);
    }
    return stack;
  }
}

/**
 * Deploys `source` after `target`. Newer aws-cdk-lib deprecates `Stack#addDependency` (a warning on
 * every synth) for `addStackDependency`, which 2.257 lacks, so the method is picked by what the
 * installed aws-cdk-lib has. `source.node.addDependency(target)` would say the same without either,
 * but aws-cdk-lib before aws-cdk PR 38314 (July 2026) pairs every resource of one stack with every
 * resource of the other: a third of a 17-region synth.
 */
function addStackDependency(source: Stack, target: Stack): void {
  const newer = source as Stack & { addStackDependency?: (target: Stack, reason?: string) => void };
  if (typeof newer.addStackDependency === 'function') {
    newer.addStackDependency(target);
  } else {
    source.addDependency(target);
  }
}

function validateRegions(scope: Construct, props: MultiRegionBaselineProps): void {
  validateRegionName(scope, 'MultiRegionBaselineProps.homeRegion', props.homeRegion);
  if (props.regions.length === 0) {
    throw new Error('MultiRegionBaselineProps.regions: received an empty list; expected the regions to cover, the home region included');
  }
  validateRegionList(scope, 'MultiRegionBaselineProps.regions', props.regions);
  if (!props.regions.includes(props.homeRegion)) {
    throw new Error(`MultiRegionBaselineProps.homeRegion: received '${props.homeRegion}', which is not in regions [${props.regions.join(', ')}]; `
      + 'add it to regions (it is not added for you, so that a mistyped home region does not become an extra region)');
  }
}
