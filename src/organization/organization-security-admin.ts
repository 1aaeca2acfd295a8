import { Annotations, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnDelegatedAdmin } from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';
import { ServiceDeployment } from '../detection/service-deployment';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
import { createServiceLinkedRoleStatement } from '../private/service-linked-role';
import { validateAccountId } from '../private/validation';

/**
 * Properties for `OrganizationSecurityAdmin`.
 */
export interface OrganizationSecurityAdminProps {
  /**
   * The member account that administers the organization's security services (often called the
   * security tooling or audit account). AWS recommends one account for all of them and advises
   * against the management account itself.
   */
  readonly adminAccountId: string;

  /**
   * Designate the account as GuardDuty's delegated administrator in this Region
   * (`guardduty:EnableOrganizationAdminAccount`, which has no CloudFormation resource).
   *
   * @default true
   */
  readonly guardDuty?: boolean;

  /**
   * Designate the account as Security Hub's delegated administrator in this Region.
   *
   * @default true
   */
  readonly securityHub?: boolean;

  /**
   * How the Security Hub designation is deployed. With `ADOPT_OR_CREATE` the baseline provider calls
   * `securityhub:EnableOrganizationAdminAccount` unless the account already is the administrator; with
   * `CLOUDFORMATION` it is an `AWS::SecurityHub::DelegatedAdmin` (retained on delete), preceded by
   * Security Hub's trusted access in Organizations, which that resource requires. The CloudFormation
   * resource fails where an administrator was already designated by hand (import it instead).
   *
   * @default ServiceDeployment.ADOPT_OR_CREATE
   */
  readonly securityHubDeployment?: ServiceDeployment;

  /**
   * Register the account as IAM Access Analyzer's delegated administrator in Organizations
   * (trusted access for `access-analyzer.amazonaws.com`, then `organizations:RegisterDelegatedAdministrator`).
   * This is organization-wide, not per Region: deploying the construct in several Regions is harmless.
   *
   * @default true
   */
  readonly accessAnalyzer?: boolean;
}

/**
 * Designates the delegated administrator account of the organization's security services: GuardDuty,
 * Security Hub and IAM Access Analyzer. Deploy it in the organization's management account, in each
 * Region where GuardDuty and Security Hub are used (their designations are per Region).
 *
 * Designation is idempotent: an account that already is the administrator is left as it is, and another
 * account already designated fails the deployment with the call that removes it (changing a security
 * administrator is left to a person). Deleting the stack leaves every delegation in place.
 *
 * Enabling the services for new member accounts is configured afterwards from the administrator account:
 * GuardDuty `UpdateOrganizationConfiguration` with `AutoEnableOrganizationMembers: ALL`, Security Hub
 * `AWS::SecurityHub::OrganizationConfiguration`, and an `AccessAnalyzer` with `AnalyzerScope.ORGANIZATION`.
 *
 * @example
 * import { App, Stack } from 'aws-cdk-lib';
 * import { OrganizationSecurityAdmin } from 'cdk-secure-baseline';
 *
 * const app = new App();
 * const management = new Stack(app, 'OrgSecurityAdmin', { env: { account: '111111111111', region: 'eu-west-1' } });
 * new OrganizationSecurityAdmin(management, 'SecurityAdmin', { adminAccountId: '222222222222' });
 */
export class OrganizationSecurityAdmin extends Construct {
  /** The delegated administrator account. */
  public readonly adminAccountId: string;

  constructor(scope: Construct, id: string, props: OrganizationSecurityAdminProps) {
    super(scope, id);
    validateAccountId('OrganizationSecurityAdminProps.adminAccountId', props.adminAccountId);
    const guardDuty = props.guardDuty ?? true;
    const securityHub = props.securityHub ?? true;
    const accessAnalyzer = props.accessAnalyzer ?? true;
    if (!guardDuty && !securityHub && !accessAnalyzer) {
      throw new Error('OrganizationSecurityAdminProps: guardDuty, securityHub and accessAnalyzer are all false, so nothing would be designated; leave at least one on');
    }
    this.adminAccountId = props.adminAccountId;

    const stack = Stack.of(this);
    if (!Token.isUnresolved(stack.account) && stack.account === props.adminAccountId) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:securityAdminIsManagementAccount',
        `adminAccountId ${props.adminAccountId} is the account this stack deploys to, normally the management account; AWS recommends a separate security tooling account as delegated administrator`);
    }

    if (guardDuty) {
      this.designate('GuardDuty', guardDutyStatements(stack, props.adminAccountId));
    }
    if (securityHub) {
      if ((props.securityHubDeployment ?? ServiceDeployment.ADOPT_OR_CREATE) === ServiceDeployment.CLOUDFORMATION) {
        const trustedAccess = new BaselineCustomResource(this, 'SecurityHubTrustedAccess', {
          kind: 'OrganizationAdmin',
          properties: { Service: 'SecurityHub', TrustedAccessOnly: true },
          policyStatements: trustedAccessStatements('securityhub.amazonaws.com'),
        });
        const delegatedAdmin = new CfnDelegatedAdmin(this, 'SecurityHub', { adminAccountId: props.adminAccountId });
        delegatedAdmin.applyRemovalPolicy(RemovalPolicy.RETAIN);
        delegatedAdmin.node.addDependency(trustedAccess);
      } else {
        this.designate('SecurityHub', securityHubStatements(stack, props.adminAccountId));
      }
    }
    if (accessAnalyzer) {
      this.designate('AccessAnalyzer', accessAnalyzerStatements(stack, props.adminAccountId));
    }
  }

  private designate(service: string, policyStatements: iam.PolicyStatement[]): void {
    new BaselineCustomResource(this, service, {
      kind: 'OrganizationAdmin',
      properties: { Service: service, AdminAccountId: this.adminAccountId },
      policyStatements,
    });
  }
}

/**
 * Organizations' ARN of the administrator account: `arn:<partition>:organizations::<management account>:account/o-<org id>/<account>`.
 * Only the management account can designate, and that is the account this stack deploys to.
 */
function adminAccountArn(stack: Stack, adminAccountId: string): string {
  return stack.formatArn({ service: 'organizations', region: '', resource: 'account', resourceName: `o-*/${adminAccountId}` });
}

function trustedAccessStatements(servicePrincipal: string): iam.PolicyStatement[] {
  return [
    // List actions of Organizations support no resource-level permissions.
    new iam.PolicyStatement({ actions: ['organizations:ListAWSServiceAccessForOrganization'], resources: ['*'] }),
    new iam.PolicyStatement({
      actions: ['organizations:EnableAWSServiceAccess'],
      resources: ['*'],
      conditions: { StringEquals: { 'organizations:ServicePrincipal': servicePrincipal } },
    }),
  ];
}

/**
 * What the management account needs to designate a service's administrator through the service's own
 * API, which calls Organizations on the caller's behalf. This is the statement the GuardDuty user guide
 * documents ("Permissions required to designate a delegated GuardDuty administrator account"), on "*"
 * and without conditions: the Organizations requests are the service's, and nothing documents which
 * condition keys (such as organizations:ServicePrincipal) they carry. Designating the management
 * account itself also creates the service's service-linked role there, with the caller's permissions.
 */
function serviceDesignationStatements(
  stack: Stack, adminAccountId: string, service: string, serviceLinkedRole: { service: string; role: string },
): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      actions: [
        `${service}:EnableOrganizationAdminAccount`, `${service}:ListOrganizationAdminAccounts`,
        'organizations:EnableAWSServiceAccess', 'organizations:RegisterDelegatedAdministrator',
        'organizations:ListDelegatedAdministrators', 'organizations:ListAWSServiceAccessForOrganization',
        'organizations:DescribeOrganizationalUnit', 'organizations:DescribeAccount', 'organizations:DescribeOrganization',
        'organizations:ListAccounts',
      ],
      resources: ['*'],
    }),
  ];
  if (Token.isUnresolved(stack.account) || stack.account === adminAccountId) {
    statements.push(createServiceLinkedRoleStatement(stack, serviceLinkedRole.service, serviceLinkedRole.role));
  }
  return statements;
}

function guardDutyStatements(stack: Stack, adminAccountId: string): iam.PolicyStatement[] {
  return serviceDesignationStatements(stack, adminAccountId, 'guardduty',
    { service: 'guardduty.amazonaws.com', role: 'AWSServiceRoleForAmazonGuardDuty' });
}

function securityHubStatements(stack: Stack, adminAccountId: string): iam.PolicyStatement[] {
  return serviceDesignationStatements(stack, adminAccountId, 'securityhub',
    { service: 'securityhub.amazonaws.com', role: 'AWSServiceRoleForSecurityHub' });
}

function accessAnalyzerStatements(stack: Stack, adminAccountId: string): iam.PolicyStatement[] {
  return [
    ...trustedAccessStatements('access-analyzer.amazonaws.com'),
    new iam.PolicyStatement({
      actions: ['organizations:ListDelegatedAdministrators'],
      resources: ['*'],
      conditions: { StringEquals: { 'organizations:ServicePrincipal': 'access-analyzer.amazonaws.com' } },
    }),
    new iam.PolicyStatement({
      actions: ['organizations:RegisterDelegatedAdministrator'],
      resources: [adminAccountArn(stack, adminAccountId)],
      conditions: { StringEquals: { 'organizations:ServicePrincipal': 'access-analyzer.amazonaws.com' } },
    }),
  ];
}
