import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { HANDLERS } from '../../handler/index';
import { GuardDutyDetector } from '../../src/detection/guardduty-detector';
import { ServiceDeployment } from '../../src/detection/service-deployment';
import {
  AutoEnableMembers, AutoEnableStandards, OrganizationAutoEnable, OrganizationAutoEnableProps,
} from '../../src/organization/organization-auto-enable';
import { providerStatements } from '../helpers';

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };
const FEATURES = ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS'];
const DETECTOR_ID = '12abc34d567e8fa901bc2d34e5f6a7b8';
// Neither action has a resource type in the Service Authorization Reference: only "*" matches.
const UPDATE_ORGANIZATION = { Effect: 'Allow', Action: 'guardduty:UpdateOrganizationConfiguration', Resource: '*' };
const UPDATE_ORGANIZATION_AND_LIST_DETECTORS = {
  Effect: 'Allow', Action: ['guardduty:UpdateOrganizationConfiguration', 'guardduty:ListDetectors'], Resource: '*',
};

function newStack() {
  return new Stack(new App(), 'Audit', { env: { account: '222222222222', region: 'eu-west-1' } });
}

function synth(props: OrganizationAutoEnableProps = {}) {
  const stack = newStack();
  new OrganizationAutoEnable(stack, 'AutoEnable', props);
  return { stack, template: Template.fromStack(stack) };
}

describe('OrganizationAutoEnable: GuardDuty', () => {
  test('by default auto-enables ALL members with the agentless features, finding the detector at deployment', () => {
    const { template } = synth();
    template.resourceCountIs('Custom::GuardDutyOrganizationConfiguration', 1);
    template.hasResourceProperties('Custom::GuardDutyOrganizationConfiguration', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN, Kind: 'GuardDutyOrganizationConfiguration', AutoEnableOrganizationMembers: 'ALL', Features: FEATURES,
    }));
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(HANDLERS.GuardDutyOrganizationConfiguration).toBeDefined();
    expect(HANDLERS.GuardDutyOrganizationConfiguration.delete).toBeUndefined();
  });

  test('the provider role gets UpdateOrganizationConfiguration and ListDetectors on *, nothing else', () => {
    expect(providerStatements(synth({ securityHub: false }).template)).toEqual([UPDATE_ORGANIZATION_AND_LIST_DETECTORS]);
  });

  test.each([AutoEnableMembers.NEW, AutoEnableMembers.NONE])('autoEnableMembers %s is passed on', (members) => {
    synth({ autoEnableMembers: members }).template.hasResourceProperties('Custom::GuardDutyOrganizationConfiguration', {
      AutoEnableOrganizationMembers: members,
    });
  });

  test('a detectorId is passed on, and ListDetectors is not granted', () => {
    const { template } = synth({ detectorId: DETECTOR_ID });
    template.hasResourceProperties('Custom::GuardDutyOrganizationConfiguration', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'GuardDutyOrganizationConfiguration',
      DetectorId: DETECTOR_ID,
      AutoEnableOrganizationMembers: 'ALL',
      Features: FEATURES,
    }));
    expect(providerStatements(template)).toEqual([UPDATE_ORGANIZATION]);
  });

  test('a GuardDutyDetector construct: its id is referenced and the configuration depends on it', () => {
    const stack = newStack();
    const detector = new GuardDutyDetector(stack, 'Detector');
    new OrganizationAutoEnable(stack, 'AutoEnable', { detector, securityHub: false });
    const template = Template.fromStack(stack);
    const [detectorLogicalId] = Object.keys(template.findResources('Custom::GuardDutyDetector'));
    template.hasResource('Custom::GuardDutyOrganizationConfiguration', {
      Properties: { DetectorId: { 'Fn::GetAtt': [detectorLogicalId, 'DetectorId'] } },
      DependsOn: Match.arrayWith([detectorLogicalId]),
    });
    expect(providerStatements(template)).toContainEqual(UPDATE_ORGANIZATION);
    expect(providerStatements(template).filter(s => s.Action === 'guardduty:ListDetectors')).toEqual([]);
  });

  test('a CloudFormation detector\'s id (a Ref) is accepted', () => {
    const stack = newStack();
    const detector = new GuardDutyDetector(stack, 'Detector', { deployment: ServiceDeployment.CLOUDFORMATION });
    new OrganizationAutoEnable(stack, 'AutoEnable', { detectorId: detector.detectorId });
    const [detectorLogicalId] = Object.keys(Template.fromStack(stack).findResources('AWS::GuardDuty::Detector'));
    Template.fromStack(stack).hasResourceProperties('Custom::GuardDutyOrganizationConfiguration', { DetectorId: { Ref: detectorLogicalId } });
  });

  test('guardDuty: false leaves it out, with its permissions and the provider', () => {
    const { template } = synth({ guardDuty: false });
    template.resourceCountIs('Custom::GuardDutyOrganizationConfiguration', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('AWS::IAM::Role', 0);
  });
});

describe('OrganizationAutoEnable: Security Hub', () => {
  test('by default: AutoEnable with the default standards, LOCAL configuration, retained', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::SecurityHub::OrganizationConfiguration', 1);
    template.hasResource('AWS::SecurityHub::OrganizationConfiguration', {
      Properties: Match.objectEquals({ AutoEnable: true, AutoEnableStandards: 'DEFAULT', ConfigurationType: 'LOCAL' }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('autoEnableStandards NONE', () => {
    synth({ autoEnableStandards: AutoEnableStandards.NONE }).template.hasResourceProperties('AWS::SecurityHub::OrganizationConfiguration',
      Match.objectEquals({ AutoEnable: true, AutoEnableStandards: 'NONE', ConfigurationType: 'LOCAL' }));
  });

  test('securityHub: false leaves it out and changes no GuardDuty permission', () => {
    const { template } = synth({ securityHub: false });
    template.resourceCountIs('AWS::SecurityHub::OrganizationConfiguration', 0);
    template.resourceCountIs('Custom::GuardDutyOrganizationConfiguration', 1);
  });

  test('Security Hub alone needs no provider', () => {
    const { template } = synth({ guardDuty: false });
    template.resourceCountIs('AWS::SecurityHub::OrganizationConfiguration', 1);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });
});

describe('OrganizationAutoEnable validation', () => {
  test.each([
    ['12345', "OrganizationAutoEnableProps.detectorId: received '12345'; expected a GuardDuty detector id of 32 lowercase hexadecimal characters, such as baseline.guardDutyDetector.detectorId"],
    ['12ABC34D567E8FA901BC2D34E5F6A7B8', "OrganizationAutoEnableProps.detectorId: received '12ABC34D567E8FA901BC2D34E5F6A7B8'; expected a GuardDuty detector id of 32 lowercase hexadecimal characters, such as baseline.guardDutyDetector.detectorId"],
    ['', "OrganizationAutoEnableProps.detectorId: received ''; expected a GuardDuty detector id of 32 lowercase hexadecimal characters, such as baseline.guardDutyDetector.detectorId"],
  ])('detectorId %p is rejected', (detectorId, message) => {
    expect(() => synth({ detectorId })).toThrow(new Error(message));
  });

  test('both services off is rejected', () => {
    expect(() => synth({ guardDuty: false, securityHub: false })).toThrow(new Error(
      'OrganizationAutoEnableProps: guardDuty and securityHub are both false, so nothing would be auto-enabled; leave at least one on'));
  });

  test('detector and detectorId together are rejected', () => {
    const stack = newStack();
    const detector = new GuardDutyDetector(stack, 'Detector');
    expect(() => new OrganizationAutoEnable(stack, 'AutoEnable', { detector, detectorId: DETECTOR_ID })).toThrow(new Error(
      'OrganizationAutoEnableProps: detector and detectorId are both given; give one of them'));
  });

  test.each([
    ['autoEnableMembers', { autoEnableMembers: AutoEnableMembers.NEW }],
    ['detectorId', { detectorId: DETECTOR_ID }],
  ])('%s with guardDuty: false is rejected', (prop, props) => {
    expect(() => synth({ guardDuty: false, ...props })).toThrow(new Error(
      `OrganizationAutoEnableProps.${prop}: given, but guardDuty is false; remove ${prop} or set guardDuty: true`));
  });

  test('autoEnableStandards with securityHub: false is rejected', () => {
    expect(() => synth({ securityHub: false, autoEnableStandards: AutoEnableStandards.NONE })).toThrow(new Error(
      'OrganizationAutoEnableProps.autoEnableStandards: given, but securityHub is false; remove autoEnableStandards or set securityHub: true'));
  });
});

describe('OrganizationAutoEnable and cdk-nag', () => {
  const packs: Array<[string, () => NagPack]> = [
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['NIST 800-53 R5', () => new NIST80053R5Checks()],
    ['HIPAA Security', () => new HIPAASecurityChecks()],
    ['PCI DSS 3.2.1', () => new PCIDSS321Checks()],
  ];

  test.each(packs)('no %s finding, with and without a detectorId', (_name, pack) => {
    expect(pack().validateScope(synth().stack).violations).toEqual([]);
    expect(pack().validateScope(synth({ detectorId: DETECTOR_ID }).stack).violations).toEqual([]);
  });
});
