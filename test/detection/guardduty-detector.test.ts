import { App, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import {
  FindingPublishingFrequency,
  GuardDutyDetector,
  GuardDutyDetectorProps,
  GuardDutyFeature,
} from '../../src/detection/guardduty-detector';

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

describe('GuardDutyDetector defaults', () => {
  test('creates exactly one enabled detector with id Resource', () => {
    const { stack, template } = synth();
    template.resourceCountIs('AWS::GuardDuty::Detector', 1);
    template.hasResourceProperties('AWS::GuardDuty::Detector', { Enable: true });
    const child = stack.node.findChild('GuardDuty').node.findChild('Resource');
    expect(child).toBeDefined();
  });

  test('publishes findings every fifteen minutes', () => {
    synth().template.hasResourceProperties('AWS::GuardDuty::Detector', {
      FindingPublishingFrequency: 'FIFTEEN_MINUTES',
    });
  });

  test('enables every agentless feature and writes runtime monitoring DISABLED, in a stable order', () => {
    synth().template.hasResourceProperties('AWS::GuardDuty::Detector', {
      Features: [
        { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
        { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
        { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
        { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
        { Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' },
        runtime('DISABLED'),
      ],
    });
  });

  test('never uses the legacy DataSources property', () => {
    synth().template.hasResourceProperties('AWS::GuardDuty::Detector', { DataSources: Match.absent() });
    synth({ runtimeMonitoring: true }).template.hasResourceProperties('AWS::GuardDuty::Detector', {
      DataSources: Match.absent(),
    });
  });

  test('detectorId is the Ref of the detector', () => {
    const { stack, template, detector } = synth();
    const logicalId = Object.keys(template.findResources('AWS::GuardDuty::Detector'))[0];
    expect(Token.isUnresolved(detector.detectorId)).toBe(true);
    expect(stack.resolve(detector.detectorId)).toEqual({ Ref: logicalId });
  });
});

describe('GuardDutyDetector options', () => {
  test.each([
    [FindingPublishingFrequency.FIFTEEN_MINUTES, 'FIFTEEN_MINUTES'],
    [FindingPublishingFrequency.ONE_HOUR, 'ONE_HOUR'],
    [FindingPublishingFrequency.SIX_HOURS, 'SIX_HOURS'],
  ])('findingPublishingFrequency %s', (frequency, expected) => {
    synth({ findingPublishingFrequency: frequency }).template.hasResourceProperties('AWS::GuardDuty::Detector', {
      FindingPublishingFrequency: expected,
    });
  });

  test('runtimeMonitoring: true enables runtime monitoring with all agent management', () => {
    synth({ runtimeMonitoring: true }).template.hasResourceProperties('AWS::GuardDuty::Detector', {
      Features: [
        { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
        { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
        { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
        { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
        { Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' },
        runtime('ENABLED'),
      ],
    });
  });

  test('runtimeMonitoring: false is the same as the default', () => {
    expect(synth({ runtimeMonitoring: false }).template.toJSON()).toEqual(synth().template.toJSON());
  });

  test('features not chosen are written DISABLED so that removing one converges it off', () => {
    synth({ features: [GuardDutyFeature.S3_DATA_EVENTS, GuardDutyFeature.RDS_LOGIN_EVENTS] })
      .template.hasResourceProperties('AWS::GuardDuty::Detector', {
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

  test('an empty features list disables every known feature but keeps the detector on', () => {
    synth({ features: [] }).template.hasResourceProperties('AWS::GuardDuty::Detector', {
      Enable: true,
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
    const a = synth({ features: [GuardDutyFeature.S3_DATA_EVENTS, GuardDutyFeature.EKS_AUDIT_LOGS] });
    const b = synth({ features: [GuardDutyFeature.EKS_AUDIT_LOGS, GuardDutyFeature.S3_DATA_EVENTS] });
    expect(a.template.toJSON()).toEqual(b.template.toJSON());
  });

  test('listing RUNTIME_MONITORING in features enables it with agent management', () => {
    synth({ features: [GuardDutyFeature.RUNTIME_MONITORING] }).template.hasResourceProperties('AWS::GuardDuty::Detector', {
      Features: Match.arrayWith([{ Name: 'S3_DATA_EVENTS', Status: 'DISABLED' }, runtime('ENABLED')]),
    });
  });

  test('listing RUNTIME_MONITORING together with runtimeMonitoring: true is not a duplicate', () => {
    synth({ features: [GuardDutyFeature.RUNTIME_MONITORING], runtimeMonitoring: true })
      .template.hasResourceProperties('AWS::GuardDuty::Detector', {
        Features: Match.arrayWith([runtime('ENABLED')]),
      });
  });

  test('of() adds a feature unknown to the library after the known ones', () => {
    synth({ features: [GuardDutyFeature.of('NEW_PROTECTION'), GuardDutyFeature.S3_DATA_EVENTS] })
      .template.hasResourceProperties('AWS::GuardDuty::Detector', {
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
    const viaOf = synth({ features: [GuardDutyFeature.of('S3_DATA_EVENTS')] });
    const viaStatic = synth({ features: [GuardDutyFeature.S3_DATA_EVENTS] });
    expect(viaOf.template.toJSON()).toEqual(viaStatic.template.toJSON());
  });

  test('EKS_RUNTIME_MONITORING omits RUNTIME_MONITORING entirely, since GuardDuty rejects both names', () => {
    const { template } = synth({ features: [GuardDutyFeature.of('EKS_RUNTIME_MONITORING')] });
    template.hasResourceProperties('AWS::GuardDuty::Detector', {
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
  ])('no pack reports a violation (%s)', (_name, props: GuardDutyDetectorProps) => {
    const { stack } = synth(props);
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
    expect(new NIST80053R5Checks().validateScope(stack).violations).toEqual([]);
    expect(new HIPAASecurityChecks().validateScope(stack).violations).toEqual([]);
    expect(new PCIDSS321Checks().validateScope(stack).violations).toEqual([]);
  });
});
