import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { FindingsTopic } from '../../src/notifications/findings-topic';
const stack = new Stack(new App(), 'S');
new FindingsTopic(stack, 'F', { emails: ['a@b.co'], slackChannel: { slackWorkspaceId: 'T0ABC', slackChannelId: 'C0123' } });
console.log(JSON.stringify(Template.fromStack(stack).toJSON().Resources, null, 1));
for (const p of [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()]) {
  console.log(JSON.stringify(p.validateScope(stack).violations.map((v: any) => [v.ruleName, v.violatingResources.map((r: any) => r.constructPath)])));
}
