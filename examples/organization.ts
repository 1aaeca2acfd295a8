// The organization example: from the management account, roll the baseline out to an OU with a
// StackSet and keep it on with service control policies. Run it with `npx projen example`.
import { App, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { BaselineGuardrails, BaselineStackSet, NagEnforcement } from '../src';

const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
const nagPacks = [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()];
const workloads = 'ou-ab12-cdef3456';

const management = new Stack(app, 'OrganizationBaseline', { env: { account: '111111111111', region: 'eu-west-1' } });
const stackSet = new BaselineStackSet(management, 'Baseline', {
  organizationalUnitIds: [workloads],
  regions: ['eu-west-1'],
  baseline: { notificationEmails: ['security@example.com'], budget: { monthlyLimitUsd: 200 }, nagPacks },
});
new BaselineGuardrails(management, 'Guardrails', {
  targetIds: [workloads],
  // The StackSet's stacks and every resource they create (by the stack-name tag CloudFormation sets) are protected.
  stackSet,
  breakGlassRoleNames: ['BreakGlass'],
  allowedRegions: ['eu-west-1', 'us-east-1'],
});
NagEnforcement.enforce(management, nagPacks);

app.synth();
console.log('cdk-nag: AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 found no unacknowledged finding in the organization app.');
