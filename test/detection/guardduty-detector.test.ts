import { App, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  FindingPublishingFrequency,
  GuardDutyDetector,
  GuardDutyDetectorProps,
  GuardDutyFeature,
} from '../../src/detection/guardduty-detector';
import { ServiceDeployment } from '../../src/detection/service-deployment';
import { NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };

function synth(props?: GuardDutyDetectorProps): { stack: Stack; template: Template; detector: GuardDutyDetector } {
  const stack = new Stack(new App(), 'TestStack');
  const detector = new GuardDutyDetector(stack, 'GuardDuty', props);
  return { stack, template: Template.fromStack(stack), detector };
}

const AGENT_MANAGEMENT = ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'];

function runtime(status: string) {
  return {
    Name: 'RUNTIME_MONITORING',
    Status: status,
    AdditionalConfiguration: AGENT_MANAGEMENT.map((Name) => ({ Name, Status: status })),
  };
}

const ALL_AGENTLESS_ENABLED = [
  { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
  { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
  { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
  { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
  { Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' },
];

function arn(service: string, resource: string, region = true) {
  const middle = region ? [`:${service}:`, { Ref: 'AWS::Region' }, ':'] : [`:${service}::`];
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...middle, { Ref: 'AWS::AccountId' }, `:${resource}`]] };
}

function slrStatement(service: string, role: string) {
  return {
    Effect: 'Allow',
    Action: 'iam:CreateServiceLinkedRole',
    Resource: arn('iam', `role/aws-service-role/${service}/${role}`, false),
    Condition: { StringEquals: { 'iam:AWSServiceName': service } },
  };
}

const LIST_CREATE = { Effect: 'Allow', Action: ['guardduty:ListDetectors', 'guardduty:CreateDetector', 'guardduty:GetAdministratorAccount'], Resource: '*' };
const GUARDDUTY_SLR = slrStatement('guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty');
const MALWARE_SLR = slrStatement('malware-protection.guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDutyMalwareProtection');

describe('GuardDutyDetector in ADOPT_OR_CREATE mode (the default)', () => {
  test('is a Custom::GuardDutyDetector with id Resource carrying every setting, and no native detector', () => {
    const { stack, template } = synth();
    template.resourceCountIs('AWS::GuardDuty::Detector', 0);
    template.resourceCountIs('Custom::GuardDutyDetector', 1);
    template.hasResourceProperties('Custom::GuardDutyDetector', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'GuardDutyDetector',
      FindingPublishingFrequency: 'FIFTEEN_MINUTES',
      Features: [...ALL_AGENTLESS_ENABLED, runtime('DISABLED')],
      DisableOnDelete: false,
    }));
    expect(stack.node.findChild('GuardDuty').node.findChild('Resource')).toBeDefined();
  });

  test('an explicit ADOPT_OR_CREATE and disableOnDelete: false are the defaults', () => {
    expect(synth({ deployment: ServiceDeployment.ADOPT_OR_CREATE, disableOnDelete: false }).template.toJSON()).toEqual(synth().template.toJSON());
  });

  test('disableOnDelete: true is passed to the handler, which deletes only a detector the stack created', () => {
    synth({ disableOnDelete: true, findingPublishingFrequency: FindingPublishingFrequency.ONE_HOUR })
      .template.hasResourceProperties('Custom::GuardDutyDetector', {
        FindingPublishingFrequency: 'ONE_HOUR',
        DisableOnDelete: true,
      });
  });

  test('the custom resource is deleted with the stack, so that the handler decides what happens', () => {
    synth().template.hasResource('Custom::GuardDutyDetector', { DeletionPolicy: 'Delete' });
  });

  test('detectorId is the DetectorId the handler returns', () => {
    const { stack, template, detector } = synth();
    const logicalId = Object.keys(template.findResources('Custom::GuardDutyDetector'))[0];
    expect(stack.resolve(detector.detectorId)).toEqual({ 'Fn::GetAtt': [logicalId, 'DetectorId'] });
  });

  test('the provider role may list and create detectors, update any detector of the account, and create the service-linked roles', () => {
    expect(providerStatements(synth().template)).toEqual([
      LIST_CREATE,
      { Effect: 'Allow', Action: 'guardduty:UpdateDetector', Resource: arn('guardduty', 'detector/*') },
      GUARDDUTY_SLR,
      MALWARE_SLR,
    ]);
  });

  test('with disableOnDelete, the role may also delete detectors', () => {
    expect(providerStatements(synth({ disableOnDelete: true }).template)).toEqual([
      LIST_CREATE,
      { Effect: 'Allow', Action: ['guardduty:UpdateDetector', 'guardduty:DeleteDetector'], Resource: arn('guardduty', 'detector/*') },
      GUARDDUTY_SLR,
      MALWARE_SLR,
    ]);
  });

  test('without EBS malware protection, the malware protection service-linked role is not granted', () => {
    expect(providerStatements(synth({ features: [GuardDutyFeature.S3_DATA_EVENTS] }).template)).toEqual([
      LIST_CREATE,
      { Effect: 'Allow', Action: 'guardduty:UpdateDetector', Resource: arn('guardduty', 'detector/*') },
      GUARDDUTY_SLR,
    ]);
  });
});

describe('GuardDutyDetector in CLOUDFORMATION mode', () => {
  const CFN = { deployment: ServiceDeployment.CLOUDFORMATION };

  test('creates exactly one enabled AWS::GuardDuty::Detector with id Resource and no custom resource', () => {
    const { stack, template } = synth(CFN);
    template.resourceCountIs('AWS::GuardDuty::Detector', 1);
    template.resourceCountIs('Custom::GuardDutyDetector', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.hasResourceProperties('AWS::GuardDuty::Detector', { Enable: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES' });
    expect(stack.node.findChild('GuardDuty').node.findChild('Resource')).toBeDefined();
  });

  test('is retained when the stack is deleted, so that protection is never lowered silently', () => {
    synth(CFN).template.hasResource('AWS::GuardDuty::Detector', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('with disableOnDelete, is deleted with the stack', () => {
    synth({ ...CFN, disableOnDelete: true }).template.hasResource('AWS::GuardDuty::Detector', { DeletionPolicy: 'Delete' });
  });

  test('detectorId is the Ref of the detector', () => {
    const { stack, template, detector } = synth(CFN);
    const logicalId = Object.keys(template.findResources('AWS::GuardDuty::Detector'))[0];
    expect(Token.isUnresolved(detector.detectorId)).toBe(true);
    expect(stack.resolve(detector.detectorId)).toEqual({ Ref: logicalId });
  });
});

// The feature list is the same in both modes; only the resource carrying it differs.
describe.each([
  ['ADOPT_OR_CREATE', ServiceDeployment.ADOPT_OR_CREATE, 'Custom::GuardDutyDetector'],
  ['CLOUDFORMATION', ServiceDeployment.CLOUDFORMATION, 'AWS::GuardDuty::Detector'],
])('GuardDutyDetector options (%s)', (_mode, deployment, type) => {
  const build = (props: GuardDutyDetectorProps = {}) => synth({ deployment, ...props });

  test('publishes findings every fifteen minutes by default', () => {
    build().template.hasResourceProperties(type, { FindingPublishingFrequency: 'FIFTEEN_MINUTES' });
  });

  test('enables every agentless feature and writes runtime monitoring DISABLED, in a stable order', () => {
    build().template.hasResourceProperties(type, { Features: [...ALL_AGENTLESS_ENABLED, runtime('DISABLED')] });
  });

  test('never uses the legacy DataSources property', () => {
    build().template.hasResourceProperties(type, { DataSources: Match.absent() });
    build({ runtimeMonitoring: true }).template.hasResourceProperties(type, { DataSources: Match.absent() });
  });

  test.each([
    [FindingPublishingFrequency.FIFTEEN_MINUTES, 'FIFTEEN_MINUTES'],
    [FindingPublishingFrequency.ONE_HOUR, 'ONE_HOUR'],
    [FindingPublishingFrequency.SIX_HOURS, 'SIX_HOURS'],
  ])('findingPublishingFrequency %s', (frequency, expected) => {
    build({ findingPublishingFrequency: frequency }).template.hasResourceProperties(type, { FindingPublishingFrequency: expected });
  });

  test('runtimeMonitoring: true enables runtime monitoring with all agent management', () => {
    build({ runtimeMonitoring: true }).template.hasResourceProperties(type, { Features: [...ALL_AGENTLESS_ENABLED, runtime('ENABLED')] });
  });

  test('runtimeMonitoring: false is the same as the default', () => {
    expect(build({ runtimeMonitoring: false }).template.toJSON()).toEqual(build().template.toJSON());
  });

  test('features not chosen are written DISABLED so that removing one converges it off', () => {
    build({ features: [GuardDutyFeature.S3_DATA_EVENTS, GuardDutyFeature.RDS_LOGIN_EVENTS] })
      .template.hasResourceProperties(type, {
        Features: [
          { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
          { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
          { Name: 'EBS_MALWARE_PROTECTION', Status: 'DISABLED' },
          { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
          { Name: 'LAMBDA_NETWORK_LOGS', Status: 'DISABLED' },
          runtime('DISABLED'),
        ],
      });
  });

  test('an empty features list disables every known feature but keeps the detector', () => {
    build({ features: [] }).template.hasResourceProperties(type, {
      Features: [
        { Name: 'S3_DATA_EVENTS', Status: 'DISABLED' },
        { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
        { Name: 'EBS_MALWARE_PROTECTION', Status: 'DISABLED' },
        { Name: 'RDS_LOGIN_EVENTS', Status: 'DISABLED' },
        { Name: 'LAMBDA_NETWORK_LOGS', Status: 'DISABLED' },
        runtime('DISABLED'),
      ],
    });
  });

  test('the order of the features prop does not change the template', () => {
    const a = build({ features: [GuardDutyFeature.S3_DATA_EVENTS, GuardDutyFeature.EKS_AUDIT_LOGS] });
    const b = build({ features: [GuardDutyFeature.EKS_AUDIT_LOGS, GuardDutyFeature.S3_DATA_EVENTS] });
    expect(a.template.toJSON()).toEqual(b.template.toJSON());
  });

  test('listing RUNTIME_MONITORING in features enables it with agent management', () => {
    build({ features: [GuardDutyFeature.RUNTIME_MONITORING] }).template.hasResourceProperties(type, {
      Features: Match.arrayWith([{ Name: 'S3_DATA_EVENTS', Status: 'DISABLED' }, runtime('ENABLED')]),
    });
  });

  test('listing RUNTIME_MONITORING together with runtimeMonitoring: true is not a duplicate', () => {
    build({ features: [GuardDutyFeature.RUNTIME_MONITORING], runtimeMonitoring: true }).template.hasResourceProperties(type, {
      Features: Match.arrayWith([runtime('ENABLED')]),
    });
  });

  test('of() adds a feature unknown to the library after the known ones', () => {
    build({ features: [GuardDutyFeature.of('NEW_PROTECTION'), GuardDutyFeature.S3_DATA_EVENTS] })
      .template.hasResourceProperties(type, {
        Features: [
          { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
          { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
          { Name: 'EBS_MALWARE_PROTECTION', Status: 'DISABLED' },
          { Name: 'RDS_LOGIN_EVENTS', Status: 'DISABLED' },
          { Name: 'LAMBDA_NETWORK_LOGS', Status: 'DISABLED' },
          runtime('DISABLED'),
          { Name: 'NEW_PROTECTION', Status: 'ENABLED' },
        ],
      });
  });

  test('of() with a known name behaves like the static instance', () => {
    const viaOf = build({ features: [GuardDutyFeature.of('S3_DATA_EVENTS')] });
    const viaStatic = build({ features: [GuardDutyFeature.S3_DATA_EVENTS] });
    expect(viaOf.template.toJSON()).toEqual(viaStatic.template.toJSON());
  });

  test('EKS_RUNTIME_MONITORING omits RUNTIME_MONITORING entirely, since GuardDuty rejects both names', () => {
    build({ features: [GuardDutyFeature.of('EKS_RUNTIME_MONITORING')] }).template.hasResourceProperties(type, {
      Features: [
        { Name: 'S3_DATA_EVENTS', Status: 'DISABLED' },
        { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
        { Name: 'EBS_MALWARE_PROTECTION', Status: 'DISABLED' },
        { Name: 'RDS_LOGIN_EVENTS', Status: 'DISABLED' },
        { Name: 'LAMBDA_NETWORK_LOGS', Status: 'DISABLED' },
        { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' },
      ],
    });
  });
});

describe('GuardDutyFeature', () => {
  test('static features expose their API names', () => {
    expect([
      GuardDutyFeature.S3_DATA_EVENTS,
      GuardDutyFeature.EKS_AUDIT_LOGS,
      GuardDutyFeature.EBS_MALWARE_PROTECTION,
      GuardDutyFeature.RDS_LOGIN_EVENTS,
      GuardDutyFeature.LAMBDA_NETWORK_LOGS,
      GuardDutyFeature.RUNTIME_MONITORING,
    ].map((f) => f.name)).toEqual([
      'S3_DATA_EVENTS',
      'EKS_AUDIT_LOGS',
      'EBS_MALWARE_PROTECTION',
      'RDS_LOGIN_EVENTS',
      'LAMBDA_NETWORK_LOGS',
      'RUNTIME_MONITORING',
    ]);
  });

  test('of() accepts an unresolved token without validating it', () => {
    const token = Token.asString({ Ref: 'FeatureName' });
    expect(GuardDutyFeature.of(token).name).toBe(token);
  });
});

describe('GuardDutyDetector validation', () => {
  test('duplicate feature throws', () => {
    expect(() => synth({ features: [GuardDutyFeature.S3_DATA_EVENTS, GuardDutyFeature.S3_DATA_EVENTS] }))
      .toThrow("GuardDutyDetectorProps.features: 'S3_DATA_EVENTS' is listed twice; list each feature once");
  });

  test('duplicate through of() throws', () => {
    expect(() => synth({ features: [GuardDutyFeature.EKS_AUDIT_LOGS, GuardDutyFeature.of('EKS_AUDIT_LOGS')] }))
      .toThrow("GuardDutyDetectorProps.features: 'EKS_AUDIT_LOGS' is listed twice; list each feature once");
  });

  test('EKS_RUNTIME_MONITORING with runtimeMonitoring: true throws', () => {
    expect(() => synth({ features: [GuardDutyFeature.of('EKS_RUNTIME_MONITORING')], runtimeMonitoring: true }))
      .toThrow("GuardDutyDetectorProps.features: 'EKS_RUNTIME_MONITORING' cannot be combined with RUNTIME_MONITORING (runtimeMonitoring: true), because GuardDuty rejects both in one detector; use runtimeMonitoring: true alone, since Runtime Monitoring already covers EKS");
  });

  test('EKS_RUNTIME_MONITORING with RUNTIME_MONITORING in features throws', () => {
    expect(() => synth({ features: [GuardDutyFeature.RUNTIME_MONITORING, GuardDutyFeature.of('EKS_RUNTIME_MONITORING')] }))
      .toThrow("GuardDutyDetectorProps.features: 'EKS_RUNTIME_MONITORING' cannot be combined with RUNTIME_MONITORING");
  });

  test('a feature listed in features that the region does not offer throws, naming the prop', () => {
    const stack = new Stack(new App(), 'Taipei', { env: { account: '111111111111', region: 'ap-east-2' } });
    expect(() => new GuardDutyDetector(stack, 'GuardDuty', { features: [GuardDutyFeature.RDS_LOGIN_EVENTS] }))
      .toThrow("GuardDutyDetectorProps.features: received 'RDS_LOGIN_EVENTS', but GuardDuty RDS Protection (RDS_LOGIN_EVENTS) is not offered in ap-east-2 (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_regions.html); remove it from features for this Region");
  });

  test('in CLOUDFORMATION mode too, a region without a default feature leaves it out of Features', () => {
    const stack = new Stack(new App(), 'Taipei', { env: { account: '111111111111', region: 'ap-east-2' } });
    new GuardDutyDetector(stack, 'GuardDuty', { deployment: ServiceDeployment.CLOUDFORMATION });
    const [detector] = Object.values<any>(Template.fromStack(stack).findResources('AWS::GuardDuty::Detector'));
    expect(detector.Properties.Features.map((f: any) => f.Name)).toEqual(['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'LAMBDA_NETWORK_LOGS', 'RUNTIME_MONITORING']);
  });

  test('RUNTIME_MONITORING listed with runtimeMonitoring: false throws', () => {
    expect(() => synth({ features: [GuardDutyFeature.RUNTIME_MONITORING], runtimeMonitoring: false }))
      .toThrow("GuardDutyDetectorProps.features: 'RUNTIME_MONITORING' is listed but runtimeMonitoring is false; set runtimeMonitoring: true, or remove RUNTIME_MONITORING from features");
  });

  test('of(\'\') throws', () => {
    expect(() => GuardDutyFeature.of(''))
      .toThrow("GuardDutyFeature.of: '' is not a valid feature name; use a GuardDuty API feature name matching /^[A-Z][A-Z0-9_]*$/ such as 'S3_DATA_EVENTS'");
  });

  test.each(['s3_data_events', '1FEATURE', 'S3-DATA', ' S3_DATA_EVENTS', '_FEATURE'])('of(%j) throws', (name) => {
    expect(() => GuardDutyFeature.of(name))
      .toThrow(`GuardDutyFeature.of: '${name}' is not a valid feature name; use a GuardDuty API feature name matching /^[A-Z][A-Z0-9_]*$/ such as 'S3_DATA_EVENTS'`);
  });

  test.each(['FLOW_LOGS', 'DNS_LOGS', 'CLOUD_TRAIL'])('of(%s), a foundational data source, throws', (name) => {
    expect(() => GuardDutyFeature.of(name))
      .toThrow(`GuardDutyFeature.of: '${name}' is a foundational data source that GuardDuty always analyses and cannot be configured as a feature; list only protection features such as 'S3_DATA_EVENTS'`);
  });
});

describe('GuardDutyDetector and cdk-nag', () => {
  test.each([
    ['defaults', {}],
    ['runtime monitoring', { runtimeMonitoring: true }],
    ['disableOnDelete', { disableOnDelete: true }],
    ['CloudFormation', { deployment: ServiceDeployment.CLOUDFORMATION }],
    ['CloudFormation with runtime monitoring and disableOnDelete', {
      deployment: ServiceDeployment.CLOUDFORMATION, runtimeMonitoring: true, disableOnDelete: true,
    }],
  ])('no pack reports a violation (%s)', (_name, props: GuardDutyDetectorProps) => {
    const { stack } = synth(props);
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
