import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { AccessAnalyzer, AccessAnalyzerProps, AnalyzerScope } from '../../src/detection/access-analyzer';

function synth(props?: AccessAnalyzerProps): { stack: Stack; template: Template; analyzer: AccessAnalyzer } {
  const stack = new Stack(new App(), 'TestStack');
  const analyzer = new AccessAnalyzer(stack, 'AccessAnalyzer', props);
  return { stack, template: Template.fromStack(stack), analyzer };
}

function logicalIdOfType(template: Template, type: string): string {
  const found = template.findResources('AWS::AccessAnalyzer::Analyzer', { Properties: { Type: type } });
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('AccessAnalyzer defaults', () => {
  test('creates exactly one ACCOUNT analyzer with id Resource and no configuration', () => {
    const { stack, template } = synth();
    template.resourceCountIs('AWS::AccessAnalyzer::Analyzer', 1);
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ACCOUNT',
      AnalyzerConfiguration: Match.absent(),
    });
    expect(stack.node.findChild('AccessAnalyzer').node.findChild('Resource')).toBeDefined();
  });

  test('leaves the analyzer name to CloudFormation', () => {
    synth().template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { AnalyzerName: Match.absent() });
  });

  test('analyzerArn is the Arn attribute of the external access analyzer', () => {
    const { stack, template, analyzer } = synth();
    expect(Token.isUnresolved(analyzer.analyzerArn)).toBe(true);
    expect(stack.resolve(analyzer.analyzerArn)).toEqual({ 'Fn::GetAtt': [logicalIdOfType(template, 'ACCOUNT'), 'Arn'] });
    expect(analyzer.unusedAccessAnalyzerArn).toBeUndefined();
  });

  test('unusedAccess: false is the same as the default', () => {
    expect(synth({ unusedAccess: false }).template.toJSON()).toEqual(synth().template.toJSON());
  });
});

describe('AccessAnalyzer options', () => {
  test('scope ORGANIZATION creates an ORGANIZATION analyzer', () => {
    const { template } = synth({ scope: AnalyzerScope.ORGANIZATION });
    template.resourceCountIs('AWS::AccessAnalyzer::Analyzer', 1);
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ORGANIZATION' });
  });

  test('unusedAccess adds an ACCOUNT_UNUSED_ACCESS analyzer with a 90-day age', () => {
    const { stack, template, analyzer } = synth({ unusedAccess: true });
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
    const { template } = synth({ scope: AnalyzerScope.ORGANIZATION, unusedAccess: true });
    template.resourceCountIs('AWS::AccessAnalyzer::Analyzer', 2);
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ORGANIZATION' });
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ORGANIZATION_UNUSED_ACCESS',
      AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: 90 } },
    });
  });

  test.each([
    [Duration.days(1), 1],
    [Duration.days(30), 30],
    [Duration.days(365), 365],
    [Duration.hours(48), 2],
  ])('unusedAccessAge %s is written as %d days', (age, days) => {
    synth({ unusedAccess: true, unusedAccessAge: age }).template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ACCOUNT_UNUSED_ACCESS',
      AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: days } },
    });
  });

  test('an unresolved unusedAccessAge in days is passed through', () => {
    const age = Duration.days(Token.asNumber({ Ref: 'Age' }));
    synth({ unusedAccess: true, unusedAccessAge: age }).template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: { Ref: 'Age' } } },
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
  ])('no pack reports a violation (%s)', (_name, props: AccessAnalyzerProps) => {
    const { stack } = synth(props);
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
    expect(new NIST80053R5Checks().validateScope(stack).violations).toEqual([]);
    expect(new HIPAASecurityChecks().validateScope(stack).violations).toEqual([]);
    expect(new PCIDSS321Checks().validateScope(stack).violations).toEqual([]);
  });
});
