import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { MultiRegionBaseline, SecureBaseline } from '../../src';
import { VpcFlowLogs, VpcFlowLogsProps } from '../../src/account/vpc-flow-logs';
import { LogArchive } from '../../src/logging/log-archive';
import { bucketPolicyStatements, keyStatements, logicalId, NO_VIOLATIONS, violationsOf } from '../helpers';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function synth(props: Partial<VpcFlowLogsProps> = {}): { stack: Stack; template: Template; archive: LogArchive } {
  const stack = new Stack(new App(), 'TestStack', { env: ENV });
  const archive = new LogArchive(stack, 'Archive');
  new VpcFlowLogs(stack, 'FlowLogs', { bucket: archive.bucket, encryptionKey: archive.encryptionKey, ...props });
  return { stack, template: Template.fromStack(stack), archive };
}

function documentContent(template: Template): any {
  const documents = template.findResources('AWS::SSM::Document');
  expect(Object.keys(documents)).toHaveLength(1);
  return Object.values<any>(documents)[0].Properties.Content;
}

const FROM_THIS_ACCOUNT = {
  StringEquals: { 'aws:SourceAccount': '111111111111' },
  ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:*:111111111111:*']] } },
};

describe('VpcFlowLogs (Security Hub EC2.6)', () => {
  test('EC2.6: the AWS Config managed rule VPC_FLOW_LOGS_ENABLED evaluates every VPC', () => {
    synth().template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { Owner: 'AWS', SourceIdentifier: 'VPC_FLOW_LOGS_ENABLED' },
    });
  });

  test('a VPC without a flow log is remediated automatically by the stack\'s document, with the VPC id and the remediation role', () => {
    const { template } = synth();
    const [documentId] = Object.keys(template.findResources('AWS::SSM::Document'));
    const [roleId] = Object.keys(template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('flow log') } }));
    template.hasResourceProperties('AWS::Config::RemediationConfiguration', {
      TargetType: 'SSM_DOCUMENT',
      TargetId: { Ref: documentId },
      Automatic: true,
      MaximumAutomaticAttempts: 5,
      Parameters: {
        AutomationAssumeRole: { StaticValue: { Values: [{ 'Fn::GetAtt': [roleId, 'Arn'] }] } },
        VpcId: { ResourceValue: { Value: 'RESOURCE_ID' } },
      },
    });
  });

  test('the document creates a REJECT flow log of the VPC to the bucket under vpc-flow-logs/', () => {
    const { template, archive } = synth();
    const content = documentContent(template);
    expect(content.assumeRole).toBe('{{ AutomationAssumeRole }}');
    expect(content.mainSteps).toEqual([{
      name: 'CreateFlowLog',
      action: 'aws:executeAwsApi',
      isEnd: true,
      inputs: {
        Service: 'ec2',
        Api: 'CreateFlowLogs',
        ResourceIds: ['{{ VpcId }}'],
        ResourceType: 'VPC',
        TrafficType: 'REJECT',
        LogDestinationType: 's3',
        LogDestination: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(archive.bucket), 'Arn'] }, '/vpc-flow-logs/']] },
      },
    }]);
  });

  test('trafficType ALL and a prefix of your own', () => {
    const step = documentContent(synth({ trafficType: ec2.FlowLogTrafficType.ALL, prefix: 'network/flows' }).template).mainSteps[0];
    expect(step.inputs.TrafficType).toBe('ALL');
    expect(step.inputs.LogDestination['Fn::Join'][1][1]).toBe('/network/flows/');
  });

  test.each(['/flows', 'flows/', 'a//b', 'AWSLogs', 'bad prefix', 'x'.repeat(101)])('prefix %p fails', prefix => {
    expect(() => synth({ prefix })).toThrow(`VpcFlowLogsProps.prefix: received '${prefix}'; expected 1 to 100 letters`);
  });

  test('the log delivery service may write only this account\'s logs under the prefix, from this account', () => {
    const { template, archive } = synth();
    const statements = bucketPolicyStatements(template, archive.bucket);
    expect(statements).toEqual(expect.arrayContaining([
      {
        Sid: 'AWSLogDeliveryAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Resource: { 'Fn::GetAtt': [logicalId(archive.bucket), 'Arn'] },
        Condition: FROM_THIS_ACCOUNT,
      },
      {
        Sid: 'AWSLogDeliveryWrite',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(archive.bucket), 'Arn'] }, '/vpc-flow-logs/AWSLogs/111111111111/*']] },
        Condition: { ...FROM_THIS_ACCOUNT, StringEquals: { 'aws:SourceAccount': '111111111111', 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    ]));
  });

  test('the key lets the log delivery service encrypt for this account only', () => {
    const { template, archive } = synth();
    expect(keyStatements(template, archive.encryptionKey)).toContainEqual({
      Sid: 'AllowLogDeliveryToEncryptFlowLogs',
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: FROM_THIS_ACCOUNT,
    });
  });

  test('only Systems Manager automations of this account and region may assume the remediation role, which may create flow logs and nothing else', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('flow log'),
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'ssm.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': '111111111111' },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:111111111111:automation-execution/*']] } },
          },
        }],
      },
    });
    const arn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ec2:eu-west-1:111111111111:${resource}/*`]] });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'ec2:CreateFlowLogs', Resource: [arn('vpc'), arn('vpc-flow-log')] },
          { Effect: 'Allow', Action: ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery'], Resource: '*' },
        ],
      },
    });
  });

  test('the remediation waits for its role and policy', () => {
    const { template } = synth();
    const [remediation] = Object.values<any>(template.findResources('AWS::Config::RemediationConfiguration'));
    const [roleId] = Object.keys(template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('flow log') } }));
    const [policyId] = Object.keys(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('flow logs') } }));
    expect(remediation.DependsOn).toEqual(expect.arrayContaining([roleId, policyId]));
  });

  test('no cdk-nag pack reports a violation', () => {
    expect(violationsOf(synth().stack)).toEqual(NO_VIOLATIONS);
  });
});

describe('VpcFlowLogs in a SecureBaseline', () => {
  test('on by default, to the log bucket, and the rule waits for the recorder', () => {
    const baseline = new SecureBaseline(new App(), 'Baseline', { env: ENV });
    const template = Template.fromStack(baseline);
    const [rule] = Object.values<any>(template.findResources('AWS::Config::ConfigRule', { Properties: { Source: { SourceIdentifier: 'VPC_FLOW_LOGS_ENABLED' } } }));
    expect(rule.DependsOn).toEqual(expect.arrayContaining([logicalId(baseline.configRecorder!.node.defaultChild as any)]));
    expect(JSON.stringify(documentContent(template))).toContain(logicalId(baseline.logBucket!));
  });

  test('vpcFlowLogs.trafficType ALL reaches the document', () => {
    const baseline = new SecureBaseline(new App(), 'Baseline', { env: ENV, vpcFlowLogs: { trafficType: ec2.FlowLogTrafficType.ALL } });
    expect(documentContent(Template.fromStack(baseline)).mainSteps[0].inputs.TrafficType).toBe('ALL');
  });

  test('vpcFlowLogs.enabled false leaves out the rule, the document and the bucket statements', () => {
    const baseline = new SecureBaseline(new App(), 'Baseline', { env: ENV, vpcFlowLogs: { enabled: false } });
    const template = Template.fromStack(baseline);
    template.resourceCountIs('AWS::SSM::Document', 0);
    expect(template.findResources('AWS::Config::ConfigRule', { Properties: { Source: { SourceIdentifier: 'VPC_FLOW_LOGS_ENABLED' } } })).toEqual({});
    expect(JSON.stringify(template.toJSON())).not.toContain('delivery.logs.amazonaws.com');
  });

  test('a member region delivers to the home region\'s log bucket', () => {
    const app = new App();
    const regions = new MultiRegionBaseline(app, 'Regions', { account: ENV.account, homeRegion: 'eu-west-1', regions: ['eu-west-1', 'eu-central-1'] });
    const [member] = regions.memberStacks;
    const homeBucketName = regions.homeStack.resolve((regions.homeStack.logBucket!.node.defaultChild as any).bucketName);
    const destination = documentContent(Template.fromStack(member)).mainSteps[0].inputs.LogDestination;
    expect(destination).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${homeBucketName}/vpc-flow-logs/`]] });
  });
});
