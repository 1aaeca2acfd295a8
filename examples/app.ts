// The example baseline app: what a user writes in their own CDK app.
// Run it with `npx projen example`; the templates land in cdk.out/.
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { SecureBaseline } from '../src';

const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });

const securityTeam = { name: 'Security team', email: 'security@example.com', phone: '+1 555 0100' };

new SecureBaseline(app, 'SecureBaseline', {
  notificationEmails: ['security@example.com'],
  securityContact: securityTeam,
  billingContact: { name: 'Finance', email: 'finance@example.com', phone: '+1 555 0101' },
  operationsContact: { name: 'Platform team', email: 'platform@example.com', phone: '+1 555 0102' },
  budget: { monthlyLimitUsd: 500 },
  // Enforce every pack the library is tested against; the default is AwsSolutions only.
  nagPacks: [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()],
});

app.synth();
// synth() throws on any unacknowledged cdk-nag finding, so reaching this line means the packs passed.
console.log('cdk-nag: AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 found no unacknowledged finding.');
