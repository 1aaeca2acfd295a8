import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AccessAnalyzer, AccessAnalyzerProps, AnalyzerScope } from '../../src/detection/access-analyzer';
import { ServiceDeployment } from '../../src/detection/service-deployment';
import { NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };
const CFN = { deployment: ServiceDeployment.CLOUDFORMATION };
const NAME = /^TestStackAccessAnalyzer[0-9A-F]{8}-/;

function synth(props?: AccessAnalyzerProps): { stack: Stack; template: Template; analyzer: AccessAnalyzer } {
  const stack = new Stack(new App(), 'TestStack');
  const analyzer = new AccessAnalyzer(stack, 'AccessAnalyzer', props);
  return { stack, template: Template.fromStack(stack), analyzer };
}

function logicalIdOfType(template: Template, type: string, resourceType = 'AWS::AccessAnalyzer::Analyzer'): string {
  const found = template.findResources(resourceType, { Properties: { Type: type } });
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return ids[0];
}

function customOfType(template: Template, type: string): any {
  return template.findResources('Custom::AccessAnalyzer', { Properties: { Type: type } })[logicalIdOfType(template, type, 'Custom::AccessAnalyzer')].Properties;
}

function analyzerArn(name: string) {
  return {
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':access-analyzer:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:analyzer/${name}`]],
  };
}

const LIST = { Effect: 'Allow', Action: 'access-analyzer:ListAnalyzers', Resource: '*' };
const SLR = {
  Effect: 'Allow',
  Action: 'iam:CreateServiceLinkedRole',
  Resource: {
    'Fn::Join': ['', [
      'arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' },
      ':role/aws-service-role/access-analyzer.amazonaws.com/AWSServiceRoleForAccessAnalyzer',
    ]],
  },
  Condition: { StringEquals: { 'iam:AWSServiceName': 'access-analyzer.amazonaws.com' } },
};

describe('AccessAnalyzer in ADOPT_OR_CREATE mode (the default)', () => {
  test('is one Custom::AccessAnalyzer of type ACCOUNT with id Resource, and no native analyzer', () => {
    const { stack, template } = synth();
    template.resourceCountIs('AWS::AccessAnalyzer::Analyzer', 0);
    template.resourceCountIs('Custom::AccessAnalyzer', 1);
    template.hasResourceProperties('Custom::AccessAnalyzer', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'AccessAnalyzer',
      AnalyzerName: Match.stringLikeRegexp(`${NAME.source}ACCOUNT$`),
      Type: 'ACCOUNT',
      DisableOnDelete: false,
    }));
    expect(stack.node.findChild('AccessAnalyzer').node.findChild('Resource')).toBeDefined();
  });

  test('the analyzer name is generated from the construct path and is a valid analyzer name', () => {
    const name = customOfType(synth().template, 'ACCOUNT').AnalyzerName;
    expect(name).toMatch(/^[A-Za-z][A-Za-z0-9_.-]{0,254}$/);
    const other = new Stack(new App(), 'OtherStack');
    new AccessAnalyzer(other, 'AccessAnalyzer');
    expect(customOfType(Template.fromStack(other), 'ACCOUNT').AnalyzerName).not.toEqual(name);
  });

  test('an explicit ADOPT_OR_CREATE, disableOnDelete: false and unusedAccess: false are the defaults', () => {
    expect(synth({ deployment: ServiceDeployment.ADOPT_OR_CREATE, disableOnDelete: false, unusedAccess: false }).template.toJSON())
      .toEqual(synth().template.toJSON());
  });

  test('analyzerArn is the AnalyzerArn the handler returns', () => {
    const { stack, template, analyzer } = synth();
    expect(stack.resolve(analyzer.analyzerArn)).toEqual({ 'Fn::GetAtt': [logicalIdOfType(template, 'ACCOUNT', 'Custom::AccessAnalyzer'), 'AnalyzerArn'] });
    expect(analyzer.unusedAccessAnalyzerArn).toBeUndefined();
  });

  test('unusedAccess adds a second resource, UnusedAccess, of type ACCOUNT_UNUSED_ACCESS with a 90-day age', () => {
    const { stack, template, analyzer } = synth({ unusedAccess: true });
    template.resourceCountIs('Custom::AccessAnalyzer', 2);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(customOfType(template, 'ACCOUNT').UnusedAccessAge).toBeUndefined();
    template.hasResourceProperties('Custom::AccessAnalyzer', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'AccessAnalyzer',
      AnalyzerName: Match.stringLikeRegexp(`${NAME.source}ACCOUNT_UNUSED_ACCESS$`),
      Type: 'ACCOUNT_UNUSED_ACCESS',
      UnusedAccessAge: 90,
      DisableOnDelete: false,
    }));
    expect(stack.node.findChild('AccessAnalyzer').node.findChild('UnusedAccess')).toBeDefined();
    expect(stack.resolve(analyzer.unusedAccessAnalyzerArn))
      .toEqual({ 'Fn::GetAtt': [logicalIdOfType(template, 'ACCOUNT_UNUSED_ACCESS', 'Custom::AccessAnalyzer'), 'AnalyzerArn'] });
  });

  test('scope ORGANIZATION with unusedAccess: ORGANIZATION and ORGANIZATION_UNUSED_ACCESS, named after their type', () => {
    const { template } = synth({ scope: AnalyzerScope.ORGANIZATION, unusedAccess: true });
    expect(customOfType(template, 'ORGANIZATION').AnalyzerName).toMatch(new RegExp(`${NAME.source}ORGANIZATION$`));
    expect(customOfType(template, 'ORGANIZATION_UNUSED_ACCESS')).toMatchObject({
      AnalyzerName: expect.stringMatching(new RegExp(`${NAME.source}ORGANIZATION_UNUSED_ACCESS$`)),
      UnusedAccessAge: 90,
    });
  });

  test('disableOnDelete: true is passed to both handlers, which delete only analyzers the stack created', () => {
    const { template } = synth({ unusedAccess: true, disableOnDelete: true });
    expect(customOfType(template, 'ACCOUNT').DisableOnDelete).toBe(true);
    expect(customOfType(template, 'ACCOUNT_UNUSED_ACCESS').DisableOnDelete).toBe(true);
    template.allResources('Custom::AccessAnalyzer', { DeletionPolicy: 'Delete' });
  });

  test('the provider role may list analyzers, create and read any analyzer, and create the service-linked role', () => {
    expect(providerStatements(synth().template)).toEqual([
      LIST,
      { Effect: 'Allow', Action: ['access-analyzer:CreateAnalyzer', 'access-analyzer:GetAnalyzer'], Resource: analyzerArn('*') },
      SLR,
    ]);
  });

  test('with unusedAccess the role may also update analyzers, and each of the two resources has the statements in its own policy', () => {
    const statements = [
      LIST,
      {
        Effect: 'Allow',
        Action: ['access-analyzer:CreateAnalyzer', 'access-analyzer:GetAnalyzer', 'access-analyzer:UpdateAnalyzer'],
        Resource: analyzerArn('*'),
      },
      SLR,
    ];
    const { template } = synth({ unusedAccess: true });
    template.resourceCountIs('AWS::IAM::RolePolicy', 2);
    expect(providerStatements(template)).toEqual([...statements, ...statements]);
  });

  test('with disableOnDelete the role may delete only analyzers with the generated names', () => {
    const { template } = synth({ disableOnDelete: true });
    const prefix = customOfType(template, 'ACCOUNT').AnalyzerName.replace(/-ACCOUNT$/, '');
    expect(providerStatements(template)).toEqual([
      LIST,
      { Effect: 'Allow', Action: ['access-analyzer:CreateAnalyzer', 'access-analyzer:GetAnalyzer'], Resource: analyzerArn('*') },
      SLR,
      { Effect: 'Allow', Action: 'access-analyzer:DeleteAnalyzer', Resource: analyzerArn(`${prefix}-*`) },
    ]);
  });
});

describe('AccessAnalyzer in CLOUDFORMATION mode', () => {
  test('creates exactly one ACCOUNT analyzer with id Resource, no configuration and no custom resource', () => {
    const { stack, template } = synth(CFN);
    template.resourceCountIs('AWS::AccessAnalyzer::Analyzer', 1);
    template.resourceCountIs('Custom::AccessAnalyzer', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ACCOUNT',
      AnalyzerConfiguration: Match.absent(),
    });
    expect(stack.node.findChild('AccessAnalyzer').node.findChild('Resource')).toBeDefined();
  });

  test('leaves the analyzer name to CloudFormation', () => {
    synth(CFN).template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { AnalyzerName: Match.absent() });
  });

  test('analyzers are retained when the stack is deleted, so that protection is never lowered silently', () => {
    const { template } = synth({ ...CFN, unusedAccess: true });
    template.resourceCountIs('AWS::AccessAnalyzer::Analyzer', 2);
    template.allResources('AWS::AccessAnalyzer::Analyzer', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('with disableOnDelete, analyzers are deleted with the stack', () => {
    const { template } = synth({ ...CFN, unusedAccess: true, disableOnDelete: true });
    template.resourceCountIs('AWS::AccessAnalyzer::Analyzer', 2);
    template.allResources('AWS::AccessAnalyzer::Analyzer', { DeletionPolicy: 'Delete' });
  });

  test('analyzerArn is the Arn attribute of the external access analyzer', () => {
    const { stack, template, analyzer } = synth(CFN);
    expect(Token.isUnresolved(analyzer.analyzerArn)).toBe(true);
    expect(stack.resolve(analyzer.analyzerArn)).toEqual({ 'Fn::GetAtt': [logicalIdOfType(template, 'ACCOUNT'), 'Arn'] });
    expect(analyzer.unusedAccessAnalyzerArn).toBeUndefined();
  });

  test('scope ORGANIZATION creates an ORGANIZATION analyzer', () => {
    const { template } = synth({ ...CFN, scope: AnalyzerScope.ORGANIZATION });
    template.resourceCountIs('AWS::AccessAnalyzer::Analyzer', 1);
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ORGANIZATION' });
  });

  test('unusedAccess adds an ACCOUNT_UNUSED_ACCESS analyzer with a 90-day age', () => {
    const { stack, template, analyzer } = synth({ ...CFN, unusedAccess: true });
    template.resourceCountIs('AWS::AccessAnalyzer::Analyzer', 2);
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ACCOUNT',
      AnalyzerConfiguration: Match.absent(),
    });
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ACCOUNT_UNUSED_ACCESS',
      AnalyzerName: Match.absent(),
      AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: 90 } },
    });
    expect(stack.node.findChild('AccessAnalyzer').node.findChild('UnusedAccess')).toBeDefined();
    expect(stack.resolve(analyzer.unusedAccessAnalyzerArn))
      .toEqual({ 'Fn::GetAtt': [logicalIdOfType(template, 'ACCOUNT_UNUSED_ACCESS'), 'Arn'] });
    expect(stack.resolve(analyzer.analyzerArn)).toEqual({ 'Fn::GetAtt': [logicalIdOfType(template, 'ACCOUNT'), 'Arn'] });
  });

  test('unusedAccess with scope ORGANIZATION adds an ORGANIZATION_UNUSED_ACCESS analyzer', () => {
    const { template } = synth({ ...CFN, scope: AnalyzerScope.ORGANIZATION, unusedAccess: true });
    template.resourceCountIs('AWS::AccessAnalyzer::Analyzer', 2);
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ORGANIZATION' });
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ORGANIZATION_UNUSED_ACCESS',
      AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: 90 } },
    });
  });
});

describe('AccessAnalyzer unusedAccessAge', () => {
  test.each([
    [Duration.days(1), 1],
    [Duration.days(30), 30],
    [Duration.days(365), 365],
    [Duration.hours(48), 2],
  ])('%s is written as %d days in both modes', (age, days) => {
    synth({ ...CFN, unusedAccess: true, unusedAccessAge: age }).template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ACCOUNT_UNUSED_ACCESS',
      AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: days } },
    });
    synth({ unusedAccess: true, unusedAccessAge: age }).template.hasResourceProperties('Custom::AccessAnalyzer', {
      Type: 'ACCOUNT_UNUSED_ACCESS',
      UnusedAccessAge: days,
    });
  });

  test('an unresolved age in days is passed through in both modes', () => {
    const age = Duration.days(Token.asNumber({ Ref: 'Age' }));
    synth({ ...CFN, unusedAccess: true, unusedAccessAge: age }).template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: { Ref: 'Age' } } },
    });
    synth({ unusedAccess: true, unusedAccessAge: age }).template.hasResourceProperties('Custom::AccessAnalyzer', {
      UnusedAccessAge: { Ref: 'Age' },
    });
  });
});

describe('AccessAnalyzer validation', () => {
  test.each([
    [Duration.days(0), '0 days'],
    [Duration.days(366), '366 days'],
    [Duration.days(400), '400 days'],
    [Duration.hours(36), '1 day 12 hours'],
    [Duration.minutes(90), '1 hour 30 minutes'],
  ])('unusedAccessAge %s throws', (age, human) => {
    expect(() => synth({ unusedAccess: true, unusedAccessAge: age }))
      .toThrow(`AccessAnalyzerProps.unusedAccessAge: received ${human}; use a whole number of days from 1 to 365, e.g. Duration.days(90)`);
  });

  test.each([
    [undefined],
    [false],
  ])('unusedAccessAge without unusedAccess: true (unusedAccess %s) throws', (unusedAccess) => {
    expect(() => synth({ unusedAccess, unusedAccessAge: Duration.days(30) }))
      .toThrow('AccessAnalyzerProps.unusedAccessAge: received 30 days but unusedAccess is not true; set unusedAccess: true, or remove unusedAccessAge');
  });
});

describe('AccessAnalyzer and cdk-nag', () => {
  test.each([
    ['defaults', {}],
    ['organization with unused access', { scope: AnalyzerScope.ORGANIZATION, unusedAccess: true }],
    ['unused access and disableOnDelete', { unusedAccess: true, disableOnDelete: true }],
    ['CloudFormation', CFN],
    ['CloudFormation, organization with unused access and disableOnDelete', {
      ...CFN, scope: AnalyzerScope.ORGANIZATION, unusedAccess: true, disableOnDelete: true,
    }],
  ])('no pack reports a violation (%s)', (_name, props: AccessAnalyzerProps) => {
    const { stack } = synth(props);
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
