import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
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

  test('the document creates a REJECT flow log of the VPC to the bucket under vpc-flow-logs/, keeping CreateFlowLogs\' failures', () => {
    const { template, archive } = synth();
    const content = documentContent(template);
    expect(content.assumeRole).toBe('{{ AutomationAssumeRole }}');
    expect(content.mainSteps[0]).toEqual({
      name: 'CreateFlowLog',
      action: 'aws:executeAwsApi',
      inputs: {
        Service: 'ec2',
        Api: 'CreateFlowLogs',
        ResourceIds: ['{{ VpcId }}'],
        ResourceType: 'VPC',
        TrafficType: 'REJECT',
        LogDestinationType: 's3',
        LogDestination: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(archive.bucket), 'Arn'] }, '/vpc-flow-logs/']] },
      },
      outputs: [{ Name: 'Unsuccessful', Selector: '$.Unsuccessful', Type: 'MapList' }],
    });
  });

  test('CreateFlowLogs answers HTTP 200 with per-resource failures in Unsuccessful: the remediation fails unless the VPC has a flow log afterwards', () => {
    const content = documentContent(synth().template);
    expect(content.mainSteps.map((step: any) => step.name)).toEqual(['CreateFlowLog', 'AssertFlowLog']);
    expect(content.mainSteps[0].isEnd).toBeUndefined();
    expect(content.mainSteps[1]).toEqual({
      name: 'AssertFlowLog',
      action: 'aws:assertAwsResourceProperty',
      isEnd: true,
      inputs: {
        Service: 'ec2',
        Api: 'DescribeFlowLogs',
        Filter: [{ Name: 'resource-id', Values: ['{{ VpcId }}'] }],
        PropertySelector: '$.FlowLogs[0].ResourceId',
        DesiredValues: ['{{ VpcId }}'],
      },
    });
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
          { Effect: 'Allow', Action: ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'ec2:DescribeFlowLogs'], Resource: '*' },
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

  test('a member region relies on the home region\'s flow logs for the bucket and key statements: without them the synth fails, naming the props', () => {
    const app = new App();
    const home = new SecureBaseline(app, 'Home', { env: ENV, vpcFlowLogs: { enabled: false } });
    expect(() => new SecureBaseline(app, 'Member', {
      env: { ...ENV, region: 'eu-central-1' }, homeRegion: 'eu-west-1', config: { bucket: home.logBucket },
    })).toThrow('SecureBaselineProps.vpcFlowLogs.enabled: true in this member region (eu-central-1), but the home region\'s baseline \'Home\' has '
      + 'vpcFlowLogs.enabled: false, so its log bucket (this region\'s config.bucket) and key admit no flow log delivery: the home region\'s '
      + 'VpcFlowLogs adds the statements that every region\'s flow logs need. Set vpcFlowLogs.enabled: true in the home region, or vpcFlowLogs.enabled: false here');
  });

  test('the member regions of a MultiRegionBaseline find the home statements, and are not warned', () => {
    const regions = new MultiRegionBaseline(new App(), 'Regions', { account: ENV.account, homeRegion: 'eu-west-1', regions: ['eu-west-1', 'eu-central-1'] });
    const warnings = Annotations.fromStack(regions.memberStacks[0]).findWarning('*', Match.stringLikeRegexp('vpcFlowLogsBucketUnchecked'));
    expect(warnings).toEqual([]);
  });

  test('a member region whose config.bucket no VpcFlowLogs of the app admits flow logs to is warned, naming the bucket and what it must allow', () => {
    const app = new App();
    const member = new SecureBaseline(app, 'Member', {
      env: { ...ENV, region: 'eu-central-1' },
      homeRegion: 'eu-west-1',
      config: { bucket: s3.Bucket.fromBucketName(new Stack(app, 'Elsewhere', { env: ENV }), 'Logs', 'org-log-archive') },
    });
    const warnings = Annotations.fromStack(member).findWarning('*', Match.stringLikeRegexp('vpcFlowLogsBucketUnchecked'));
    expect(warnings.map(w => w.entry.data)).toEqual([
      'VPC flow logs of this member region go to config.bucket Elsewhere/Logs, whose policy no VpcFlowLogs of this app made admit them: it must let '
      + 'delivery.logs.amazonaws.com s3:GetBucketAcl, s3:ListBucket and s3:PutObject under vpc-flow-logs/AWSLogs/<account>/ (and use its key, if the '
      + 'bucket has one) for this account; or set vpcFlowLogs.enabled: false [ack: cdk-secure-baseline:vpcFlowLogsBucketUnchecked]',
    ]);
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
