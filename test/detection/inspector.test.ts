import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HANDLERS } from '../../handler/index';
import { AccountBlockPublicAccess } from '../../src/account/account-block-public-access';
import { AlternateContacts } from '../../src/account/alternate-contacts';
import { InspectorScanning, InspectorScanningProps } from '../../src/detection/inspector';
import { NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };

const INSPECTOR_STATEMENT = {
  Effect: 'Allow',
  Action: ['inspector2:BatchGetAccountStatus', 'inspector2:Enable', 'inspector2:Disable', 'inspector2:GetMember'],
  Resource: '*',
};

const INSPECTOR_ROLE = { service: 'inspector2.amazonaws.com', role: 'AWSServiceRoleForAmazonInspector2' };
const AGENTLESS_ROLE = { service: 'agentless.inspector2.amazonaws.com', role: 'AWSServiceRoleForAmazonInspector2Agentless' };

function slrStatement(account: unknown = { Ref: 'AWS::AccountId' }, { service, role } = INSPECTOR_ROLE) {
  const suffix = `:role/aws-service-role/${service}/${role}`;
  const parts = typeof account === 'string'
    ? ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}${suffix}`]
    : ['arn:', { Ref: 'AWS::Partition' }, ':iam::', account, suffix];
  return {
    Effect: 'Allow',
    Action: 'iam:CreateServiceLinkedRole',
    Resource: { 'Fn::Join': ['', parts] },
    Condition: { StringEquals: { 'iam:AWSServiceName': service } },
  };
}

function synth(props?: InspectorScanningProps, env?: { account: string; region: string }) {
  const stack = new Stack(new App(), 'TestStack', { env });
  const inspector = new InspectorScanning(stack, 'Inspector', props);
  return { stack, inspector, template: Template.fromStack(stack) };
}

describe('InspectorScanning properties', () => {
  test('defaults: Custom::Inspector with every scan type and DisableOnDelete false', () => {
    const { template, inspector } = synth();
    template.resourceCountIs('Custom::Inspector', 1);
    template.hasResourceProperties('Custom::Inspector', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'Inspector',
      AccountId: { Ref: 'AWS::AccountId' },
      ResourceTypes: ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'],
      DisableOnDelete: false,
    }));
    expect(inspector.resourceTypes).toEqual(['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE']);
  });

  test('disableOnDelete: true is passed through', () => {
    synth({ disableOnDelete: true }).template.hasResourceProperties('Custom::Inspector', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'Inspector',
      AccountId: { Ref: 'AWS::AccountId' },
      ResourceTypes: ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'],
      DisableOnDelete: true,
    }));
  });

  test('disableOnDelete: false is the same as the default', () => {
    expect(synth({ disableOnDelete: false }).template.toJSON()).toEqual(synth().template.toJSON());
  });

  test('an explicit environment passes its literal account id', () => {
    synth({}, { account: '111111111111', region: 'eu-west-1' }).template.hasResourceProperties('Custom::Inspector', {
      AccountId: '111111111111',
    });
  });

  // Every valid combination of ec2, ecr, lambda and lambdaCode (undefined = left at its default).
  const LAMBDA_CASES: Array<[boolean | undefined, boolean | undefined, string[]]> = [
    [undefined, undefined, ['LAMBDA', 'LAMBDA_CODE']],
    [true, undefined, ['LAMBDA', 'LAMBDA_CODE']],
    [undefined, true, ['LAMBDA', 'LAMBDA_CODE']],
    [true, true, ['LAMBDA', 'LAMBDA_CODE']],
    [undefined, false, ['LAMBDA']],
    [true, false, ['LAMBDA']],
    [false, undefined, []],
    [false, false, []],
  ];
  const CONTAINER_CASES: Array<[boolean | undefined, boolean | undefined, string[]]> = [
    [undefined, undefined, ['EC2', 'ECR']],
    [true, true, ['EC2', 'ECR']],
    [false, undefined, ['ECR']],
    [undefined, false, ['EC2']],
    [false, false, []],
  ];
  const COMBINATIONS = CONTAINER_CASES.flatMap(([ec2, ecr, hostTypes]) =>
    LAMBDA_CASES.map(([lambda, lambdaCode, lambdaTypes]) =>
      [{ ec2, ecr, lambda, lambdaCode }, [...hostTypes, ...lambdaTypes]] as [InspectorScanningProps, string[]]))
    .filter(([, types]) => types.length > 0);

  test.each(COMBINATIONS)('%o scans %j', (props, types) => {
    const { template, inspector } = synth(props);
    template.hasResourceProperties('Custom::Inspector', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'Inspector',
      AccountId: { Ref: 'AWS::AccountId' },
      ResourceTypes: types,
      DisableOnDelete: false,
    }));
    expect(inspector.resourceTypes).toEqual(types);
  });

  test('the custom resource is removed with the stack, and the handler has a delete (for DisableOnDelete)', () => {
    synth().template.hasResource('Custom::Inspector', { DeletionPolicy: 'Delete' });
    expect(HANDLERS.Inspector.delete).toBeDefined();
  });
});

describe('InspectorScanning permissions', () => {
  test('grants the account-level inspector2 actions on * and both of the service-linked roles Enable creates, no other', () => {
    expect(providerStatements(synth().template)).toEqual([INSPECTOR_STATEMENT, slrStatement(), slrStatement(undefined, AGENTLESS_ROLE)]);
  });

  test('the statements do not depend on the scan types', () => {
    expect(providerStatements(synth({ ec2: false, lambda: false }).template))
      .toEqual([INSPECTOR_STATEMENT, slrStatement(), slrStatement(undefined, AGENTLESS_ROLE)]);
  });

  test('an explicit environment names its literal account in the role ARNs', () => {
    expect(providerStatements(synth({}, { account: '111111111111', region: 'eu-west-1' }).template))
      .toEqual([INSPECTOR_STATEMENT, slrStatement('111111111111'), slrStatement('111111111111', AGENTLESS_ROLE)]);
  });

  test('shares the one provider function with other baseline constructs', () => {
    const stack = new Stack(new App(), 'TestStack');
    new InspectorScanning(stack, 'Inspector');
    new AccountBlockPublicAccess(stack, 'Bpa');
    new AlternateContacts(stack, 'Contacts', { security: { name: 'Sec', email: 'sec@example.com', phone: '+1 555 0100' } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    // Each custom resource has its own policy on the one role.
    template.resourceCountIs('AWS::IAM::RolePolicy', 3);
    expect(providerStatements(template).slice(0, 3)).toEqual([INSPECTOR_STATEMENT, slrStatement(), slrStatement(undefined, AGENTLESS_ROLE)]);
  });
});

describe('InspectorScanning validation', () => {
  test('all four scan types false throws', () => {
    expect(() => synth({ ec2: false, ecr: false, lambda: false, lambdaCode: false }))
      .toThrow('InspectorScanningProps: ec2, ecr, lambda and lambdaCode are all false; turn one on, or leave Inspector out');
  });

  test('ec2, ecr and lambda false (lambdaCode following lambda) throws', () => {
    expect(() => synth({ ec2: false, ecr: false, lambda: false }))
      .toThrow('InspectorScanningProps: ec2, ecr, lambda and lambdaCode are all false; turn one on, or leave Inspector out');
  });

  test('lambdaCode true with lambda false throws', () => {
    expect(() => synth({ lambda: false, lambdaCode: true }))
      .toThrow('InspectorScanningProps.lambdaCode: received true with lambda false; Lambda code scanning needs Lambda standard scanning');
  });
});

describe('InspectorScanning and cdk-nag', () => {
  test.each([
    ['defaults', {}],
    ['EC2 only, disabled on delete', { ecr: false, lambda: false, disableOnDelete: true }],
  ])('no pack reports a violation (%s)', (_name, props: InspectorScanningProps) => {
    const { stack } = synth(props);
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
