import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DeployedTemplate } from './cfn-template';
import { FakeAws } from './fake-aws';
import { IAM_REQUESTS, iamRequestsOf } from './iam-requests';
import { ENV, isAllowed, ProofSubject, prove, providerCustomResources, referenceProblems, requestsOfCustomResource } from './provider-proof';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { standardsWait } from '../../handler/security-hub';
import { SecureBaseline, SecureBaselineProps } from '../../src';
import { GuardDutyDetector } from '../../src/detection/guardduty-detector';
import { SecurityHubStandard } from '../../src/detection/security-hub';
import { MultiRegionBaseline } from '../../src/multi-region/multi-region-baseline';
import { BaselineStackSet } from '../../src/organization/baseline-stack-set';
import { OrganizationAutoEnable } from '../../src/organization/organization-auto-enable';
import { OrganizationSecurityAdmin } from '../../src/organization/organization-security-admin';
import { CustomResourceKind } from '../../src/private/custom-resource-contract';

const env = { account: ENV.account, region: ENV.region };
const contact = { name: 'Security team', email: 'security@example.com', phone: '+1 555 0100' };

/** Every option that adds a provider call: Delete paths included (disableOnDelete), unused access, a second standard. */
const FULL: SecureBaselineProps = {
  env,
  notificationEmails: ['security@example.com'],
  securityContact: contact,
  billingContact: { ...contact, name: 'Finance' },
  operationsContact: { ...contact, name: 'Platform' },
  budget: { monthlyLimitUsd: 500 },
  config: { disableOnDelete: true },
  guardDuty: { disableOnDelete: true },
  securityHub: {
    disableOnDelete: true,
    standards: [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES, SecurityHubStandard.CIS_AWS_FOUNDATIONS_BENCHMARK_V3],
  },
  accessAnalyzer: { disableOnDelete: true, unusedAccess: true },
  inspector: { disableOnDelete: true },
  costAnomalyDetection: { disableOnDelete: true, summaryEmails: ['finance@example.com'] },
  macie: { enabled: true, automatedDiscovery: true, disableOnDelete: true },
  detective: { enabled: true, disableOnDelete: true },
};

function templateOf(stack: Stack): any {
  return Template.fromStack(stack).toJSON();
}

const MEMBER_REGION = 'eu-central-1';

/** Every template the library makes that carries the provider, by name. */
const SUBJECTS: Record<string, () => ProofSubject> = {
  'default baseline': () => ({ template: templateOf(new SecureBaseline(new App(), 'Baseline', { env })) }),
  'full baseline': () => ({ template: templateOf(new SecureBaseline(new App(), 'Baseline', FULL)) }),
  'MultiRegionBaseline member region': () => {
    const baseline = new MultiRegionBaseline(new App(), 'Baseline', { account: ENV.account, homeRegion: ENV.region, regions: [ENV.region, MEMBER_REGION] });
    return { template: templateOf(baseline.stackFor(MEMBER_REGION)), env: { region: MEMBER_REGION } };
  },
  'BaselineStackSet member template': () => {
    const stack = new Stack(new App(), 'Management', { env: { account: ENV.managementAccount, region: ENV.region } });
    const stackSet = new BaselineStackSet(stack, 'Baseline', { organizationalUnitIds: ['ou-a1b2-c3d4e5f6'], regions: [ENV.region] });
    const assembly = (stack.node.root as App).synth();
    return { template: JSON.parse(fs.readFileSync(path.join(assembly.directory, stackSet.templateAsset.assetPath), 'utf8')) };
  },
  'OrganizationSecurityAdmin': () => {
    const stack = new Stack(new App(), 'Management', { env: { account: ENV.managementAccount, region: ENV.region } });
    new OrganizationSecurityAdmin(stack, 'SecurityAdmin', { adminAccountId: ENV.account });
    return { template: templateOf(stack), env: { account: ENV.managementAccount } };
  },
  'OrganizationSecurityAdmin designating the management account itself': () => {
    const stack = new Stack(new App(), 'Management', { env: { account: ENV.managementAccount, region: ENV.region } });
    new OrganizationSecurityAdmin(stack, 'SecurityAdmin', { adminAccountId: ENV.managementAccount, accessAnalyzer: false });
    return { template: templateOf(stack), env: { account: ENV.managementAccount } };
  },
  // The delegated administrator's detector exists before its organization configuration is set.
  'OrganizationAutoEnable': () => {
    const stack = new Stack(new App(), 'SecurityTooling', { env });
    new OrganizationAutoEnable(stack, 'AutoEnable');
    return { template: templateOf(stack), states: ['servicesOn'] };
  },
  'OrganizationAutoEnable with the GuardDutyDetector': () => {
    const stack = new Stack(new App(), 'SecurityTooling', { env });
    new OrganizationAutoEnable(stack, 'AutoEnable', { detector: new GuardDutyDetector(stack, 'Detector') });
    return { template: templateOf(stack) };
  },
};

/** IAM's quota for the inline policies of one role, in characters without whitespace. */
const INLINE_POLICY_QUOTA = 10_240;

let aws: FakeAws;
beforeAll(() => {
  retryOptions.baseDelayMs = 0;
  permissionPropagation.windowMs = 0;
  standardsWait.delayMs = 0;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  aws = new FakeAws(ENV.account);
});
afterAll(() => aws.restore());

describe.each(Object.keys(SUBJECTS))('the provider of the %s', (name) => {
  let findings: Awaited<ReturnType<typeof prove>>;
  beforeAll(async () => { findings = await prove(aws, SUBJECTS[name]()); }, 120_000);

  test('makes only requests the Service Authorization Reference knows, on resources of the right types', () => {
    expect(findings.reference).toEqual([]);
  });

  test('is allowed every request, in every account state (fresh, services on, organization member, a Create that fails), by the policies each resource depends on', () => {
    expect(findings.denied).toEqual([]);
  });

  test('has no statement that no request needs', () => {
    expect(findings.unused).toEqual([]);
  });

  test('keeps its inline policies within IAM\'s 10,240-character quota per role', () => {
    expect(findings.inlinePolicySize).toBeGreaterThan(0);
    expect(findings.inlinePolicySize).toBeLessThanOrEqual(INLINE_POLICY_QUOTA);
  });
});

describe('the proof itself', () => {
  test('every command in the mapping names actions the Service Authorization Reference has', async () => {
    const input = {
      DetectorId: 'd',
      analyzerName: 'a',
      ConfigurationRecorderName: 'r',
      ConfigurationRecorder: { name: 'r', roleARN: `arn:aws:iam::${ENV.account}:role/r` },
      GroupId: 'sg-1',
      AlternateContactType: 'SECURITY',
      AWSServiceName: 'config.amazonaws.com',
      ServicePrincipal: 'guardduty.amazonaws.com',
      AccountId: ENV.account,
      AdminAccountId: ENV.account,
      Features: [],
      GraphArn: `arn:aws:detective:${ENV.region}:${ENV.account}:graph:a1b2c3d4e5f60718293a4b5c6d7e8f90`,
      FindingAggregatorArn: `arn:aws:securityhub:${ENV.region}:${ENV.account}:finding-aggregator/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`,
      MonitorArn: `arn:aws:ce::${ENV.account}:anomalymonitor/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`,
      StackName: `arn:aws:cloudformation:${ENV.region}:${ENV.account}:stack/Baseline/1`,
    };
    for (const [command, requestsOf] of Object.entries(IAM_REQUESTS)) {
      for (const request of requestsOf(input, ENV)) {
        expect([command, await referenceProblems(request)]).toEqual([command, []]);
      }
    }
  });

  test('an action scoped to an ARN although it has no resource type is a finding (GuardDuty UpdateOrganizationConfiguration)', async () => {
    const request = { action: 'guardduty:UpdateOrganizationConfiguration', resource: `arn:aws:guardduty:${ENV.region}:${ENV.account}:detector/d` };
    expect(await referenceProblems(request)).toEqual([
      `guardduty:UpdateOrganizationConfiguration has no resource type, so it is authorized on "*" only, not ${request.resource}`,
    ]);
    const detectorScoped = { Statement: [{ Effect: 'Allow', Action: request.action, Resource: `arn:aws:guardduty:${ENV.region}:${ENV.account}:detector/*` }] };
    expect(await isAllowed({ action: request.action, resource: '*' }, [detectorScoped])).toBe(false);
  });

  test('a command nobody mapped fails, naming it', () => {
    expect(() => iamRequestsOf('GuardDuty:GetDetector', {}, ENV)).toThrow(
      'the provider sends GuardDuty:GetDetector, which has no entry in test/iam/iam-requests.ts: add the IAM action(s), resource and context it needs');
  });

  test('without the agentless service-linked-role statement, Inspector\'s Enable is denied', async () => {
    const template = templateOf(new SecureBaseline(new App(), 'Baseline', { env }));
    const deployed = new DeployedTemplate(template, ENV);
    const [inspector] = deployed.ofType('Custom::Inspector');
    const policies = deployed.dependsOn(inspector).filter(id => deployed.resources[id].Type === 'AWS::IAM::RolePolicy')
      .map(id => deployed.propertiesOf(id).PolicyDocument);
    const withoutAgentless = policies.map(p => ({
      ...p, Statement: p.Statement.filter((s: any) => s.Condition?.StringEquals?.['iam:AWSServiceName'] !== 'agentless.inspector2.amazonaws.com'),
    }));
    const requests = await requestsOfCustomResource(aws, deployed.propertiesOf(inspector));
    const agentless = requests.find(r => r.context?.['iam:AWSServiceName'] === 'agentless.inspector2.amazonaws.com')!;
    expect(agentless.origin).toBe('Inspector create (fresh): Inspector2:Enable');
    expect(await isAllowed(agentless, policies)).toBe(true);
    expect(await isAllowed(agentless, withoutAgentless)).toBe(false);
  });
});

describe('the account states reach the paths that need permissions', () => {
  const requestsOf = async (kind: CustomResourceKind) => {
    const deployed = new DeployedTemplate(templateOf(new SecureBaseline(new App(), 'Baseline', FULL)), ENV);
    const ids = deployed.ofType(`Custom::${kind}`);
    return (await Promise.all(ids.map(id => requestsOfCustomResource(aws, deployed.propertiesOf(id))))).flat().map(r => `${r.origin} -> ${r.action}`);
  };

  test.each<[CustomResourceKind, string]>([
    ['SecurityHub', 'SecurityHub create (failsAfterSwitchingOn): SecurityHub:DisableSecurityHub -> securityhub:DisableSecurityHub'],
    ['ConfigRecorder', 'ConfigRecorder create (failsAfterSwitchingOn): Config Service:DeleteConfigurationRecorder -> config:DeleteConfigurationRecorder'],
    ['Inspector', 'Inspector create (failsAfterSwitchingOn): Inspector2:Disable -> inspector2:Disable'],
    ['GuardDutyDetector', 'GuardDutyDetector create (member): GuardDuty:GetAdministratorAccount -> guardduty:GetAdministratorAccount'],
    ['GuardDutyDetector', 'GuardDutyDetector delete (fresh): GuardDuty:DeleteDetector -> guardduty:DeleteDetector'],
    // Where AWS already set up the AWS services monitor, it is read and adopted; where the stack created it, it is deleted.
    ['AnomalyMonitor', 'AnomalyMonitor create (servicesOn): Cost Explorer:GetAnomalyMonitors -> ce:GetAnomalyMonitors'],
    ['AnomalyMonitor', 'AnomalyMonitor delete (fresh): Cost Explorer:DeleteAnomalyMonitor -> ce:DeleteAnomalyMonitor'],
    ['Macie', 'Macie create (fresh): Macie2:EnableMacie -> iam:CreateServiceLinkedRole'],
    ['Macie', 'Macie create (failsAfterSwitchingOn): Macie2:DisableMacie -> macie2:DisableMacie'],
    ['Macie', 'Macie create (member): Macie2:GetAdministratorAccount -> macie2:GetAdministratorAccount'],
    ['DetectiveGraph', 'DetectiveGraph create (member): Detective:ListInvitations -> detective:ListInvitations'],
    ['DetectiveGraph', 'DetectiveGraph delete (fresh): Detective:DeleteGraph -> detective:DeleteGraph'],
    // A guarded call waits for CloudFormation to confirm the event: those reads are proved with the rest.
    ['PasswordPolicy', 'PasswordPolicy create (fresh): CloudFormation:DescribeStacks -> cloudformation:DescribeStacks'],
    ['PasswordPolicy', 'PasswordPolicy update (fresh): CloudFormation:DescribeStackResource -> cloudformation:DescribeStackResource'],
    ['GuardDutyDetector', 'GuardDutyDetector delete (fresh): CloudFormation:DescribeStackResource -> cloudformation:DescribeStackResource'],
    ['SecurityHub', 'SecurityHub create (failsAfterSwitchingOn): CloudFormation:DescribeStacks -> cloudformation:DescribeStacks'],
  ])('%s: %s is among the requests proved', async (kind, request) => {
    expect(await requestsOf(kind)).toContain(request);
  });
});

describe('switching a part off in a deployed stack', () => {
  // CloudFormation updates what changes first and deletes what the update removed afterwards, in
  // the cleanup phase, in reverse dependency order (CloudFormation user guide, "Update behaviors of
  // stack resources"). The removed custom resource's Delete therefore runs after the role's other
  // policies have been updated, and before the resources it depends on are deleted.
  const before = new DeployedTemplate(templateOf(new SecureBaseline(new App(), 'Baseline', { env, guardDuty: { disableOnDelete: true } })), ENV);
  const after = new DeployedTemplate(templateOf(new SecureBaseline(new App(), 'Baseline', { env, guardDuty: { enabled: false } })), ENV);

  test('the GuardDuty custom resource\'s Delete is allowed by the policies it depends on, which the cleanup deletes after it', async () => {
    const [detector] = before.ofType('Custom::GuardDutyDetector');
    expect(after.ofType('Custom::GuardDutyDetector')).toEqual([]);
    const ownPolicies = before.dependsOn(detector).filter(id => before.resources[id].Type === 'AWS::IAM::RolePolicy');
    expect(ownPolicies).not.toEqual([]);
    // The policies go with the resource: the update removes them too, so CloudFormation deletes them in the cleanup, after it.
    ownPolicies.forEach(id => expect(after.resources[id]).toBeUndefined());

    const requests = await requestsOfCustomResource(aws, before.propertiesOf(detector));
    const deleteDetector = requests.find(r => r.action === 'guardduty:DeleteDetector')!;
    expect(await isAllowed(deleteDetector, ownPolicies.map(id => before.propertiesOf(id).PolicyDocument))).toBe(true);
    // What the updated stack leaves on the role would not allow it.
    const remaining = after.ofType('AWS::IAM::RolePolicy').map(id => after.propertiesOf(id).PolicyDocument);
    expect(await isAllowed(deleteDetector, remaining)).toBe(false);
  });
});

/**
 * Why the provider's role may switch each protection off. The role runs exempt from the guardrails, so
 * it keeps such a permission only where a prop asks for it (disableOnDelete), where the undo of a failed
 * Create needs it (without the undo, the next deployment would adopt what the failed one switched on,
 * and disableOnDelete could never switch it off), where an update takes out what the stack itself
 * switched on (a standard or a scan type removed from the props), or, for the finding aggregator,
 * where the stack removes what it created so that no aggregator blocks the next deployment.
 */
type SwitchOffReason = 'disableOnDelete' | 'undo of a failed Create' | 'an update takes out what the stack switched on' | 'removed with the stack that created it';
const SWITCH_OFF_REASONS: Record<string, SwitchOffReason[]> = {
  'config:StopConfigurationRecorder': ['disableOnDelete'],
  'config:DeleteDeliveryChannel': ['undo of a failed Create', 'disableOnDelete'],
  'config:DeleteConfigurationRecorder': ['undo of a failed Create', 'disableOnDelete'],
  'securityhub:DisableSecurityHub': ['undo of a failed Create', 'disableOnDelete'],
  'securityhub:BatchDisableStandards': ['an update takes out what the stack switched on'],
  'securityhub:DeleteFindingAggregator': ['removed with the stack that created it'],
  'guardduty:DeleteDetector': ['disableOnDelete'],
  'inspector2:Disable': ['undo of a failed Create', 'an update takes out what the stack switched on', 'disableOnDelete'],
  'macie2:DisableMacie': ['undo of a failed Create', 'disableOnDelete'],
  'detective:DeleteGraph': ['disableOnDelete'],
  'access-analyzer:DeleteAnalyzer': ['disableOnDelete'],
  'ce:DeleteAnomalyMonitor': ['disableOnDelete'],
};

/** Actions that switch a protection off: deleting, disabling or stopping it. */
const isSwitchOff = (action: string) => /:(Delete|Disable|Stop|BatchDisable)([A-Z]|$)/.test(action);

/**
 * Each switch-off action granted in the template, with the Kind and DisableOnDelete of the custom
 * resource whose own policy grants it (BaselineCustomResource's `Policy` beside its `Resource`: the same
 * logical id before the hash, less `Policy`). Other resources may depend on that policy too (Detective
 * waits for the GuardDuty detector), but it is granted for its owner.
 */
function switchOffGrants(template: any): Array<{ action: string; kind: string; disableOnDelete: boolean }> {
  const deployed = new DeployedTemplate(template, ENV);
  const owners = providerCustomResources(deployed);
  const stem = (logicalId: string) => logicalId.slice(0, -8);
  return deployed.ofType('AWS::IAM::RolePolicy').flatMap(policy => {
    const owner = owners.find(id => stem(id) === stem(policy).replace(/Policy$/, ''));
    if (!owner) {
      throw new Error(`no custom resource owns ${policy}`);
    }
    const properties = deployed.propertiesOf(owner);
    return deployed.propertiesOf(policy).PolicyDocument.Statement.flatMap((s: any) => [].concat(s.Action))
      .filter(isSwitchOff)
      .map((action: string) => ({ action, kind: properties.Kind, disableOnDelete: String(properties.DisableOnDelete) === 'true' }));
  });
}

describe('the provider role switches a protection off only where a prop asks for it, an undo or an update needs it', () => {
  test.each(Object.keys(SUBJECTS))('%s: every switch-off permission has a reason, and disableOnDelete-only ones come only with disableOnDelete', (name) => {
    const problems = switchOffGrants(SUBJECTS[name]().template).flatMap(({ action, kind, disableOnDelete }) => {
      const reasons = SWITCH_OFF_REASONS[action];
      if (!reasons) {
        return [`${kind} may ${action}, which has no reason in SWITCH_OFF_REASONS`];
      }
      return reasons.length === 1 && reasons[0] === 'disableOnDelete' && !disableOnDelete ? [`${kind} may ${action} without disableOnDelete`] : [];
    });
    expect(problems).toEqual([]);
  });

  test('the default baseline (no disableOnDelete) may switch off only what a failed Create switched on, and standards or scan types an update takes out', () => {
    const grants = switchOffGrants(SUBJECTS['default baseline']().template).map(g => `${g.kind}: ${g.action}`);
    expect(grants).toEqual([
      'ConfigRecorder: config:DeleteDeliveryChannel',
      'ConfigRecorder: config:DeleteConfigurationRecorder',
      'SecurityHub: securityhub:BatchDisableStandards',
      'SecurityHub: securityhub:DisableSecurityHub',
      'Inspector: inspector2:Disable',
    ]);
  });

  test('with disableOnDelete, each part may also switch itself off', () => {
    const grants = switchOffGrants(SUBJECTS['full baseline']().template).map(g => `${g.kind}: ${g.action}`);
    expect(grants.sort()).toEqual([
      'AccessAnalyzer: access-analyzer:DeleteAnalyzer',
      'AccessAnalyzer: access-analyzer:DeleteAnalyzer',
      'AnomalyMonitor: ce:DeleteAnomalyMonitor',
      'ConfigRecorder: config:DeleteConfigurationRecorder',
      'ConfigRecorder: config:DeleteDeliveryChannel',
      'ConfigRecorder: config:StopConfigurationRecorder',
      'DetectiveGraph: detective:DeleteGraph',
      'GuardDutyDetector: guardduty:DeleteDetector',
      'Inspector: inspector2:Disable',
      'Macie: macie2:DisableMacie',
      'SecurityHub: securityhub:BatchDisableStandards',
      'SecurityHub: securityhub:DisableSecurityHub',
    ]);
  });

  test.each<[string, CustomResourceKind]>([
    ['config:DeleteConfigurationRecorder', 'ConfigRecorder'],
    ['securityhub:DisableSecurityHub', 'SecurityHub'],
    ['inspector2:Disable', 'Inspector'],
    ['macie2:DisableMacie', 'Macie'],
  ])('the undo reason of %s is real: %s\'s failed Create makes that request', async (action, kind) => {
    const deployed = new DeployedTemplate(SUBJECTS['full baseline']().template, ENV);
    const [id] = deployed.ofType(`Custom::${kind}`);
    const requests = await requestsOfCustomResource(aws, { ...deployed.propertiesOf(id), DisableOnDelete: 'false' }, ENV, ['failsAfterSwitchingOn'], id);
    expect(requests.filter(r => r.action === action).map(r => r.origin.split(':')[0])).toEqual([`${kind} create (failsAfterSwitchingOn)`]);
  });
});
