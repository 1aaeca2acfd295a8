// The example baseline app: what a user writes in their own CDK app.
// Run it with `npx projen example`; the templates land in cdk.out/.
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { SecureBaseline } from '../src';

const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });

new SecureBaseline(app, 'SecureBaseline', {
  // Enforce every pack the library is tested against; the default is AwsSolutions only.
  nagPacks: [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()],
});

app.synth();
// synth() throws on any unacknowledged cdk-nag finding, so reaching this line means the packs passed.
console.log('cdk-nag: AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 found no unacknowledged finding.');
