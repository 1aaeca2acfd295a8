import { App, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HANDLERS } from '../../handler/index';
import { SecurityHub, SecurityHubProps, SecurityHubStandard } from '../../src/detection/security-hub';
import { ServiceDeployment } from '../../src/detection/service-deployment';
import { NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

function synth(props?: SecurityHubProps, env?: { account: string; region: string }): { stack: Stack; template: Template; hub: SecurityHub } {
  const stack = new Stack(new App(), 'TestStack', { env });
  const hub = new SecurityHub(stack, 'SecurityHub', props);
  return { stack, template: Template.fromStack(stack), hub };
}

/** Props for the native AWS::SecurityHub::Hub and AWS::SecurityHub::Standard resources. */
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

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };

function standardArn(path: string) {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:securityhub:\${AWS::Region}::${path}` };
}

function controlArn(path: string) {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:securityhub:\${AWS::Region}:\${AWS::AccountId}:${path}` };
}

const HUB_ARN = {
  'Fn::Join': ['', [
    'arn:', { Ref: 'AWS::Partition' }, ':securityhub:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':hub/default',
  ]],
};

const HUB_STATEMENT = {
  Effect: 'Allow',
  Action: [
    'securityhub:DescribeHub', 'securityhub:GetAdministratorAccount', 'securityhub:EnableSecurityHub', 'securityhub:UpdateSecurityHubConfiguration',
    'securityhub:GetEnabledStandards', 'securityhub:BatchEnableStandards', 'securityhub:BatchDisableStandards',
    'securityhub:UpdateStandardsControl', 'securityhub:DisableSecurityHub',
  ],
  Resource: HUB_ARN,
};

const SLR_STATEMENT = {
  Effect: 'Allow',
  Action: 'iam:CreateServiceLinkedRole',
  Resource: {
    'Fn::Join': ['', [
      'arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' },
      ':role/aws-service-role/securityhub.amazonaws.com/AWSServiceRoleForSecurityHub',
    ]],
  },
  Condition: { StringEquals: { 'iam:AWSServiceName': 'securityhub.amazonaws.com' } },
};

function hubLogicalId(template: Template): string {
  return Object.keys(template.findResources('AWS::SecurityHub::Hub'))[0];
}

function resourceTypes(template: Template): string[] {
  return Object.values<any>(template.toJSON().Resources).map(r => r.Type);
}

describe('SecurityHub defaults (CloudFormation)', () => {
  test('creates one hub with id Resource, default standards off, consolidated findings, auto-enabled controls', () => {
    const { stack, template } = synth(cfn());
    template.resourceCountIs('AWS::SecurityHub::Hub', 1);
    template.hasResourceProperties('AWS::SecurityHub::Hub', {
      EnableDefaultStandards: false,
      ControlFindingGenerator: 'SECURITY_CONTROL',
      AutoEnableControls: true,
    });
    expect(stack.node.findChild('SecurityHub').node.findChild('Resource')).toBeDefined();
  });

  test('enables only AWS Foundational Security Best Practices v1.0.0, partition- and region-agnostic', () => {
    const { template } = synth(cfn());
    template.resourceCountIs('AWS::SecurityHub::Standard', 1);
    template.hasResourceProperties('AWS::SecurityHub::Standard', {
      StandardsArn: standardArn('standards/aws-foundational-security-best-practices/v/1.0.0'),
      DisabledStandardsControls: Match.absent(),
    });
  });

  test('the standard depends on the hub', () => {
    const { template } = synth(cfn());
    template.hasResource('AWS::SecurityHub::Standard', { DependsOn: [hubLogicalId(template)] });
  });

  test('hubArn is the ARN attribute of the hub', () => {
    const { stack, template, hub } = synth(cfn());
    expect(Token.isUnresolved(hub.hubArn)).toBe(true);
    expect(stack.resolve(hub.hubArn)).toEqual({ 'Fn::GetAtt': [hubLogicalId(template), 'ARN'] });
  });

  test('standard construct ids are derived from the standard', () => {
    const { stack } = synth(cfn());
    expect(stack.node.findChild('SecurityHub').node.tryFindChild(
      'Standard-aws-foundational-security-best-practices-v-1.0.0')).toBeDefined();
  });

  test('no custom resource and no provider function', () => {
    const { template } = synth(cfn({ standards: [FSBP, CIS], disabledControls: [{ standard: CIS, controlId: '1.4', reason: 'r' }] }));
    template.resourceCountIs('Custom::SecurityHub', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('AWS::IAM::Role', 0);
  });
});

describe('SecurityHub removal (CloudFormation)', () => {
  test('the hub and every standard are retained on delete and on replacement by default', () => {
    const { template } = synth(cfn({ standards: [FSBP, CIS, NIST] }));
    const resources = { ...template.findResources('AWS::SecurityHub::Hub'), ...template.findResources('AWS::SecurityHub::Standard') };
    expect(Object.keys(resources)).toHaveLength(4);
    for (const resource of Object.values(resources)) {
      expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('disableOnDelete: true deletes the hub and every standard', () => {
    const { template } = synth(cfn({ standards: [FSBP, CIS, NIST], disableOnDelete: true }));
    const resources = { ...template.findResources('AWS::SecurityHub::Hub'), ...template.findResources('AWS::SecurityHub::Standard') };
    expect(Object.keys(resources)).toHaveLength(4);
    for (const resource of Object.values(resources)) {
      expect(resource).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    }
  });

  test('disableOnDelete: false is the same as the default', () => {
    expect(synth(cfn({ disableOnDelete: false })).template.toJSON()).toEqual(synth(cfn()).template.toJSON());
  });
});

describe('SecurityHub adopt or create (default)', () => {
  test('defaults: one Custom::SecurityHub with exactly the documented properties', () => {
    const { template } = synth();
    template.resourceCountIs('Custom::SecurityHub', 1);
    template.hasResourceProperties('Custom::SecurityHub', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'SecurityHub',
      AccountId: { Ref: 'AWS::AccountId' },
      ControlFindingGenerator: 'SECURITY_CONTROL',
      AutoEnableControls: true,
      StandardsArns: [standardArn('standards/aws-foundational-security-best-practices/v/1.0.0')],
      DisabledControls: [],
      DisableOnDelete: false,
    }));
  });

  test('deployment ADOPT_OR_CREATE is the default', () => {
    expect(synth({ deployment: ServiceDeployment.ADOPT_OR_CREATE }).template.toJSON()).toEqual(synth().template.toJSON());
  });

  test('the construct id of the custom resource is Resource', () => {
    const { stack } = synth();
    expect(stack.node.findChild('SecurityHub').node.findChild('Resource')).toBeDefined();
  });

  test('standards, disabled controls (each with its standard) and disableOnDelete are passed through', () => {
    const { template } = synth({
      standards: [FSBP, CIS, NIST],
      disabledControls: [
        { standard: NIST, controlId: 'SSM.3', reason: 'Not using SSM inventory' },
        { standard: FSBP, controlId: 'IAM.6', reason: 'Root hardware MFA is handled by the organization' },
        { standard: CIS, controlId: '1.4', reason: 'Root access keys are checked centrally' },
      ],
      disableOnDelete: true,
    });
    template.hasResourceProperties('Custom::SecurityHub', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'SecurityHub',
      AccountId: { Ref: 'AWS::AccountId' },
      ControlFindingGenerator: 'SECURITY_CONTROL',
      AutoEnableControls: true,
      StandardsArns: [
        standardArn('standards/aws-foundational-security-best-practices/v/1.0.0'),
        standardArn('standards/cis-aws-foundations-benchmark/v/3.0.0'),
        standardArn('standards/nist-800-53/v/5.0.0'),
      ],
      DisabledControls: [
        {
          StandardsArn: standardArn('standards/aws-foundational-security-best-practices/v/1.0.0'),
          StandardsControlArn: controlArn('control/aws-foundational-security-best-practices/v/1.0.0/IAM.6'),
          Reason: 'Root hardware MFA is handled by the organization',
        },
        {
          StandardsArn: standardArn('standards/cis-aws-foundations-benchmark/v/3.0.0'),
          StandardsControlArn: controlArn('control/cis-aws-foundations-benchmark/v/3.0.0/1.4'),
          Reason: 'Root access keys are checked centrally',
        },
        {
          StandardsArn: standardArn('standards/nist-800-53/v/5.0.0'),
          StandardsControlArn: controlArn('control/nist-800-53/v/5.0.0/SSM.3'),
          Reason: 'Not using SSM inventory',
        },
      ],
      DisableOnDelete: true,
    }));
  });

  test('a literal account is passed as AccountId', () => {
    synth({}, { account: '111111111111', region: 'eu-west-1' }).template.hasResourceProperties('Custom::SecurityHub', {
      AccountId: '111111111111',
    });
  });

  test('no native AWS::SecurityHub resource', () => {
    const { template } = synth({ standards: [FSBP, CIS], disabledControls: [{ standard: CIS, controlId: '1.4', reason: 'r' }] });
    expect(resourceTypes(template).filter(type => type.startsWith('AWS::SecurityHub::'))).toEqual([]);
  });

  test('the custom resource itself is removed with the stack; the handler decides what happens to Security Hub', () => {
    synth().template.hasResource('Custom::SecurityHub', { DeletionPolicy: 'Delete' });
    expect(HANDLERS.SecurityHub.delete).toBeDefined();
  });

  test('adds exactly the Security Hub statement on the hub and the service-linked role statement to the provider role', () => {
    expect(providerStatements(synth().template)).toEqual([HUB_STATEMENT, SLR_STATEMENT]);
  });

  test('the statements do not depend on the standards or controls', () => {
    const { template } = synth({ standards: [FSBP, NIST], disabledControls: [{ standard: NIST, controlId: 'SSM.3', reason: 'r' }] });
    expect(providerStatements(template)).toEqual([HUB_STATEMENT, SLR_STATEMENT]);
  });

  test('two hubs in one stack share the provider, each with its own policy', () => {
    const stack = new Stack(new App(), 'TestStack');
    new SecurityHub(stack, 'A');
    new SecurityHub(stack, 'B', { standards: [CIS] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(providerStatements(template)).toEqual([HUB_STATEMENT, SLR_STATEMENT, HUB_STATEMENT, SLR_STATEMENT]);
  });

  test('hubArn is arn:<partition>:securityhub:<region>:<account>:hub/default', () => {
    const { stack, hub } = synth();
    expect(stack.resolve(hub.hubArn)).toEqual(HUB_ARN);
  });

  test('hubArn uses the literal account and region of an environment-specific stack', () => {
    const { stack, hub } = synth({}, { account: '111111111111', region: 'eu-west-1' });
    expect(stack.resolve(hub.hubArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:eu-west-1:111111111111:hub/default']],
    });
  });
});

describe('SecurityHub standards', () => {
  test('static standards have the documented paths', () => {
    expect(FSBP.standardPath).toBe('standards/aws-foundational-security-best-practices/v/1.0.0');
    expect(CIS.standardPath).toBe('standards/cis-aws-foundations-benchmark/v/3.0.0');
    expect(NIST.standardPath).toBe('standards/nist-800-53/v/5.0.0');
  });

  test('enables FSBP, CIS 3.0.0 and NIST 800-53 r5, each depending on the hub', () => {
    const { template } = synth(cfn({ standards: [FSBP, CIS, NIST] }));
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
    const { template } = synth(cfn({ standards: [SecurityHubStandard.of('standards/pci-dss/v/4.0.1')] }));
    template.resourceCountIs('AWS::SecurityHub::Standard', 1);
    template.hasResourceProperties('AWS::SecurityHub::Standard', {
      StandardsArn: standardArn('standards/pci-dss/v/4.0.1'),
    });
  });

  test('of() enables a standard the library does not name (adopt or create)', () => {
    synth({ standards: [SecurityHubStandard.of('standards/pci-dss/v/4.0.1')] }).template.hasResourceProperties('Custom::SecurityHub', {
      StandardsArns: [standardArn('standards/pci-dss/v/4.0.1')],
    });
  });

  test('reordering standards keeps the logical ids', () => {
    const a = synth(cfn({ standards: [FSBP, CIS] })).template.findResources('AWS::SecurityHub::Standard');
    const b = synth(cfn({ standards: [CIS, FSBP] })).template.findResources('AWS::SecurityHub::Standard');
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

describe('SecurityHub disabled controls (CloudFormation)', () => {
  test('maps each disabled control to the standard it belongs to', () => {
    const { template } = synth(cfn({
      standards: [FSBP, CIS, NIST],
      disabledControls: [
        { standard: FSBP, controlId: 'IAM.6', reason: 'Root hardware MFA is handled by the organization' },
        { standard: CIS, controlId: '1.4', reason: 'Root access keys are checked centrally' },
        { standard: FSBP, controlId: 'EC2.10', reason: 'No VPC endpoints by design' },
        { standard: NIST, controlId: 'SSM.3', reason: 'Not using SSM inventory' },
      ],
    }));
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
    synth(cfn({
      standards: [pci],
      disabledControls: [{ standard: SecurityHubStandard.of('standards/pci-dss/v/4.0.1'), controlId: 'CloudTrail.2', reason: 'x' }],
    })).template.hasResourceProperties('AWS::SecurityHub::Standard', {
      DisabledStandardsControls: [{ StandardsControlArn: controlArn('control/pci-dss/v/4.0.1/CloudTrail.2'), Reason: 'x' }],
    });
  });

  test('unresolved control ids and reasons are passed through unvalidated', () => {
    const stack = new Stack();
    new SecurityHub(stack, 'Hub', cfn({
      disabledControls: [{
        standard: FSBP,
        controlId: Token.asString({ Ref: 'ControlId' }),
        reason: Token.asString({ Ref: 'Reason' }),
      }],
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::SecurityHub::Standard', {
      DisabledStandardsControls: [{ Reason: { Ref: 'Reason' } }],
    });
  });
});

describe('SecurityHub disabled controls (adopt or create)', () => {
  test('a control of a standard made with of() uses that standard\'s control path', () => {
    synth({
      standards: [SecurityHubStandard.of('standards/pci-dss/v/4.0.1')],
      disabledControls: [{ standard: SecurityHubStandard.of('standards/pci-dss/v/4.0.1'), controlId: 'CloudTrail.2', reason: 'x' }],
    }).template.hasResourceProperties('Custom::SecurityHub', {
      DisabledControls: [{
        StandardsArn: standardArn('standards/pci-dss/v/4.0.1'),
        StandardsControlArn: controlArn('control/pci-dss/v/4.0.1/CloudTrail.2'),
        Reason: 'x',
      }],
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
    Template.fromStack(stack).hasResourceProperties('Custom::SecurityHub', {
      DisabledControls: [{
        StandardsArn: standardArn('standards/aws-foundational-security-best-practices/v/1.0.0'),
        StandardsControlArn: {
          'Fn::Sub': [
            'arn:${AWS::Partition}:securityhub:${AWS::Region}:${AWS::AccountId}:control/aws-foundational-security-best-practices/v/1.0.0/${ControlId}',
            { ControlId: { Ref: 'ControlId' } },
          ],
        },
        Reason: { Ref: 'Reason' },
      }],
    });
  });
});

describe.each(MODES)('SecurityHub validation (%s)', (_mode, deployment) => {
  const synthIn = (props: SecurityHubProps) => synth({ deployment, ...props });

  test('empty standards throws', () => {
    expect(() => synthIn({ standards: [] }))
      .toThrow('SecurityHubProps.standards: received an empty list; list at least one standard, or leave it unset for AWS Foundational Security Best Practices');
  });

  test('duplicate standard throws', () => {
    expect(() => synthIn({ standards: [FSBP, CIS, FSBP] }))
      .toThrow("SecurityHubProps.standards: 'standards/aws-foundational-security-best-practices/v/1.0.0' is listed twice; list each standard once");
  });

  test('duplicate standard through of() throws', () => {
    expect(() => synthIn({ standards: [NIST, SecurityHubStandard.of('standards/nist-800-53/v/5.0.0')] }))
      .toThrow("SecurityHubProps.standards: 'standards/nist-800-53/v/5.0.0' is listed twice; list each standard once");
  });

  test('a disabled control of a standard that is not enabled throws', () => {
    expect(() => synthIn({ disabledControls: [{ standard: CIS, controlId: '1.4', reason: 'r' }] }))
      .toThrow("SecurityHubProps.disabledControls: control '1.4' belongs to 'standards/cis-aws-foundations-benchmark/v/3.0.0', which is not enabled; add that standard to standards or remove the control (enabled: 'standards/aws-foundational-security-best-practices/v/1.0.0')");
  });

  test.each(['', '   ', '\n\t'])('reason %j throws', (reason) => {
    expect(() => synthIn({ disabledControls: [{ standard: FSBP, controlId: 'IAM.6', reason }] }))
      .toThrow("SecurityHubProps.disabledControls: control 'IAM.6' of 'standards/aws-foundational-security-best-practices/v/1.0.0' has an empty reason; give a non-blank reason for disabling it");
  });

  test.each(['', 'IAM 6', 'IAM/6', 'IAM.6,IAM.7', '*'])('controlId %j throws', (controlId) => {
    expect(() => synthIn({ disabledControls: [{ standard: FSBP, controlId, reason: 'r' }] }))
      .toThrow(`SecurityHubProps.disabledControls: controlId '${controlId}' is not a control ID; use letters, digits, '.' and '-' only, e.g. 'IAM.6' or '1.4'`);
  });

  test('the same control disabled twice throws', () => {
    expect(() => synthIn({
      disabledControls: [
        { standard: FSBP, controlId: 'IAM.6', reason: 'a' },
        { standard: FSBP, controlId: 'IAM.6', reason: 'b' },
      ],
    })).toThrow("SecurityHubProps.disabledControls: control 'IAM.6' of 'standards/aws-foundational-security-best-practices/v/1.0.0' is listed twice; list each control once");
  });

  test('the same control id in two standards is allowed', () => {
    expect(() => synthIn({
      standards: [FSBP, NIST],
      disabledControls: [
        { standard: FSBP, controlId: 'IAM.6', reason: 'a' },
        { standard: NIST, controlId: 'IAM.6', reason: 'b' },
      ],
    })).not.toThrow();
  });

  test('more than 100 disabled controls in one standard throws', () => {
    const disabledControls = Array.from({ length: 101 }, (_, i) => ({ standard: FSBP, controlId: `X.${i}`, reason: 'r' }));
    expect(() => synthIn({ disabledControls }))
      .toThrow("SecurityHubProps.disabledControls: 101 controls are disabled in 'standards/aws-foundational-security-best-practices/v/1.0.0'; CloudFormation allows at most 100 per standard");
  });

  test('exactly 100 disabled controls in one standard is allowed', () => {
    const disabledControls = Array.from({ length: 100 }, (_, i) => ({ standard: FSBP, controlId: `X.${i}`, reason: 'r' }));
    expect(() => synthIn({ disabledControls })).not.toThrow();
  });

  test('an unresolved standard path is accepted by of() but cannot name a construct', () => {
    const standard = SecurityHubStandard.of(Token.asString({ Ref: 'Std' }));
    expect(() => synthIn({ standards: [standard] }))
      .toThrow("SecurityHubProps.standards: a standard path is an unresolved token; use a literal path such as 'standards/pci-dss/v/4.0.1'");
  });
});

describe('SecurityHubStandard.of validation', () => {
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
});

describe.each(MODES)('SecurityHub and cdk-nag (%s)', (_mode, deployment) => {
  test.each([
    ['defaults', {}],
    ['all standards with disabled controls', {
      standards: [FSBP, CIS, NIST],
      disabledControls: [{ standard: CIS, controlId: '1.4', reason: 'checked centrally' }],
    }],
    ['disableOnDelete', { disableOnDelete: true }],
  ])('no pack reports a violation (%s)', (_name, props: SecurityHubProps) => {
    const { stack } = synth({ deployment, ...props });
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});

describe('SecurityHub.standardSubscriptionArn', () => {
  test('returns the subscription ARN attribute of an enabled standard (CloudFormation)', () => {
    const stack = new Stack();
    const hub = new SecurityHub(stack, 'Hub', cfn());
    const arn = stack.resolve(hub.standardSubscriptionArn(SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES));
    expect(arn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^HubStandardawsfoundational/), 'StandardsSubscriptionArn'] });
  });

  test('returns the subscription ARN of an enabled standard (adopt or create)', () => {
    const stack = new Stack();
    const hub = new SecurityHub(stack, 'Hub', { standards: [CIS, FSBP] });
    expect(stack.resolve(hub.standardSubscriptionArn(FSBP))).toEqual(
      controlArn('subscription/aws-foundational-security-best-practices/v/1.0.0'));
    expect(stack.resolve(hub.standardSubscriptionArn(CIS))).toEqual(
      controlArn('subscription/cis-aws-foundations-benchmark/v/3.0.0'));
  });

  test.each(MODES)('throws for a standard the hub does not enable (%s)', (_mode, deployment) => {
    const stack = new Stack();
    const hub = new SecurityHub(stack, 'Hub', { deployment });
    expect(() => hub.standardSubscriptionArn(SecurityHubStandard.NIST_800_53_REV5)).toThrow(
      "SecurityHub.standardSubscriptionArn: 'standards/nist-800-53/v/5.0.0' is not enabled on this hub (enabled: 'standards/aws-foundational-security-best-practices/v/1.0.0')");
  });
});
