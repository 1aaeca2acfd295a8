import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SecureBaseline } from '../../src';
import { OrganizationSecurityAdmin } from '../../src/organization/organization-security-admin';
import { INLINE_CUSTOM_RESOURCES_CONTEXT } from '../../src/private/baseline-custom-resource';
import { isGuardedAction, STACK_ID_VARIABLE, UNGUARDED_ACTIONS } from '../../src/private/provider-actions';
import { EVENT_CHECK_STATEMENT } from '../helpers';

const env = { account: '111122223333', region: 'eu-west-1' };
const ALL_ON = {
  env,
  config: { disableOnDelete: true },
  guardDuty: { disableOnDelete: true },
  securityHub: { disableOnDelete: true },
  accessAnalyzer: { disableOnDelete: true, unusedAccess: true },
  inspector: { disableOnDelete: true },
  macie: { enabled: true, disableOnDelete: true },
  detective: { enabled: true, disableOnDelete: true },
  costAnomalyDetection: { disableOnDelete: true },
  securityContact: { name: 'Security', email: 'security@example.com', phone: '+1 555 0100' },
};

function rolePolicies(template: Template): Array<[string, any[]]> {
  return Object.entries<any>(template.findResources('AWS::IAM::RolePolicy')).map(([id, p]) => [id, p.Properties.PolicyDocument.Statement]);
}

const actionsOf = (statements: any[]): string[] => statements.flatMap(s => [].concat(s.Action));
const hasEventCheck = (statements: any[]) => statements.some(s => JSON.stringify(s.Action) === JSON.stringify(EVENT_CHECK_STATEMENT.Action)
  && JSON.stringify(s.Resource) === JSON.stringify(EVENT_CHECK_STATEMENT.Resource) && s.Effect === 'Allow');

describe('where the provider may confirm events with CloudFormation', () => {
  const templates: Array<[string, Template]> = [
    ['a baseline with every part', Template.fromStack(new SecureBaseline(new App(), 'Baseline', ALL_ON))],
    ['OrganizationSecurityAdmin', (() => {
      const stack = new Stack(new App(), 'Management', { env });
      new OrganizationSecurityAdmin(stack, 'SecurityAdmin', { adminAccountId: '444455556666' });
      return Template.fromStack(stack);
    })()],
  ];

  test.each(templates)('%s: exactly the policies that grant a guarded action may read the stack, and only this stack', (_name, template) => {
    const mismatched = rolePolicies(template)
      .filter(([, statements]) => actionsOf(statements).some(a => isGuardedAction(a) && !a.startsWith('cloudformation:')) !== hasEventCheck(statements))
      .map(([id]) => id);
    expect(mismatched).toEqual([]);
    expect(rolePolicies(template).filter(([, statements]) => hasEventCheck(statements)).length).toBeGreaterThan(0);
    const cloudFormationStatements = rolePolicies(template).flatMap(([, statements]) => statements)
      .filter(s => [].concat(s.Action).some((a: string) => a.startsWith('cloudformation:')));
    cloudFormationStatements.forEach(s => expect(s).toEqual(EVENT_CHECK_STATEMENT));
  });

  test('the parts that only switch protection on need no check: account Block Public Access and the default security group', () => {
    const template = templates[0][1];
    const [bpa] = rolePolicies(template).filter(([id]) => id.startsWith('S3BlockPublicAccessPolicy'));
    const [sg] = rolePolicies(template).filter(([id]) => id.startsWith('DefaultSecurityGroup'));
    expect(hasEventCheck(bpa[1])).toBe(false);
    expect(hasEventCheck(sg[1])).toBe(false);
  });

  test('the provider function knows its own stack, from the template (asset) and inline (StackSet) alike', () => {
    for (const inline of [false, true]) {
      const app = new App({ context: inline ? { [INLINE_CUSTOM_RESOURCES_CONTEXT]: true } : {} });
      const template = Template.fromStack(new SecureBaseline(app, 'Baseline', { env }));
      const functions = Object.values<any>(template.findResources('AWS::Lambda::Function'))
        .filter(f => f.Properties.Environment?.Variables?.[STACK_ID_VARIABLE] !== undefined);
      expect(functions.map(f => f.Properties.Environment.Variables[STACK_ID_VARIABLE])).toEqual([{ Ref: 'AWS::StackId' }]);
    }
  });
});

describe('the unguarded actions', () => {
  test('only read or switch protection on: none deletes, disables, stops, updates, puts or modifies (two reviewed exceptions)', () => {
    const writes = Object.keys(UNGUARDED_ACTIONS).filter(a => /:(Delete|Disable|Stop|Update|Put|Modify|Reset|BatchDisable|Register|Designate)/.test(a));
    expect(writes).toEqual(['ec2:ResetEbsDefaultKmsKeyId', 's3:PutAccountPublicAccessBlock']);
  });

  test('an action missing from the table is guarded', () => {
    expect(isGuardedAction('securityhub:DisableSecurityHub')).toBe(true);
    expect(isGuardedAction('iam:UpdateAccountPasswordPolicy')).toBe(true);
    expect(isGuardedAction('toString')).toBe(true);
    expect(isGuardedAction('securityhub:EnableSecurityHub')).toBe(false);
  });
});
