import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CoverageStatus } from './coverage-entry';
import { ResolvedBaseline } from './resolved-baseline';
import { S3DataEvents } from '../logging/audit-trail';
import { CisAlarm } from '../notifications/cis-alarms';
import { emitsTrustedAdvisorEvents } from '../private/security-event-patterns';

/**
 * The coverage catalogue: for each Phase 1 item (src/phase1/items.ts) and each Security Hub control
 * the baseline affects, how its status follows from the resolved baseline. Private: the public view is
 * `CoverageReport`.
 *
 * Adding an entry is one change here: a Security Hub control is one `control(...)` line in CONTROLS; a
 * Phase 1 item is its data in items.ts plus its assessment in ITEM_ASSESSMENTS (a test fails when one
 * lacks the other).
 *
 * Control ids, titles and standards: the Security Hub CSPM control reference
 * (docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html) and the CIS page
 * (cis-aws-foundations-benchmark.html). Only FSBP v1.0.0 and the CIS versions are listed: the NIST and PCI
 * standards are not tracked here, so a control they alone evaluate reads as not evaluated.
 */

/** Resource parts of the standards' ARNs (CIS v1.2.0 is a "ruleset", without a region). */
const STANDARDS = {
  FSBP: 'standards/aws-foundational-security-best-practices/v/1.0.0',
  CIS_3: 'standards/cis-aws-foundations-benchmark/v/3.0.0',
  CIS_1_4: 'standards/cis-aws-foundations-benchmark/v/1.4.0',
  CIS_1_2: 'ruleset/cis-aws-foundations-benchmark/v/1.2.0',
};

const STANDARD_LABELS: Record<string, string> = {
  [STANDARDS.FSBP]: 'FSBP v1.0.0',
  [STANDARDS.CIS_3]: 'CIS v3.0.0',
  [STANDARDS.CIS_1_4]: 'CIS v1.4.0',
  [STANDARDS.CIS_1_2]: 'CIS v1.2.0',
};

export function standardLabel(standardPath: string): string {
  return STANDARD_LABELS[standardPath] ?? standardPath;
}

/** A status and why; the report adds the entry's identity. */
export interface Assessment {
  readonly status: CoverageStatus;
  readonly detail: string;
  readonly satisfiedBy?: string[];
  readonly detectedBy?: string[];
  readonly offProp?: string;
  readonly manualStep?: string;
}

export type Assess = (baseline: ResolvedBaseline) => Assessment;

export interface ControlDefinition {
  readonly id: string;
  readonly title: string;
  /** Paths of the standards (STANDARDS) that include the control. */
  readonly standards: string[];
  readonly assess: Assess;
}

// ---- building blocks --------------------------------------------------------------------------

function satisfied(detail: string, ...constructs: IConstruct[]): Assessment {
  return { status: CoverageStatus.SATISFIED, detail, satisfiedBy: constructs.map(c => c.node.path) };
}

function off(offProp: string, detail: string): Assessment {
  return { status: CoverageStatus.OFF, detail, offProp };
}

function manual(manualStep: string, detail = 'No template can do it: the account owner does.'): Assessment {
  return { status: CoverageStatus.MANUAL, detail, manualStep };
}

/** SATISFIED by the construct when the baseline made it, else OFF by `prop`. */
function made(construct: IConstruct | undefined, detail: string, prop: string): Assessment {
  return construct ? satisfied(detail, construct) : off(prop, `${prop} is off, so the baseline does not make it.`);
}

/**
 * Account-wide parts (the trail, account settings, budget, alarms) live in the home region's stack: a
 * member region reports what the home region covers for it.
 */
function accountWide(assess: Assess): Assess {
  return baseline => {
    if (!baseline.memberRegion) {
      return assess(baseline);
    }
    const home = baseline.home;
    if (!home) {
      return manual(`Deploy the home region's SecureBaseline (homeRegion ${baseline.homeRegion}) in the same app and account.`,
        `Account-wide: the home region's baseline (${baseline.homeRegion}) does it, but this app has no SecureBaseline there to read.`);
    }
    const result = assess(home);
    const where = `the home region stack ${home.stack.stackName}`;
    return {
      ...result,
      detail: result.status === CoverageStatus.SATISFIED ? `SATISFIED by ${where}: ${result.detail}` : `In ${where}: ${result.detail}`,
    };
  };
}

/** Whether Security Hub in this stack runs a standard that includes the control. */
export function evaluates(baseline: ResolvedBaseline, controlId: string): boolean {
  const definition = CONTROLS.find(c => c.id === controlId);
  const enabled = baseline.standards;
  return definition !== undefined && definition.standards.some(standard => enabled.includes(standard));
}

/**
 * DETECTED when one of the controls (evaluated by this stack's Security Hub) or CIS alarms (made by the
 * baseline) reports it, MANUAL otherwise; `manualStep` is the owner's step either way.
 */
function detection(controlIds: string[], alarms: CisAlarm[], manualStep: string, satisfiedBy: IConstruct[] = []): Assess {
  return baseline => {
    const alarmSource = baseline.memberRegion ? baseline.home : baseline;
    const detectedBy = [
      ...controlIds.filter(id => evaluates(baseline, id)).map(id => `Security Hub ${id}`),
      ...alarms.filter(alarm => alarmSource?.cisAlarm(alarm)).map(alarm => `CIS alarm ${alarm.metricName} (${alarm.controlId})`),
    ];
    const paths = satisfiedBy.map(c => c.node.path);
    if (detectedBy.length === 0) {
      return {
        ...manual(manualStep, 'No template can do it, and nothing in this baseline reports it: Security Hub is off or runs no standard with '
        + `${controlIds.join(', ')}.`),
        satisfiedBy: paths,
      };
    }
    return { status: CoverageStatus.DETECTED, detail: `No template can do it; ${detectedBy.join(', ')} reports it.`, detectedBy, manualStep, satisfiedBy: paths };
  };
}

// ---- assessments shared by items and controls ---------------------------------------------------

const securityContact: Assess = accountWide(b => b.securityContact
  ? satisfied('The security alternate contact is set.', b.securityContact)
  : off('securityContact', 'securityContact is not given, so the account keeps whatever security contact it has.'));

const trail: Assess = accountWide(b => made(b.trail, 'A multi-region trail with log file validation and SSE-KMS.', 'cloudTrail.enabled'));

const configRecorder: Assess = b => made(b.configRecorder, 'An AWS Config recorder with the service-linked role, recording all supported resource types.', 'config.enabled');

const guardDuty: Assess = b => made(b.guardDuty, 'A GuardDuty detector.', 'guardDuty.enabled');

const accessAnalyzer: Assess = b => made(b.accessAnalyzer, 'An external access analyzer.', 'accessAnalyzer.enabled');

const ebsEncryption: Assess = b => made(b.ebsEncryption, 'EBS encryption by default is on in this region.', 'ebsEncryption.enabled');

const s3BlockPublicAccess: Assess = accountWide(b => made(b.s3BlockPublicAccess, 'All four account-level S3 Block Public Access settings are on.', 's3BlockPublicAccess.enabled'));

/**
 * SATISFIED when the baseline made the Config rule with its automatic remediation; DETECTED when the
 * region's CloudFormation has no AWS::Config::RemediationConfiguration, so that the rule only reports
 * (config-remediation.ts leaves the remediation out there); OFF by `prop` otherwise.
 */
function remediated(construct: IConstruct | undefined, rule: string, detail: string, prop: string): Assessment {
  if (construct && !construct.node.tryFindChild('Remediation')) {
    return {
      status: CoverageStatus.DETECTED,
      detail: `The Config rule ${rule} reports NON_COMPLIANT resources, but this region's CloudFormation has no AWS::Config::RemediationConfiguration, so nothing remediates them automatically.`,
      detectedBy: [`Config rule ${rule}`],
      manualStep: `Fix what the Config rule ${rule} reports by hand, or remediate from another tool.`,
      satisfiedBy: [construct.node.path],
    };
  }
  return made(construct, detail, prop);
}

const defaultSecurityGroup: Assess = b => remediated(b.defaultSecurityGroup, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED',
  'The Config rule VPC_DEFAULT_SECURITY_GROUP_CLOSED with automatic remediation keeps every default security group closed.', 'defaultSecurityGroup.enabled');

const vpcFlowLogs: Assess = b => remediated(b.vpcFlowLogs, 'VPC_FLOW_LOGS_ENABLED',
  'The Config rule VPC_FLOW_LOGS_ENABLED with automatic remediation gives every VPC a flow log to the log archive.', 'vpcFlowLogs.enabled');

const supportRole: Assess = accountWide(b => made(b.supportRole, 'A role with AWSSupportAccess for the principals named.', 'supportRole.enabled'));

/** S3.22 and S3.23: the trail logs S3 object writes (and reads) in every bucket, an option because it is charged per event. */
function s3DataEvents(logged: S3DataEvents[], what: string): Assess {
  return accountWide(b => {
    if (!b.trail) {
      return off('cloudTrail.enabled', 'cloudTrail.enabled is false, so the baseline makes no trail.');
    }
    return logged.includes(b.trail.s3DataEvents)
      ? satisfied(`The trail logs S3 object ${what} in every bucket.`, b.trail)
      : off('cloudTrail.s3DataEvents', `Off by default (charged per event): set cloudTrail.s3DataEvents to log S3 object ${what}.`);
  });
}

const macie: Assess = b => made(b.macie, 'Amazon Macie is enabled.', 'macie.enabled');

const detective: Assess = b => made(b.detective, 'An Amazon Detective behavior graph analyses CloudTrail, VPC flow logs and GuardDuty findings.', 'detective.enabled');

const macieDiscovery: Assess = b => {
  if (!b.macie) {
    return off('macie.enabled', 'macie.enabled is not true, so the baseline does not enable Macie.');
  }
  return b.macie.automatedDiscovery
    ? satisfied('Macie runs automated sensitive data discovery.', b.macie)
    : off('macie.automatedDiscovery', 'Off by default (charged per object monitored): set macie.automatedDiscovery.');
};

/**
 * Trusted Advisor publishes its events only in us-east-1: they reach the findings topic from a us-east-1
 * home stack, or from a us-east-1 member region that forwards them to the home region's rule.
 */
const trustedAdvisor: Assess = accountWide(b => {
  const ruleIn = (baseline: ResolvedBaseline) => (baseline.memberRegion ? baseline.eventForwarding : baseline.eventRules)
    ?.node.tryFindChild('TrustedAdvisorChecks');
  // An environment-agnostic stack gets the rule (it works if deployed in us-east-1), but the report
  // claims only what is known at synth: most such stacks are deployed elsewhere, where no event arrives.
  const stacks = [b, ...b.memberRegions].filter(baseline => ruleIn(baseline));
  const publishing = stacks.filter(baseline => !Token.isUnresolved(baseline.stack.region) && emitsTrustedAdvisorEvents(baseline.stack.region));
  const plans = 'the full set of checks needs a Business, Enterprise On-Ramp or Enterprise support plan';
  if (publishing.length > 0) {
    return {
      ...satisfied(`Trusted Advisor checks that turn red reach the findings topic (${plans}).`, ...publishing.map(p => ruleIn(p)!)),
      manualStep: 'Review the Trusted Advisor security checks.',
    };
  }
  const step = `Review the Trusted Advisor security checks, or add us-east-1 (where Trusted Advisor publishes its events) to the baseline's regions; ${plans}.`;
  return stacks.some(baseline => Token.isUnresolved(baseline.stack.region))
    ? manual(step, 'Trusted Advisor publishes its events only in us-east-1; this stack\'s region is not known at synth, so its rule '
      + 'notifies them only if the stack is deployed in us-east-1.')
    : manual(step, 'Trusted Advisor publishes its events only in us-east-1, and no baseline stack there sends them to the findings topic.');
});

/** The log archive's buckets: TLS only, Block Public Access, access logging to the access logs bucket. */
function logBuckets(detail: string): Assess {
  return accountWide(b => b.logArchive ? satisfied(detail, b.logArchive) : manual('Configure the log buckets you use.'));
}

/** A password policy setting: SATISFIED when the baseline's policy has it, else OFF naming the prop. */
function passwordPolicy(check: (policy: PasswordPolicyValues) => string | undefined, detail: string): Assess {
  return accountWide(b => {
    if (!b.passwordPolicy) {
      return off('passwordPolicy.enabled', 'passwordPolicy.enabled is false, so the account keeps whatever password policy it has.');
    }
    const policy = b.passwordPolicy;
    const failingProp = check({
      minimumLength: policy.minimumLength,
      allClasses: policy.requireAllCharacterClasses,
      reuse: policy.passwordReusePrevention,
      maxAgeDays: policy.maxPasswordAge && !Token.isUnresolved(policy.maxPasswordAge.toDays({ integral: false }))
        ? policy.maxPasswordAge.toDays({ integral: false }) : undefined,
    });
    return failingProp ? off(`passwordPolicy.${failingProp}`, `The password policy does not meet it: see passwordPolicy.${failingProp}.`) : satisfied(detail, b.passwordPolicy);
  });
}

interface PasswordPolicyValues {
  readonly minimumLength: number;
  readonly allClasses: boolean;
  readonly reuse: number;
  readonly maxAgeDays?: number;
}

const allClasses = (p: PasswordPolicyValues) => (p.allClasses ? undefined : 'requireAllCharacterClasses');

/** Scan types of Inspector; the construct's `resourceTypes` say which it enables. */
function inspectorScan(resourceType: string, prop: string): Assess {
  return b => {
    if (!b.inspector) {
      return off('inspector.enabled', 'inspector.enabled is false, so the baseline does not turn Inspector on.');
    }
    return b.inspector.resourceTypes.includes(resourceType)
      ? satisfied(`Inspector scans ${resourceType}.`, b.inspector)
      : off(`inspector.${prop}`, `inspector.${prop} is false, so Inspector does not scan ${resourceType}.`);
  };
}

function cisAlarm(alarm: CisAlarm): Assess {
  return accountWide(b => {
    const found = b.cisAlarm(alarm);
    if (found) {
      return satisfied(`The metric filter and alarm ${alarm.metricName} on the trail's log group notify the findings topic.`, found);
    }
    if (!b.findingsTopic) {
      return off('notifications.enabled', 'notifications.enabled is false, so there is no topic and no CIS alarm.');
    }
    if (!b.trail) {
      return off('cloudTrail.enabled', 'cloudTrail.enabled is false, so there is no trail log group for the metric filter.');
    }
    if (!b.trail.logGroup) {
      return off('cloudTrail.sendToCloudWatchLogs', 'cloudTrail.sendToCloudWatchLogs is false, so there is no log group for the metric filter.');
    }
    return off('notifications.cisAlarms', `notifications.cisAlarms leaves CisAlarm for ${alarm.controlId} out.`);
  });
}

const ROOT_MFA_STEP = 'Sign in as the root user and assign an MFA device (a hardware device for IAM.6).';
const IAM_MFA_STEP = 'Assign an MFA device to every IAM user with a console password, or move people to IAM Identity Center.';
const SECURITY_GROUP_STEP = 'Open no port to 0.0.0.0/0 or ::/0 in workload security groups (the Phase1Checks cdk-nag pack checks workload stacks).';

// ---- Security Hub controls --------------------------------------------------------------------

const { FSBP, CIS_3, CIS_1_4, CIS_1_2 } = STANDARDS;
const ALL_CIS = [CIS_3, CIS_1_4, CIS_1_2];

function control(id: string, title: string, standards: string[], assess: Assess): ControlDefinition {
  return { id, title, standards, assess };
}

/** CloudTrail.5 needs the trail's CloudWatch Logs delivery, which a prop of its own can turn off. */
const trailToCloudWatch: Assess = accountWide(b => {
  if (!b.trail) {
    return off('cloudTrail.enabled', 'cloudTrail.enabled is false, so the baseline makes no trail.');
  }
  return b.trail.logGroup
    ? satisfied('The trail delivers to an encrypted CloudWatch Logs group.', b.trail)
    : off('cloudTrail.sendToCloudWatchLogs', 'cloudTrail.sendToCloudWatchLogs is false.');
});

/** CloudTrail.7: the log archive's buckets log access; a bucket given as cloudTrail.bucket is the owner's. */
const trailBucketLogging: Assess = accountWide(b => {
  if (!b.trail) {
    return off('cloudTrail.enabled', 'cloudTrail.enabled is false, so the baseline makes no trail.');
  }
  const archive = b.logArchive;
  return archive && (b.trail.bucket === archive.bucket || b.trail.bucket === archive.trailBucket)
    ? satisfied('The trail\'s bucket logs access to the log archive\'s access logs bucket.', archive)
    : manual('Turn on server access logging on the bucket given as cloudTrail.bucket.', 'The trail delivers to a bucket the baseline did not make.');
});

const keyRotation: Assess = accountWide(b => {
  const { created, given } = b.keys();
  if (given.length > 0) {
    return {
      ...manual(`Turn on rotation of the keys given as ${given.join(', ')}.`, 'The baseline made some keys with rotation on; others were given.'),
      satisfiedBy: created.map(k => k.node.path),
    };
  }
  return created.length > 0 ? satisfied('Every key the baseline made has rotation on.', ...created) : manual('Turn on rotation of your customer managed keys.');
});

/** Security Hub's titles of the CIS alarm controls. */
const CIS_ALARM_TITLES: Record<string, string> = {
  'CloudWatch.1': 'A log metric filter and alarm should exist for usage of the "root" user',
  'CloudWatch.2': 'Ensure a log metric filter and alarm exist for unauthorized API calls',
  'CloudWatch.3': 'Ensure a log metric filter and alarm exist for Management Console sign-in without MFA',
  'CloudWatch.4': 'Ensure a log metric filter and alarm exist for IAM policy changes',
  'CloudWatch.5': 'Ensure a log metric filter and alarm exist for CloudTrail configuration changes',
  'CloudWatch.6': 'Ensure a log metric filter and alarm exist for AWS Management Console authentication failures',
  'CloudWatch.7': 'Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer created CMKs',
  'CloudWatch.8': 'Ensure a log metric filter and alarm exist for S3 bucket policy changes',
  'CloudWatch.9': 'Ensure a log metric filter and alarm exist for AWS Config configuration changes',
  'CloudWatch.10': 'Ensure a log metric filter and alarm exist for security group changes',
  'CloudWatch.11': 'Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)',
  'CloudWatch.12': 'Ensure a log metric filter and alarm exist for changes to network gateways',
  'CloudWatch.13': 'Ensure a log metric filter and alarm exist for route table changes',
  'CloudWatch.14': 'Ensure a log metric filter and alarm exist for VPC changes',
};

/** CIS v1.4.0 dropped these two alarms (they stay in v1.2.0); no CIS v3.0.0 control is an alarm. */
const CIS_1_2_ONLY_ALARMS = ['CloudWatch.2', 'CloudWatch.3'];

export const CONTROLS: ControlDefinition[] = [
  control('Account.1', 'Security contact information should be provided for an AWS account', [FSBP, CIS_3], securityContact),
  control('CloudTrail.1', 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
    [FSBP, ...ALL_CIS], trail),
  control('CloudTrail.2', 'CloudTrail should have encryption at-rest enabled', [FSBP, ...ALL_CIS], trail),
  control('CloudTrail.4', 'CloudTrail log file validation should be enabled', [FSBP, ...ALL_CIS], trail),
  control('CloudTrail.5', 'CloudTrail trails should be integrated with Amazon CloudWatch Logs', [FSBP, CIS_1_4, CIS_1_2], trailToCloudWatch),
  control('CloudTrail.7', 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket', ALL_CIS, trailBucketLogging),
  ...CisAlarm.all().map(alarm => control(alarm.controlId, CIS_ALARM_TITLES[alarm.controlId],
    CIS_1_2_ONLY_ALARMS.includes(alarm.controlId) ? [CIS_1_2] : [CIS_1_4, CIS_1_2], cisAlarm(alarm))),
  control('Config.1', 'AWS Config should be enabled and use the service-linked role for resource recording', [FSBP, ...ALL_CIS], configRecorder),
  control('EC2.2', 'VPC default security groups should not allow inbound or outbound traffic', [FSBP, ...ALL_CIS], defaultSecurityGroup),
  control('EC2.6', 'VPC flow logging should be enabled in all VPCs', ALL_CIS, vpcFlowLogs),
  control('EC2.7', 'EBS default encryption should be enabled', [FSBP, CIS_3, CIS_1_4], ebsEncryption),
  control('EC2.18', 'Security groups should only allow unrestricted incoming traffic for authorized ports', [FSBP],
    detection(['EC2.18'], [], SECURITY_GROUP_STEP)),
  control('EC2.19', 'Security groups should not allow unrestricted access to ports with high risk', [FSBP], detection(['EC2.19'], [], SECURITY_GROUP_STEP)),
  control('EC2.53', 'EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports', [CIS_3],
    detection(['EC2.53'], [], SECURITY_GROUP_STEP)),
  control('EC2.54', 'EC2 security groups should not allow ingress from ::/0 to remote server administration ports', [CIS_3],
    detection(['EC2.54'], [], SECURITY_GROUP_STEP)),
  control('GuardDuty.1', 'GuardDuty should be enabled', [FSBP], guardDuty),
  control('IAM.5', 'MFA should be enabled for all IAM users that have a console password', ALL_CIS,
    detection(['IAM.5'], [CisAlarm.CONSOLE_SIGN_IN_WITHOUT_MFA], IAM_MFA_STEP)),
  control('IAM.6', 'Hardware MFA should be enabled for the root user', [FSBP, ...ALL_CIS], detection(['IAM.6'], [], ROOT_MFA_STEP)),
  control('IAM.7', 'Password policies for IAM users should have strong configurations', [FSBP],
    passwordPolicy(p => allClasses(p) ?? (p.minimumLength < 8 ? 'minimumLength' : undefined), 'Every character class and at least 8 characters.')),
  control('IAM.9', 'MFA should be enabled for the root user', ALL_CIS, detection(['IAM.9'], [CisAlarm.ROOT_USER_ACTIVITY], ROOT_MFA_STEP)),
  control('IAM.11', 'Ensure IAM password policy requires at least one uppercase letter', [CIS_1_2], passwordPolicy(allClasses, 'An uppercase letter is required.')),
  control('IAM.12', 'Ensure IAM password policy requires at least one lowercase letter', [CIS_1_2], passwordPolicy(allClasses, 'A lowercase letter is required.')),
  control('IAM.13', 'Ensure IAM password policy requires at least one symbol', [CIS_1_2], passwordPolicy(allClasses, 'A symbol is required.')),
  control('IAM.14', 'Ensure IAM password policy requires at least one number', [CIS_1_2], passwordPolicy(allClasses, 'A number is required.')),
  control('IAM.15', 'Ensure IAM password policy requires minimum password length of 14 or greater', ALL_CIS,
    passwordPolicy(p => (p.minimumLength < 14 ? 'minimumLength' : undefined), 'Passwords have 14 characters or more.')),
  control('IAM.16', 'Ensure IAM password policy prevents password reuse', ALL_CIS,
    passwordPolicy(p => (p.reuse < 24 ? 'passwordReusePrevention' : undefined), 'The last 24 passwords cannot be reused.')),
  // Off by default on purpose: NIST SP 800-63B advises against forced periodic changes (see AccountPasswordPolicyProps).
  control('IAM.17', 'Ensure IAM password policy expires passwords within 90 days or less', [CIS_1_2],
    passwordPolicy(p => (p.maxAgeDays === undefined || p.maxAgeDays > 90 ? 'maxPasswordAge' : undefined), 'Passwords expire within 90 days.')),
  control('IAM.18', 'Ensure a support role has been created to manage incidents with AWS Support', [CIS_3, CIS_1_4], supportRole),
  control('IAM.28', 'IAM Access Analyzer external access analyzer should be enabled', [CIS_3], accessAnalyzer),
  control('Inspector.1', 'Amazon Inspector EC2 scanning should be enabled', [FSBP], inspectorScan('EC2', 'ec2')),
  control('Inspector.2', 'Amazon Inspector ECR scanning should be enabled', [FSBP], inspectorScan('ECR', 'ecr')),
  control('Inspector.3', 'Amazon Inspector Lambda code scanning should be enabled', [FSBP], inspectorScan('LAMBDA_CODE', 'lambdaCode')),
  control('Inspector.4', 'Amazon Inspector Lambda standard scanning should be enabled', [FSBP], inspectorScan('LAMBDA', 'lambda')),
  control('Macie.1', 'Amazon Macie should be enabled', [FSBP], macie),
  control('Macie.2', 'Macie automated sensitive data discovery should be enabled', [FSBP], macieDiscovery),
  control('KMS.4', 'AWS KMS key rotation should be enabled', [CIS_3, CIS_1_4], keyRotation),
  control('S3.1', 'S3 general purpose buckets should have block public access settings enabled', [FSBP, CIS_3, CIS_1_4], s3BlockPublicAccess),
  control('S3.5', 'S3 general purpose buckets should require requests to use SSL', [FSBP, CIS_3, CIS_1_4],
    logBuckets('The log archive\'s buckets deny requests without TLS.')),
  control('S3.8', 'S3 general purpose buckets should block public access', [FSBP, CIS_3, CIS_1_4],
    logBuckets('The log archive\'s buckets block public access.')),
  control('S3.9', 'S3 general purpose buckets should have server access logging enabled', [],
    logBuckets('The log bucket logs access to the access logs bucket.')),
  control('S3.22', 'S3 general purpose buckets should log object-level write events', [CIS_3],
    s3DataEvents([S3DataEvents.WRITE_ONLY, S3DataEvents.READ_AND_WRITE], 'writes')),
  control('S3.23', 'S3 general purpose buckets should log object-level read events', [CIS_3], s3DataEvents([S3DataEvents.READ_AND_WRITE], 'reads')),
];

// ---- Phase 1 items --------------------------------------------------------------------------------

/** The assessment of each Phase 1 item of items.ts, by id. */
export const ITEM_ASSESSMENTS: Record<string, Assess> = {
  'security-contact': securityContact,
  'region-restriction': b => manual('Optional: block the regions you do not use with BaselineGuardrails (allowedRegions) in the organization\'s management account.',
    b.props.memberRegions?.length || b.memberRegion
      ? 'The baseline covers the regions you chose; blocking the others needs a service control policy.'
      : 'The baseline covers one region; blocking the others needs a service control policy.'),
  'security-hub': b => made(b.securityHub, `Security Hub with ${b.standards.map(standardLabel).join(', ') || 'no standard'}.`, 'securityHub.enabled'),
  'root-mfa': detection(['IAM.6', 'IAM.9'], [CisAlarm.ROOT_USER_ACTIVITY], ROOT_MFA_STEP),
  'iam-mfa': detection(['IAM.5'], [CisAlarm.CONSOLE_SIGN_IN_WITHOUT_MFA], IAM_MFA_STEP),
  'access-analyzer': accessAnalyzer,
  'guardduty': b => {
    if (!b.guardDuty) {
      return off('guardDuty.enabled', 'guardDuty.enabled is false, so the baseline makes no detector.');
    }
    const rules = b.memberRegion ? b.eventForwarding : b.eventRules;
    return rules
      ? satisfied('A GuardDuty detector, and its findings reach the findings topic.', b.guardDuty, rules)
      : satisfied('A GuardDuty detector; nobody is notified of its findings (notifications.enabled is false).', b.guardDuty);
  },
  'cloudtrail': trail,
  'config': configRecorder,
  'billing-alarms': accountWide(b => {
    const parts = [b.costAnomalyDetection, b.budget].filter((part): part is NonNullable<typeof part> => part !== undefined);
    if (parts.length > 0) {
      const what = [
        b.costAnomalyDetection && 'AWS Cost Anomaly Detection alerts on spend anomalies',
        b.budget && 'a monthly budget alerts on actual and forecasted spend',
      ].filter(Boolean).join('; ');
      return satisfied(`${what}.`, ...parts);
    }
    return off('costAnomalyDetection.enabled',
      'costAnomalyDetection.enabled is false (or the region has no AWS::CE resources) and no budget is given.');
  }),
  'trusted-advisor': trustedAdvisor,
  'security-groups': b => (b.defaultSecurityGroup
    ? detection(['EC2.18', 'EC2.19', 'EC2.53', 'EC2.54'], [CisAlarm.SECURITY_GROUP_CHANGES], SECURITY_GROUP_STEP, [b.defaultSecurityGroup])(b)
    : defaultSecurityGroup(b)),
  's3-block-public-access': s3BlockPublicAccess,
  'waf': () => manual('Put a ManagedRulesWebAcl (AWS managed rules) in front of each internet-facing workload, and enforce the Phase1Checks cdk-nag pack on workload stacks.',
    'Workload stacks own their load balancers, APIs and distributions: the account baseline cannot see them.'),
  'inspector': b => made(b.inspector, `Inspector scans ${b.inspector?.resourceTypes.join(', ')}.`, 'inspector.enabled'),
  'ebs-encryption': ebsEncryption,
  'detective': detective,
  'macie': macie,
};
