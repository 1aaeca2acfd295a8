import { App, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { SecurityHub, SecurityHubProps, SecurityHubStandard } from '../../src/detection/security-hub';
import { ServiceDeployment } from '../../src/detection/service-deployment';

function synth(props?: SecurityHubProps): { stack: Stack; template: Template; hub: SecurityHub } {
  const stack = new Stack(new App(), 'TestStack');
  const hub = new SecurityHub(stack, 'SecurityHub', props);
  return { stack, template: Template.fromStack(stack), hub };
}

/** The native AWS::SecurityHub::Hub and AWS::SecurityHub::Standard resources. */
function cfn(props: SecurityHubProps = {}): SecurityHubProps {
  return { deployment: ServiceDeployment.CLOUDFORMATION, ...props };
}

const MODES: Array<[string, ServiceDeployment]> = [
  ['adopt or create', ServiceDeployment.ADOPT_OR_CREATE],
  ['CloudFormation', ServiceDeployment.CLOUDFORMATION],
];

const FSBP = SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES;
const CIS = SecurityHubStandard.CIS_AWS_FOUNDATIONS_BENCHMARK_V3;
const NIST = SecurityHubStandard.NIST_800_53_REV5;

function standardArn(path: string) {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:securityhub:\${AWS::Region}::${path}` };
}

function controlArn(path: string) {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:securityhub:\${AWS::Region}:\${AWS::AccountId}:${path}` };
}

function hubLogicalId(template: Template): string {
  return Object.keys(template.findResources('AWS::SecurityHub::Hub'))[0];
}

describe('SecurityHub defaults', () => {
  test('creates one hub with id Resource, default standards off, consolidated findings, auto-enabled controls', () => {
    const { stack, template } = synth();
    template.resourceCountIs('AWS::SecurityHub::Hub', 1);
    template.hasResourceProperties('AWS::SecurityHub::Hub', {
      EnableDefaultStandards: false,
      ControlFindingGenerator: 'SECURITY_CONTROL',
      AutoEnableControls: true,
    });
    expect(stack.node.findChild('SecurityHub').node.findChild('Resource')).toBeDefined();
  });

  test('enables only AWS Foundational Security Best Practices v1.0.0, partition- and region-agnostic', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::SecurityHub::Standard', 1);
    template.hasResourceProperties('AWS::SecurityHub::Standard', {
      StandardsArn: standardArn('standards/aws-foundational-security-best-practices/v/1.0.0'),
      DisabledStandardsControls: Match.absent(),
    });
  });

  test('the standard depends on the hub', () => {
    const { template } = synth();
    template.hasResource('AWS::SecurityHub::Standard', { DependsOn: [hubLogicalId(template)] });
  });

  test('hubArn is the ARN attribute of the hub', () => {
    const { stack, template, hub } = synth();
    expect(Token.isUnresolved(hub.hubArn)).toBe(true);
    expect(stack.resolve(hub.hubArn)).toEqual({ 'Fn::GetAtt': [hubLogicalId(template), 'ARN'] });
  });

  test('standard construct ids are derived from the standard', () => {
    const { stack } = synth();
    expect(stack.node.findChild('SecurityHub').node.tryFindChild(
      'Standard-aws-foundational-security-best-practices-v-1.0.0')).toBeDefined();
  });
});

describe('SecurityHub standards', () => {
  test('static standards have the documented paths', () => {
    expect(FSBP.standardPath).toBe('standards/aws-foundational-security-best-practices/v/1.0.0');
    expect(CIS.standardPath).toBe('standards/cis-aws-foundations-benchmark/v/3.0.0');
    expect(NIST.standardPath).toBe('standards/nist-800-53/v/5.0.0');
  });

  test('enables FSBP, CIS 3.0.0 and NIST 800-53 r5, each depending on the hub', () => {
    const { template } = synth({ standards: [FSBP, CIS, NIST] });
    template.resourceCountIs('AWS::SecurityHub::Standard', 3);
    const hubId = hubLogicalId(template);
    for (const path of [
      'standards/aws-foundational-security-best-practices/v/1.0.0',
      'standards/cis-aws-foundations-benchmark/v/3.0.0',
      'standards/nist-800-53/v/5.0.0',
    ]) {
      template.hasResource('AWS::SecurityHub::Standard', {
        Properties: { StandardsArn: standardArn(path) },
        DependsOn: [hubId],
      });
    }
  });

  test('of() enables a standard the library does not name', () => {
    const { template } = synth({ standards: [SecurityHubStandard.of('standards/pci-dss/v/4.0.1')] });
    template.resourceCountIs('AWS::SecurityHub::Standard', 1);
    template.hasResourceProperties('AWS::SecurityHub::Standard', {
      StandardsArn: standardArn('standards/pci-dss/v/4.0.1'),
    });
  });

  test('reordering standards keeps the logical ids', () => {
    const a = synth({ standards: [FSBP, CIS] }).template.findResources('AWS::SecurityHub::Standard');
    const b = synth({ standards: [CIS, FSBP] }).template.findResources('AWS::SecurityHub::Standard');
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  });

  test('standardsArn() and controlArn() resolve in any partition', () => {
    const stack = new Stack();
    expect(stack.resolve(NIST.standardsArn())).toEqual(standardArn('standards/nist-800-53/v/5.0.0'));
    expect(stack.resolve(NIST.controlArn('SSM.3'))).toEqual(controlArn('control/nist-800-53/v/5.0.0/SSM.3'));
  });

  test('controlArn() with an unresolved control id substitutes it', () => {
    const stack = new Stack();
    const id = Token.asString({ Ref: 'ControlParam' });
    expect(stack.resolve(FSBP.controlArn(id))).toEqual({
      'Fn::Sub': [
        'arn:${AWS::Partition}:securityhub:${AWS::Region}:${AWS::AccountId}:control/aws-foundational-security-best-practices/v/1.0.0/${ControlId}',
        { ControlId: { Ref: 'ControlParam' } },
      ],
    });
  });
});

describe('SecurityHub disabled controls', () => {
  test('maps each disabled control to the standard it belongs to', () => {
    const { template } = synth({
      standards: [FSBP, CIS, NIST],
      disabledControls: [
        { standard: FSBP, controlId: 'IAM.6', reason: 'Root hardware MFA is handled by the organization' },
        { standard: CIS, controlId: '1.4', reason: 'Root access keys are checked centrally' },
        { standard: FSBP, controlId: 'EC2.10', reason: 'No VPC endpoints by design' },
        { standard: NIST, controlId: 'SSM.3', reason: 'Not using SSM inventory' },
      ],
    });
    template.hasResourceProperties('AWS::SecurityHub::Standard', {
      StandardsArn: standardArn('standards/aws-foundational-security-best-practices/v/1.0.0'),
      DisabledStandardsControls: [
        {
          StandardsControlArn: controlArn('control/aws-foundational-security-best-practices/v/1.0.0/IAM.6'),
          Reason: 'Root hardware MFA is handled by the organization',
        },
        {
          StandardsControlArn: controlArn('control/aws-foundational-security-best-practices/v/1.0.0/EC2.10'),
          Reason: 'No VPC endpoints by design',
        },
      ],
    });
    template.hasResourceProperties('AWS::SecurityHub::Standard', {
      StandardsArn: standardArn('standards/cis-aws-foundations-benchmark/v/3.0.0'),
      DisabledStandardsControls: [
        {
          StandardsControlArn: controlArn('control/cis-aws-foundations-benchmark/v/3.0.0/1.4'),
          Reason: 'Root access keys are checked centrally',
        },
      ],
    });
    template.hasResourceProperties('AWS::SecurityHub::Standard', {
      StandardsArn: standardArn('standards/nist-800-53/v/5.0.0'),
      DisabledStandardsControls: [
        { StandardsControlArn: controlArn('control/nist-800-53/v/5.0.0/SSM.3'), Reason: 'Not using SSM inventory' },
      ],
    });
  });

  test('a control of a standard made with of() uses that standard\'s control path', () => {
    const pci = SecurityHubStandard.of('standards/pci-dss/v/4.0.1');
    synth({
      standards: [pci],
      disabledControls: [{ standard: SecurityHubStandard.of('standards/pci-dss/v/4.0.1'), controlId: 'CloudTrail.2', reason: 'x' }],
    }).template.hasResourceProperties('AWS::SecurityHub::Standard', {
      DisabledStandardsControls: [{ StandardsControlArn: controlArn('control/pci-dss/v/4.0.1/CloudTrail.2'), Reason: 'x' }],
    });
  });

  test('unresolved control ids and reasons are passed through unvalidated', () => {
    const stack = new Stack();
    new SecurityHub(stack, 'Hub', {
      disabledControls: [{
        standard: FSBP,
        controlId: Token.asString({ Ref: 'ControlId' }),
        reason: Token.asString({ Ref: 'Reason' }),
      }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SecurityHub::Standard', {
      DisabledStandardsControls: [{ Reason: { Ref: 'Reason' } }],
    });
  });
});

describe('SecurityHub validation', () => {
  test('empty standards throws', () => {
    expect(() => synth({ standards: [] }))
      .toThrow('SecurityHubProps.standards: received an empty list; list at least one standard, or leave it unset for AWS Foundational Security Best Practices');
  });

  test('duplicate standard throws', () => {
    expect(() => synth({ standards: [FSBP, CIS, FSBP] }))
      .toThrow("SecurityHubProps.standards: 'standards/aws-foundational-security-best-practices/v/1.0.0' is listed twice; list each standard once");
  });

  test('duplicate standard through of() throws', () => {
    expect(() => synth({ standards: [NIST, SecurityHubStandard.of('standards/nist-800-53/v/5.0.0')] }))
      .toThrow("SecurityHubProps.standards: 'standards/nist-800-53/v/5.0.0' is listed twice; list each standard once");
  });

  test('a disabled control of a standard that is not enabled throws', () => {
    expect(() => synth({ disabledControls: [{ standard: CIS, controlId: '1.4', reason: 'r' }] }))
      .toThrow("SecurityHubProps.disabledControls: control '1.4' belongs to 'standards/cis-aws-foundations-benchmark/v/3.0.0', which is not enabled; add that standard to standards or remove the control (enabled: 'standards/aws-foundational-security-best-practices/v/1.0.0')");
  });

  test.each(['', '   ', '\n\t'])('reason %j throws', (reason) => {
    expect(() => synth({ disabledControls: [{ standard: FSBP, controlId: 'IAM.6', reason }] }))
      .toThrow("SecurityHubProps.disabledControls: control 'IAM.6' of 'standards/aws-foundational-security-best-practices/v/1.0.0' has an empty reason; give a non-blank reason for disabling it");
  });

  test.each(['', 'IAM 6', 'IAM/6', 'IAM.6,IAM.7', '*'])('controlId %j throws', (controlId) => {
    expect(() => synth({ disabledControls: [{ standard: FSBP, controlId, reason: 'r' }] }))
      .toThrow(`SecurityHubProps.disabledControls: controlId '${controlId}' is not a control ID; use letters, digits, '.' and '-' only, e.g. 'IAM.6' or '1.4'`);
  });

  test('the same control disabled twice throws', () => {
    expect(() => synth({
      disabledControls: [
        { standard: FSBP, controlId: 'IAM.6', reason: 'a' },
        { standard: FSBP, controlId: 'IAM.6', reason: 'b' },
      ],
    })).toThrow("SecurityHubProps.disabledControls: control 'IAM.6' of 'standards/aws-foundational-security-best-practices/v/1.0.0' is listed twice; list each control once");
  });

  test('the same control id in two standards is allowed', () => {
    expect(() => synth({
      standards: [FSBP, NIST],
      disabledControls: [
        { standard: FSBP, controlId: 'IAM.6', reason: 'a' },
        { standard: NIST, controlId: 'IAM.6', reason: 'b' },
      ],
    })).not.toThrow();
  });

  test('more than 100 disabled controls in one standard throws', () => {
    const disabledControls = Array.from({ length: 101 }, (_, i) => ({ standard: FSBP, controlId: `X.${i}`, reason: 'r' }));
    expect(() => synth({ disabledControls }))
      .toThrow("SecurityHubProps.disabledControls: 101 controls are disabled in 'standards/aws-foundational-security-best-practices/v/1.0.0'; CloudFormation allows at most 100 per standard");
  });

  test('exactly 100 disabled controls in one standard is allowed', () => {
    const disabledControls = Array.from({ length: 100 }, (_, i) => ({ standard: FSBP, controlId: `X.${i}`, reason: 'r' }));
    expect(() => synth({ disabledControls })).not.toThrow();
  });

  test.each([
    '',
    'pci-dss/v/4.0.1',
    'ruleset/cis-aws-foundations-benchmark/v/1.2.0',
    'arn:aws:securityhub:us-east-1::standards/pci-dss/v/4.0.1',
    'standards/pci-dss/v/4.0.1/',
    'standards/PCI-DSS/v/4.0.1',
  ])('SecurityHubStandard.of(%j) throws', (path) => {
    expect(() => SecurityHubStandard.of(path))
      .toThrow(`SecurityHubStandard.of: '${path}' is not a standard path; use the resource part of a regional standard ARN such as 'standards/pci-dss/v/4.0.1'`);
  });

  test('an unresolved standard path is accepted by of() but cannot name a construct', () => {
    const standard = SecurityHubStandard.of(Token.asString({ Ref: 'Std' }));
    expect(() => synth({ standards: [standard] }))
      .toThrow("SecurityHubProps.standards: a standard path is an unresolved token; use a literal path such as 'standards/pci-dss/v/4.0.1'");
  });
});

describe('SecurityHub and cdk-nag', () => {
  test.each([
    ['defaults', {}],
    ['all standards with disabled controls', {
      standards: [FSBP, CIS, NIST],
      disabledControls: [{ standard: CIS, controlId: '1.4', reason: 'checked centrally' }],
    }],
  ])('no pack reports a violation (%s)', (_name, props: SecurityHubProps) => {
    const { stack } = synth(props);
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
    expect(new NIST80053R5Checks().validateScope(stack).violations).toEqual([]);
    expect(new HIPAASecurityChecks().validateScope(stack).violations).toEqual([]);
    expect(new PCIDSS321Checks().validateScope(stack).violations).toEqual([]);
  });
});

describe('SecurityHub.standardSubscriptionArn', () => {
  test('returns the subscription ARN attribute of an enabled standard', () => {
    const stack = new Stack();
    const hub = new SecurityHub(stack, 'Hub');
    const arn = stack.resolve(hub.standardSubscriptionArn(SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES));
    expect(arn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^HubStandardawsfoundational/), 'StandardsSubscriptionArn'] });
  });

  test('throws for a standard the hub does not enable', () => {
    const stack = new Stack();
    const hub = new SecurityHub(stack, 'Hub');
    expect(() => hub.standardSubscriptionArn(SecurityHubStandard.NIST_800_53_REV5)).toThrow(
      "SecurityHub.standardSubscriptionArn: 'standards/nist-800-53/v/5.0.0' is not enabled on this hub (enabled: 'standards/aws-foundational-security-best-practices/v/1.0.0')");
  });
});
