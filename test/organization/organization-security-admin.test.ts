import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { HANDLERS } from '../../handler/index';
import { ServiceDeployment } from '../../src/detection/service-deployment';
import { OrganizationSecurityAdmin, OrganizationSecurityAdminProps } from '../../src/organization/organization-security-admin';
import { providerStatements } from '../helpers';

const ADMIN = '222222222222';
const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };
const ADMIN_ACCOUNT_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:organizations::111111111111:account/o-*/${ADMIN}`]] };

function synth(props: Partial<OrganizationSecurityAdminProps> = {}, account = '111111111111') {
  const stack = new Stack(new App(), 'Management', { env: { account, region: 'eu-west-1' } });
  new OrganizationSecurityAdmin(stack, 'SecurityAdmin', { adminAccountId: ADMIN, ...props });
  return { stack, template: Template.fromStack(stack) };
}

/** The GuardDuty user guide's documented statement for designating an administrator, on "*" without conditions. */
function serviceStatements(service: string) {
  return [{
    Effect: 'Allow',
    Action: [
      `${service}:EnableOrganizationAdminAccount`, `${service}:ListOrganizationAdminAccounts`,
      'organizations:EnableAWSServiceAccess', 'organizations:RegisterDelegatedAdministrator',
      'organizations:ListDelegatedAdministrators', 'organizations:ListAWSServiceAccessForOrganization',
      'organizations:DescribeOrganizationalUnit', 'organizations:DescribeAccount', 'organizations:DescribeOrganization',
      'organizations:ListAccounts',
    ],
    Resource: '*',
  }];
}

const ACCESS_ANALYZER_STATEMENTS = [
  { Effect: 'Allow', Action: 'organizations:ListAWSServiceAccessForOrganization', Resource: '*' },
  {
    Effect: 'Allow',
    Action: 'organizations:EnableAWSServiceAccess',
    Resource: '*',
    Condition: { StringEquals: { 'organizations:ServicePrincipal': 'access-analyzer.amazonaws.com' } },
  },
  {
    Effect: 'Allow',
    Action: 'organizations:ListDelegatedAdministrators',
    Resource: '*',
    Condition: { StringEquals: { 'organizations:ServicePrincipal': 'access-analyzer.amazonaws.com' } },
  },
  {
    Effect: 'Allow',
    Action: 'organizations:RegisterDelegatedAdministrator',
    Resource: ADMIN_ACCOUNT_ARN,
    Condition: { StringEquals: { 'organizations:ServicePrincipal': 'access-analyzer.amazonaws.com' } },
  },
];

describe('OrganizationSecurityAdmin', () => {
  test('by default designates the account for GuardDuty, Security Hub and Access Analyzer through the baseline provider', () => {
    const { template } = synth();
    template.resourceCountIs('Custom::OrganizationAdmin', 3);
    for (const service of ['GuardDuty', 'SecurityHub', 'AccessAnalyzer']) {
      template.hasResourceProperties('Custom::OrganizationAdmin', Match.objectEquals({
        ServiceToken: SERVICE_TOKEN, Kind: 'OrganizationAdmin', Service: service, AdminAccountId: ADMIN,
      }));
    }
    template.resourceCountIs('AWS::SecurityHub::DelegatedAdmin', 0);
    template.resourceCountIs('AWS::Lambda::Function', 1);
  });

  test('the provider role gets exactly the statements of the three designations', () => {
    const statements = providerStatements(synth().template);
    expect(statements).toEqual([...serviceStatements('guardduty'), ...serviceStatements('securityhub'), ...ACCESS_ANALYZER_STATEMENTS]);
  });

  test.each([
    ['guardDuty', 'guardduty', 'guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty'],
    ['securityHub', 'securityhub', 'securityhub.amazonaws.com', 'AWSServiceRoleForSecurityHub'],
  ])('%s: designating the management account itself may also create the service-linked role there (user guide)', (prop, service, principal, role) => {
    const others = { guardDuty: false, securityHub: false, accessAnalyzer: false, [prop]: true };
    expect(providerStatements(synth({ ...others, adminAccountId: '111111111111' }).template)).toEqual([
      ...serviceStatements(service),
      {
        Effect: 'Allow',
        Action: 'iam:CreateServiceLinkedRole',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::111111111111:role/aws-service-role/${principal}/${role}`]] },
        Condition: { StringEquals: { 'iam:AWSServiceName': principal } },
      },
    ]);
  });

  test.each([
    ['guardDuty', 'GuardDuty', [...serviceStatements('securityhub'), ...ACCESS_ANALYZER_STATEMENTS]],
    ['securityHub', 'SecurityHub', [...serviceStatements('guardduty'), ...ACCESS_ANALYZER_STATEMENTS]],
    ['accessAnalyzer', 'AccessAnalyzer', [...serviceStatements('guardduty'), ...serviceStatements('securityhub')]],
  ])('%s: false leaves that service out, with its permissions', (prop, service, statements) => {
    const { template } = synth({ [prop]: false });
    template.resourceCountIs('Custom::OrganizationAdmin', 2);
    expect(Object.values<any>(template.findResources('Custom::OrganizationAdmin')).map(r => r.Properties.Service)).not.toContain(service);
    expect(providerStatements(template)).toEqual(statements);
  });

  test('the custom resources are removed with the stack; the handler leaves the delegations in place', () => {
    synth().template.allResources('Custom::OrganizationAdmin', { DeletionPolicy: 'Delete' });
    expect(HANDLERS.OrganizationAdmin.delete).toBeUndefined();
    expect(HANDLERS.OrganizationAdmin.update).toBeUndefined();
  });

  test('Security Hub with CLOUDFORMATION: AWS::SecurityHub::DelegatedAdmin, retained, after trusted access', () => {
    const { template } = synth({ securityHubDeployment: ServiceDeployment.CLOUDFORMATION, guardDuty: false, accessAnalyzer: false });
    const trustedAccess = template.findResources('Custom::OrganizationAdmin', {
      Properties: { Service: 'SecurityHub', TrustedAccessOnly: true },
    });
    expect(Object.keys(trustedAccess)).toHaveLength(1);
    template.hasResource('AWS::SecurityHub::DelegatedAdmin', {
      Properties: { AdminAccountId: ADMIN },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      DependsOn: Match.arrayWith(Object.keys(trustedAccess)),
    });
    template.resourceCountIs('Custom::OrganizationAdmin', 1);
    expect(providerStatements(template)).toEqual([
      { Effect: 'Allow', Action: 'organizations:ListAWSServiceAccessForOrganization', Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'organizations:EnableAWSServiceAccess',
        Resource: '*',
        Condition: { StringEquals: { 'organizations:ServicePrincipal': 'securityhub.amazonaws.com' } },
      },
    ]);
  });

  test('designating the deploying account itself is allowed, with a warning', () => {
    const { stack } = synth({ adminAccountId: '111111111111' });
    Annotations.fromStack(stack).hasWarning('/Management/SecurityAdmin', Match.stringLikeRegexp(
      '^adminAccountId 111111111111 is the account this stack deploys to, normally the management account; AWS recommends a separate security tooling account as delegated administrator'));
  });

  test('another admin account: no warning', () => {
    expect(Annotations.fromStack(synth().stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('an environment-agnostic stack works (the ARN uses the deploying account)', () => {
    const stack = new Stack(new App(), 'Management');
    new OrganizationSecurityAdmin(stack, 'SecurityAdmin', { adminAccountId: ADMIN, guardDuty: false, securityHub: false });
    expect(providerStatements(Template.fromStack(stack))[3].Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':organizations::', { Ref: 'AWS::AccountId' }, `:account/o-*/${ADMIN}`]],
    });
  });

  test.each([
    ['12345', "OrganizationSecurityAdminProps.adminAccountId: received '12345'; expected a 12-digit AWS account id such as 111111111111"],
    ['1234567890123', "OrganizationSecurityAdminProps.adminAccountId: received '1234567890123'; expected a 12-digit AWS account id such as 111111111111"],
    ['arn:aws:iam::222222222222:root', "OrganizationSecurityAdminProps.adminAccountId: received 'arn:aws:iam::222222222222:root'; expected a 12-digit AWS account id such as 111111111111"],
  ])('adminAccountId %s is rejected', (adminAccountId, message) => {
    expect(() => synth({ adminAccountId })).toThrow(new Error(message));
  });

  test('all three services off is rejected', () => {
    expect(() => synth({ guardDuty: false, securityHub: false, accessAnalyzer: false })).toThrow(new Error(
      'OrganizationSecurityAdminProps: guardDuty, securityHub and accessAnalyzer are all false, so nothing would be designated; leave at least one on'));
  });
});

describe('OrganizationSecurityAdmin and cdk-nag', () => {
  const packs: Array<[string, () => NagPack]> = [
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['NIST 800-53 R5', () => new NIST80053R5Checks()],
    ['HIPAA Security', () => new HIPAASecurityChecks()],
    ['PCI DSS 3.2.1', () => new PCIDSS321Checks()],
  ];

  test.each(packs)('no %s finding, in either Security Hub deployment', (_name, pack) => {
    expect(pack().validateScope(synth().stack).violations).toEqual([]);
    expect(pack().validateScope(synth({ securityHubDeployment: ServiceDeployment.CLOUDFORMATION }).stack).violations).toEqual([]);
  });
});
