import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/**
 * The IAM policy statements of the template's single (provider) role: one role policy per custom
 * resource, and nothing inline in the role itself.
 */
export function providerStatements(template: Template): any[] {
  // The provider's role, not the roles services assume (e.g. the default security group's remediation role).
  const [role] = Object.entries<any>(template.findResources('AWS::IAM::Role'))
    .filter(([id]) => id.startsWith('CustomSecureBaselineProvider'))
    .map(([, resource]) => resource);
  expect(role.Properties.Policies).toBeUndefined();
  return Object.values<any>(template.findResources('AWS::IAM::RolePolicy')).flatMap(p => p.Properties.PolicyDocument.Statement)
    .filter(statement => !isEventCheckStatement(statement));
}

/**
 * The read-only CloudFormation statement with which the provider confirms an event before a guarded
 * call (handler/request-check.ts). Every policy that grants a guarded action has it, scoped to the stack;
 * test/private/provider-actions.test.ts tests where it is; `providerStatements` leaves it out.
 */
export const EVENT_CHECK_STATEMENT = {
  Effect: 'Allow',
  Action: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource'],
  Resource: { Ref: 'AWS::StackId' },
};

function isEventCheckStatement(statement: any): boolean {
  const sorted = (value: any) => JSON.stringify(Object.keys(value).sort().map(key => [key, value[key]]));
  return sorted(statement) === sorted(EVENT_CHECK_STATEMENT);
}

/** The logical ids in `dependsOn` other than role policies (every custom resource waits for its permissions). */
export function dependenciesBesidesPermissions(template: Template, dependsOn: string[]): string[] {
  const rolePolicies = template.findResources('AWS::IAM::RolePolicy');
  return dependsOn.filter(id => !(id in rolePolicies));
}

/** The logical ID of a construct's default CloudFormation child (or of the construct itself). */
export function logicalId(construct: IConstruct): string {
  const cfn = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(cfn);
}

/** The key policy statements of the given KMS key. */
export function keyStatements(template: Template, key: IConstruct): any[] {
  return template.toJSON().Resources[logicalId(key)].Properties.KeyPolicy.Statement;
}

/** The statements of the one bucket policy attached to the given bucket. */
export function bucketPolicyStatements(template: Template, bucket: IConstruct): any[] {
  const policies = template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: logicalId(bucket) } } });
  expect(Object.keys(policies)).toHaveLength(1);
  return Object.values(policies)[0].Properties.PolicyDocument.Statement;
}

/** The violations each of cdk-nag's four rule packs reports for the scope. */
export function violationsOf(scope: IConstruct) {
  return {
    awsSolutions: new AwsSolutionsChecks().validateScope(scope).violations,
    nist: new NIST80053R5Checks().validateScope(scope).violations,
    hipaa: new HIPAASecurityChecks().validateScope(scope).violations,
    pci: new PCIDSS321Checks().validateScope(scope).violations,
  };
}

/** The expected `violationsOf` result for a compliant scope. */
export const NO_VIOLATIONS = { awsSolutions: [], nist: [], hipaa: [], pci: [] };

/**
 * The message for a well-formed Region name that aws-cdk-lib's region information does not know;
 * its full text is pinned in test/private/region.test.ts.
 */
export function unknownRegionMessage(prop: string, value: string, nearest: string): string {
  return `${prop}: received '${value}', which is not a Region in aws-cdk-lib's region information (did you mean ${nearest}?); `
    + "for a Region newer than the installed aws-cdk-lib, list it in the context key 'cdk-secure-baseline:additionalRegions' "
    + '(cdk.json "context", or cdk synth -c), or upgrade aws-cdk-lib';
}
