import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ManagedRulesWebAcl } from '../../src/waf/managed-rules-web-acl';
import { ManagedRuleAction, ManagedRuleGroup, ManagedRulesWebAclProps, WebAclScope } from '../../src/waf/managed-rules-web-acl-props';
import { bucketPolicyStatements, keyStatements, logicalId, NO_VIOLATIONS, violationsOf } from '../helpers';

function newStack(region = 'eu-west-1'): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '111111111111', region } });
}

function synth(props?: ManagedRulesWebAclProps, stack: Stack = newStack()): { stack: Stack; acl: ManagedRulesWebAcl; template: Template } {
  const acl = new ManagedRulesWebAcl(stack, 'WebAcl', props);
  return { stack, acl, template: Template.fromStack(stack) };
}

function rules(template: Template): any[] {
  const acls = Object.values<any>(template.findResources('AWS::WAFv2::WebACL'));
  expect(acls).toHaveLength(1);
  return acls[0].Properties.Rules;
}

describe('ManagedRulesWebAcl defaults', () => {
  test('a REGIONAL web ACL that allows by default and runs the three default groups in order', () => {
    const { template, acl } = synth();
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    expect(rules(template).map(rule => [rule.Priority, rule.Statement.ManagedRuleGroupStatement.Name, rule.OverrideAction])).toEqual([
      [0, 'AWSManagedRulesCommonRuleSet', { None: {} }],
      [1, 'AWSManagedRulesKnownBadInputsRuleSet', { None: {} }],
      [2, 'AWSManagedRulesAmazonIpReputationList', { None: {} }],
    ]);
    expect(acl.capacity).toBe(925);
  });

  test('logs to an encrypted aws-waf-logs- log group kept for a year and retained, with authorization and cookie redacted', () => {
    const { template, acl } = synth();
    const [logGroupId, logGroup] = Object.entries<any>(template.findResources('AWS::Logs::LogGroup'))[0];
    expect(logGroup.Properties.LogGroupName).toMatch(/^aws-waf-logs-/);
    expect(logGroup.Properties.RetentionInDays).toBe(365);
    expect(logGroup.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^WebAclLogKey/), 'Arn'] });
    expect(logGroup.DeletionPolicy).toBe('Retain');
    expect(logicalId(acl.logGroup!)).toBe(logGroupId);
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [logicalId(acl), 'Arn'] },
      // From the name (AWS WAF rejects the Arn attribute's ':*' suffix), by Ref so that it waits for the group.
      LogDestinationConfigs: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111111111111:log-group:', { Ref: logGroupId }]] }],
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
  });

  test('the log key admits CloudWatch Logs of this account and region only, and rotates', () => {
    const { stack, template } = synth();
    const key = stack.node.findChild('WebAcl').node.findChild('LogKey');
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    expect(keyStatements(template, key)).toEqual(expect.arrayContaining([expect.objectContaining({
      Sid: 'AllowCloudWatchLogsToUseKey',
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': expect.anything() } },
    })]));
  });

  test('passes the four cdk-nag packs', () => {
    const { stack } = synth();
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});

describe('ManagedRulesWebAcl options', () => {
  test('count mode per group, excluded rules and rule overrides', () => {
    const { template } = synth({
      managedRuleGroups: [
        { group: ManagedRuleGroup.COMMON_RULE_SET, excludedRules: ['SizeRestrictions_BODY'], ruleOverrides: [{ name: 'NoUserAgent_HEADER', action: ManagedRuleAction.CAPTCHA }] },
        { group: ManagedRuleGroup.SQL_DATABASE, countOnly: true },
      ],
    });
    const [common, sql] = rules(template);
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
      { Name: 'NoUserAgent_HEADER', ActionToUse: { Captcha: {} } },
    ]);
    expect(sql.OverrideAction).toEqual({ Count: {} });
    expect(sql.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toBeUndefined();
  });

  test('Bot Control carries its inspection level', () => {
    const { template, acl } = synth({
      managedRuleGroups: [{ group: ManagedRuleGroup.COMMON_RULE_SET }, { group: ManagedRuleGroup.BOT_CONTROL_TARGETED }],
    });
    expect(rules(template)[1].Statement.ManagedRuleGroupStatement).toEqual({
      VendorName: 'AWS',
      Name: 'AWSManagedRulesBotControlRuleSet',
      ManagedRuleGroupConfigs: [{ AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'TARGETED' } }],
    });
    expect(acl.capacity).toBe(750);
  });

  test('a rate-based rule comes first and costs 2 WCU', () => {
    const { template, acl } = synth({ rateLimit: { limit: 1000, evaluationWindow: Duration.minutes(1) } });
    expect(rules(template)[0]).toEqual(expect.objectContaining({
      Name: 'RateLimitPerIp',
      Priority: 0,
      Action: { Block: {} },
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 1000, EvaluationWindowSec: 60 } },
    }));
    expect(rules(template).map(rule => rule.Priority)).toEqual([0, 1, 2, 3]);
    expect(acl.capacity).toBe(927);
  });

  test('a web ACL without the core rule set warns', () => {
    const { stack } = synth({ managedRuleGroups: [{ group: ManagedRuleGroup.AMAZON_IP_REPUTATION }] });
    Annotations.fromStack(stack).hasWarning('/TestStack/WebAcl', Match.stringLikeRegexp('no AWSManagedRulesCommonRuleSet'));
  });

  test('a raised capacityLimit admits more groups', () => {
    const every = [ManagedRuleGroup.COMMON_RULE_SET, ManagedRuleGroup.KNOWN_BAD_INPUTS, ManagedRuleGroup.SQL_DATABASE, ManagedRuleGroup.LINUX,
      ManagedRuleGroup.UNIX, ManagedRuleGroup.WINDOWS, ManagedRuleGroup.PHP, ManagedRuleGroup.WORDPRESS, ManagedRuleGroup.ANONYMOUS_IP];
    const { acl } = synth({ managedRuleGroups: every.map(group => ({ group })), capacityLimit: 2000 });
    expect(acl.capacity).toBe(1850);
  });

  test('ManagedRuleGroup.of adds another vendor\'s group with its capacity', () => {
    const { template, acl } = synth({
      managedRuleGroups: [{ group: ManagedRuleGroup.COMMON_RULE_SET }, { group: ManagedRuleGroup.of('Fortinet', 'all_rules', 1000) }],
      capacityLimit: 1700,
    });
    expect(rules(template)[1].Name).toBe('Fortinet-all_rules');
    expect(acl.capacity).toBe(1700);
  });

  test('logging can be switched off', () => {
    const { template, acl } = synth({ logging: { enabled: false } });
    template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 0);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    expect(acl.logGroup).toBeUndefined();
  });

  test('an existing log group with the prefix', () => {
    const stack = newStack();
    const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Existing', 'aws-waf-logs-shared');
    const { template } = synth({ logging: { logGroup, redactedHeaders: ['x-api-key'] } }, stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LogDestinationConfigs: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111111111111:log-group:aws-waf-logs-shared']] }],
      RedactedFields: [{ SingleHeader: { Name: 'x-api-key' } }],
    });
  });

  test('an S3 bucket gets the log delivery bucket and key policies with confused-deputy conditions', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const bucket = new s3.Bucket(stack, 'Logs', { bucketName: 'aws-waf-logs-example', encryptionKey: key });
    const { template } = synth({ logging: { bucket } }, stack);
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', { LogDestinationConfigs: [{ 'Fn::GetAtt': [logicalId(bucket), 'Arn'] }] });
    const conditions = {
      StringEquals: { 'aws:SourceAccount': '111111111111' },
      ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111111111111:*']] } },
    };
    expect(bucketPolicyStatements(template, bucket)).toEqual(expect.arrayContaining([
      expect.objectContaining({ Sid: 'AWSLogDeliveryAclCheck', Action: 's3:GetBucketAcl', Principal: { Service: 'delivery.logs.amazonaws.com' }, Condition: conditions }),
      expect.objectContaining({
        Sid: 'AWSLogDeliveryWrite',
        Action: 's3:PutObject',
        Condition: { ...conditions, StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': '111111111111' } },
      }),
    ]));
    expect(keyStatements(template, key)).toEqual(expect.arrayContaining([expect.objectContaining({
      Sid: 'AllowLogDeliveryToUseKey', Principal: { Service: 'delivery.logs.amazonaws.com' }, Condition: conditions,
    })]));
  });

  test('a CLOUDFRONT web ACL in us-east-1', () => {
    const { template } = synth({ scope: WebAclScope.CLOUDFRONT }, newStack('us-east-1'));
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
  });

  test('a CLOUDFRONT web ACL in an environment-agnostic stack warns', () => {
    const stack = new Stack(new App(), 'TestStack');
    new ManagedRulesWebAcl(stack, 'WebAcl', { scope: WebAclScope.CLOUDFRONT });
    Annotations.fromStack(stack).hasWarning('/TestStack/WebAcl', Match.stringLikeRegexp('deploy it to us-east-1'));
  });
});

describe('ManagedRulesWebAcl associations', () => {
  test('an ALB, a REST API stage, an AppSync API and a user pool', () => {
    const stack = newStack();
    const acl = new ManagedRulesWebAcl(stack, 'WebAcl');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('GET');
    const graphql = new appsync.GraphqlApi(stack, 'Graphql', { name: 'api', definition: appsync.Definition.fromSchema(appsync.SchemaFile.fromAsset(`${__dirname}/schema.graphql`)) });
    const pool = new cognito.UserPool(stack, 'Pool');
    acl.associateLoadBalancer(alb);
    acl.associateRestApiStage(api.deploymentStage);
    acl.associateGraphqlApi(graphql);
    acl.associateUserPool(pool);
    const template = Template.fromStack(stack);
    const arns = Object.values<any>(template.findResources('AWS::WAFv2::WebACLAssociation')).map(a => a.Properties);
    expect(arns.every(a => JSON.stringify(a.WebACLArn) === JSON.stringify({ 'Fn::GetAtt': [logicalId(acl), 'Arn'] }))).toBe(true);
    expect(arns.map(a => a.ResourceArn)).toEqual([
      { Ref: logicalId(alb) },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:eu-west-1::/restapis/', { Ref: logicalId(api) }, '/stages/', { Ref: logicalId(api.deploymentStage) }]] },
      { 'Fn::GetAtt': [logicalId(graphql), 'Arn'] },
      { 'Fn::GetAtt': [logicalId(pool), 'Arn'] },
    ]);
  });

  test('a CLOUDFRONT web ACL cannot be associated with a regional resource', () => {
    const stack = newStack('us-east-1');
    const acl = new ManagedRulesWebAcl(stack, 'WebAcl', { scope: WebAclScope.CLOUDFRONT });
    const pool = new cognito.UserPool(stack, 'Pool');
    expect(() => acl.associateUserPool(pool)).toThrow(
      'ManagedRulesWebAcl.associateUserPool: received TestStack/Pool for a CLOUDFRONT web ACL; only a REGIONAL web ACL can be associated with it');
  });
});

describe('ManagedRulesWebAcl rejects', () => {
  test('a CLOUDFRONT web ACL outside us-east-1', () => {
    expect(() => synth({ scope: WebAclScope.CLOUDFRONT }, newStack('eu-west-1'))).toThrow(
      'ManagedRulesWebAclProps.scope: received CLOUDFRONT in a stack in eu-west-1; a CLOUDFRONT web ACL must be created in us-east-1');
  });

  test('capacity over the default limit of 1,500 WCU', () => {
    expect(() => synth({
      managedRuleGroups: [ManagedRuleGroup.COMMON_RULE_SET, ManagedRuleGroup.KNOWN_BAD_INPUTS, ManagedRuleGroup.SQL_DATABASE,
        ManagedRuleGroup.LINUX, ManagedRuleGroup.WINDOWS, ManagedRuleGroup.PHP]
        .map(group => ({ group })),
    })).toThrow('ManagedRulesWebAclProps.managedRuleGroups: the rules need 1600 WCUs (AWSManagedRulesCommonRuleSet 700, AWSManagedRulesKnownBadInputsRuleSet 200, '
      + 'AWSManagedRulesSQLiRuleSet 200, AWSManagedRulesLinuxRuleSet 200, AWSManagedRulesWindowsRuleSet 200, AWSManagedRulesPHPRuleSet 100), over the capacityLimit of 1500');
  });

  test('a capacityLimit above AWS WAF\'s maximum of 5,000', () => {
    expect(() => synth({ capacityLimit: 5001 })).toThrow('ManagedRulesWebAclProps.capacityLimit: received 5001; expected a whole number from 1 to 5000');
  });

  test('a log bucket name without the aws-waf-logs- prefix', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Logs', 'my-waf-logs');
    expect(() => synth({ logging: { bucket } }, stack)).toThrow(
      "ManagedRulesWebAclProps.logging.bucket: received 'my-waf-logs'; AWS WAF logs only to a destination whose name starts with 'aws-waf-logs-'");
  });

  test('a bucket of the app without a name', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Logs');
    expect(() => synth({ logging: { bucket } }, stack)).toThrow(
      'ManagedRulesWebAclProps.logging.bucket: received TestStack/Logs without a name, so CloudFormation would generate one');
  });

  test('a log group of the app named without the prefix', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'Logs', { logGroupName: 'waf' });
    expect(() => synth({ logging: { logGroup } }, stack)).toThrow(
      "ManagedRulesWebAclProps.logging.logGroup: received 'waf'; AWS WAF logs only to a destination whose name starts with 'aws-waf-logs-'");
  });

  test('both a log group and a bucket', () => {
    const stack = newStack();
    const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Group', 'aws-waf-logs-a');
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'aws-waf-logs-b');
    expect(() => synth({ logging: { logGroup, bucket } }, stack)).toThrow('ManagedRulesWebAclProps.logging: received both logGroup and bucket');
  });

  test('a group listed twice', () => {
    expect(() => synth({ managedRuleGroups: [{ group: ManagedRuleGroup.COMMON_RULE_SET }, { group: ManagedRuleGroup.COMMON_RULE_SET }] })).toThrow(
      "ManagedRulesWebAclProps.managedRuleGroups: 'AWS:AWSManagedRulesCommonRuleSet' is listed twice");
  });

  test('an empty group list', () => {
    expect(() => synth({ managedRuleGroups: [] })).toThrow('ManagedRulesWebAclProps.managedRuleGroups: received an empty list');
  });

  test('a rule both excluded and overridden', () => {
    expect(() => synth({
      managedRuleGroups: [{ group: ManagedRuleGroup.COMMON_RULE_SET, excludedRules: ['X'], ruleOverrides: [{ name: 'X', action: ManagedRuleAction.BLOCK }] }],
    })).toThrow("ManagedRulesWebAclProps.managedRuleGroups[AWSManagedRulesCommonRuleSet].excludedRules and ruleOverrides: 'X' is listed twice");
  });

  test('a rule name with spaces', () => {
    expect(() => synth({ managedRuleGroups: [{ group: ManagedRuleGroup.COMMON_RULE_SET, excludedRules: ['no such rule'] }] })).toThrow(
      "ManagedRulesWebAclProps.managedRuleGroups[AWSManagedRulesCommonRuleSet]: received the rule name 'no such rule'");
  });

  test('a rate limit below 10', () => {
    expect(() => synth({ rateLimit: { limit: 5 } })).toThrow('ManagedRulesWebAclProps.rateLimit.limit: received 5; expected a whole number from 10 to 2000000000');
  });

  test('an evaluation window AWS WAF does not offer', () => {
    expect(() => synth({ rateLimit: { limit: 100, evaluationWindow: Duration.minutes(3) } })).toThrow(
      'ManagedRulesWebAclProps.rateLimit.evaluationWindow: received 3 minutes; expected 1, 2, 5 or 10 minutes');
  });

  test('an upper-case redacted header', () => {
    expect(() => synth({ logging: { redactedHeaders: ['Authorization'] } })).toThrow(
      "ManagedRulesWebAclProps.logging.redactedHeaders: received 'Authorization'; expected a lower-case HTTP header name");
  });

  test('a ManagedRuleGroup.of capacity above 5,000', () => {
    expect(() => ManagedRuleGroup.of('Vendor', 'group', 6000)).toThrow("ManagedRuleGroup.of('Vendor', 'group').capacity: received 6000; expected a whole number from 1 to 5000");
  });
});
