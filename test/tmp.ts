import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SecureBaseline } from '../src';
const t = Template.fromStack(new SecureBaseline(new App(), 'B', { env: { account: '111122223333', region: 'eu-west-1' }, budget: { monthlyLimitUsd: 5 }, notificationEmails: ['a@example.com'] })).toJSON();
for (const [id, r] of Object.entries<any>(t.Resources)) {
  if (['AWS::S3::BucketPolicy', 'AWS::KMS::Key', 'AWS::SNS::TopicPolicy', 'AWS::CloudTrail::Trail', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket', 'AWS::SNS::Topic', 'AWS::Budgets::Budget'].includes(r.Type)) {
    const p = r.Properties;
    console.log('==', id, r.Type, JSON.stringify(p.PolicyDocument ?? p.KeyPolicy ?? p).slice(0, 3000));
  }
}
