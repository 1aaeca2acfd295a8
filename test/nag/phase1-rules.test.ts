// Each Phase1 rule called on one L1 resource, as cdk-nag tests its own rules: the verdict for the
// shapes a user's template holds that the L2 fixtures of phase1-checks.test.ts do not reach (raw L1
// properties, numeric protocols, several rules in one group, an association to another resource).
// A rule that throws is reported by cdk-nag as "Rule threw an error", a finding like any other, so
// only a direct call tells a crash from a verdict.
import { App, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { NagRuleCompliance } from '../../src/nag/nag-core';
import { NagEnforcement } from '../../src/nag/nag-enforcement';
import { Phase1Checks } from '../../src/nag/phase1-checks';
import * as rules from '../../src/nag/rules';

const { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE } = NagRuleCompliance;

const DISTRIBUTION: cloudfront.CfnDistribution.DistributionConfigProperty = {
  enabled: true,
  defaultCacheBehavior: { targetOriginId: 'origin', viewerProtocolPolicy: 'https-only' },
};

function newStack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '111111111111', region: 'us-east-1' } });
}

function ingress(stack: Stack, props: Omit<ec2.CfnSecurityGroupIngressProps, 'groupId'>): ec2.CfnSecurityGroupIngress {
  return new ec2.CfnSecurityGroupIngress(stack, 'Ingress', { groupId: 'sg-12345678', ...props });
}

function associate(stack: Stack, id: string, resourceArn: string): void {
  new wafv2.CfnWebACLAssociation(stack, id, { resourceArn, webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/acl/1' });
}

describe('security group rules (EC2.13, EC2.14, EC2.19)', () => {
  test('not applicable to a resource that is not a security group or an ingress rule', () => {
    expect(rules.SecurityGroupNoPublicSsh(new s3.CfnBucket(newStack(), 'Bucket'))).toBe(NOT_APPLICABLE);
  });

  test('protocol -1 from anywhere opens SSH, RDP and the high-risk ports', () => {
    const rule = ingress(newStack(), { ipProtocol: '-1', cidrIp: '0.0.0.0/0' });
    expect([rules.SecurityGroupNoPublicSsh(rule), rules.SecurityGroupNoPublicRdp(rule), rules.SecurityGroupNoPublicHighRiskPorts(rule)])
      .toEqual([NON_COMPLIANT, NON_COMPLIANT, NON_COMPLIANT]);
  });

  test.each([
    ['tcp by number (6)', '6', 22, rules.SecurityGroupNoPublicSsh],
    ['udp by name', 'udp', 3389, rules.SecurityGroupNoPublicRdp],
    ['udp by number (17)', '17', 3389, rules.SecurityGroupNoPublicRdp],
    ['TCP in capitals', 'TCP', 22, rules.SecurityGroupNoPublicSsh],
  ])('%s from anywhere to the port is non-compliant', (_name, ipProtocol, port, rule) => {
    expect(rule(ingress(newStack(), { ipProtocol, cidrIpv6: '::/0', fromPort: port, toPort: port }))).toBe(NON_COMPLIANT);
  });

  test('another protocol from anywhere opens no TCP or UDP port, whatever ports it names (EC2 ignores them)', () => {
    expect(rules.SecurityGroupNoPublicSsh(ingress(newStack(), { ipProtocol: '47', cidrIp: '0.0.0.0/0', fromPort: 0, toPort: 65535 }))).toBe(COMPLIANT);
  });

  test('ICMP from anywhere (every type, -1) opens no port', () => {
    expect(rules.SecurityGroupNoPublicSsh(ingress(newStack(), { ipProtocol: 'icmp', cidrIp: '0.0.0.0/0', fromPort: -1, toPort: -1 }))).toBe(COMPLIANT);
  });

  test.each([
    [20, 22, NON_COMPLIANT],
    [22, 30, NON_COMPLIANT],
    [23, 30, COMPLIANT],
    [10, 21, COMPLIANT],
  ])('a TCP range %i-%i from anywhere, for SSH (22)', (fromPort, toPort, verdict) => {
    expect(rules.SecurityGroupNoPublicSsh(ingress(newStack(), { ipProtocol: 'tcp', cidrIp: '0.0.0.0/0', fromPort, toPort }))).toBe(verdict);
  });

  test('one open rule among closed ones makes the group non-compliant', () => {
    const group = new ec2.CfnSecurityGroup(newStack(), 'Group', {
      groupDescription: 'mixed',
      securityGroupIngress: [
        { ipProtocol: 'tcp', cidrIp: '10.0.0.0/8', fromPort: 22, toPort: 22 },
        { ipProtocol: 'tcp', cidrIp: '0.0.0.0/0', fromPort: 22, toPort: 22 },
      ],
    });
    expect(rules.SecurityGroupNoPublicSsh(group)).toBe(NON_COMPLIANT);
  });

  test('a group without inbound rules is compliant', () => {
    expect(rules.SecurityGroupNoPublicSsh(new ec2.CfnSecurityGroup(newStack(), 'Group', { groupDescription: 'closed' }))).toBe(COMPLIANT);
  });
});

describe('Phase1-EbsEncrypted (EC2.3)', () => {
  const unencrypted = { deviceName: '/dev/xvdb', ebs: { volumeSize: 8, encrypted: false } };
  const encrypted = { deviceName: '/dev/xvdc', ebs: { volumeSize: 8, encrypted: true } };
  const instanceStore = { deviceName: '/dev/sdb', virtualName: 'ephemeral0' };

  test('a launch template with one unencrypted volume among encrypted ones is non-compliant', () => {
    const template = new ec2.CfnLaunchTemplate(newStack(), 'Template', { launchTemplateData: { blockDeviceMappings: [encrypted, unencrypted] } });
    expect(rules.EbsEncrypted(template)).toBe(NON_COMPLIANT);
  });

  test('an instance store volume (no ebs) and a template without volumes are compliant', () => {
    const stack = newStack();
    expect(rules.EbsEncrypted(new ec2.CfnLaunchTemplate(stack, 'Store', { launchTemplateData: { blockDeviceMappings: [instanceStore] } }))).toBe(COMPLIANT);
    expect(rules.EbsEncrypted(new ec2.CfnLaunchTemplate(stack, 'Bare', { launchTemplateData: { instanceType: 't3.micro' } }))).toBe(COMPLIANT);
  });

  test('an instance: unencrypted block device non-compliant, encrypted or none compliant', () => {
    const stack = newStack();
    expect(rules.EbsEncrypted(new ec2.CfnInstance(stack, 'Plain', { imageId: 'ami-12345678', blockDeviceMappings: [unencrypted] }))).toBe(NON_COMPLIANT);
    expect(rules.EbsEncrypted(new ec2.CfnInstance(stack, 'Encrypted', { imageId: 'ami-12345678', blockDeviceMappings: [encrypted] }))).toBe(COMPLIANT);
    expect(rules.EbsEncrypted(new ec2.CfnInstance(stack, 'Bare', { imageId: 'ami-12345678' }))).toBe(COMPLIANT);
  });
});

describe('web ACL rules: only an association naming this resource counts', () => {
  test('an ALB whose stack associates a web ACL with another load balancer is non-compliant; its own association makes it compliant', () => {
    const stack = newStack();
    const alb = new elbv2.CfnLoadBalancer(stack, 'Alb', { subnets: ['subnet-1', 'subnet-2'] });
    const other = new elbv2.CfnLoadBalancer(stack, 'Other', { subnets: ['subnet-1', 'subnet-2'] });
    associate(stack, 'OtherAcl', other.ref);
    expect(rules.LoadBalancerWebAcl(alb)).toBe(NON_COMPLIANT);
    associate(stack, 'AlbAcl', alb.ref);
    expect(rules.LoadBalancerWebAcl(alb)).toBe(COMPLIANT);
  });

  test('CloudFormation defaults a load balancer to an internet-facing ALB; a network or internal one is not applicable', () => {
    const stack = newStack();
    expect(rules.LoadBalancerWebAcl(new elbv2.CfnLoadBalancer(stack, 'Unset', { subnets: ['subnet-1'] }))).toBe(NON_COMPLIANT);
    expect(rules.LoadBalancerWebAcl(new elbv2.CfnLoadBalancer(stack, 'Network', { type: 'network', subnets: ['subnet-1'] }))).toBe(NOT_APPLICABLE);
    expect(rules.LoadBalancerWebAcl(new elbv2.CfnLoadBalancer(stack, 'Internal', { scheme: 'internal', subnets: ['subnet-1'] }))).toBe(NOT_APPLICABLE);
  });

  test('a GraphQL API is compliant only through its own association', () => {
    const stack = newStack();
    const api = new appsync.CfnGraphQLApi(stack, 'Api', { name: 'api', authenticationType: 'API_KEY' });
    associate(stack, 'ElsewhereAcl', new appsync.CfnGraphQLApi(stack, 'Other', { name: 'other', authenticationType: 'API_KEY' }).attrArn);
    expect(rules.GraphqlApiWebAcl(api)).toBe(NON_COMPLIANT);
  });

  test('a REST API stage: an association with another stage of the same API does not count; one by stage name does', () => {
    const stack = newStack();
    const api = new apigateway.CfnRestApi(stack, 'Api', { name: 'api', endpointConfiguration: { types: ['REGIONAL'] } });
    const prod = new apigateway.CfnStage(stack, 'Prod', { restApiId: api.ref, stageName: 'prod', deploymentId: 'd1' });
    const test = new apigateway.CfnStage(stack, 'Test', { restApiId: api.ref, stageName: 'test', deploymentId: 'd1' });
    associate(stack, 'TestAcl', Fn.join('', ['arn:aws:apigateway:us-east-1::/restapis/', api.ref, '/stages/', test.ref]));
    expect(rules.RestApiStageWebAcl(prod)).toBe(NON_COMPLIANT);
    expect(rules.RestApiStageWebAcl(test)).toBe(COMPLIANT);
    associate(stack, 'ProdAcl', Fn.join('', ['arn:aws:apigateway:us-east-1::/restapis/', api.ref, '/stages/prod']));
    expect(rules.RestApiStageWebAcl(prod)).toBe(COMPLIANT);
  });

  test('a REST API stage: REGIONAL or EDGE is checked, PRIVATE is not applicable, an API outside the stack is checked', () => {
    const stack = newStack();
    const stageOf = (id: string, restApiId: string) => new apigateway.CfnStage(stack, id, { restApiId, deploymentId: 'd1' });
    const regional = new apigateway.CfnRestApi(stack, 'Regional', { name: 'r', endpointConfiguration: { types: ['REGIONAL'] } });
    const privateApi = new apigateway.CfnRestApi(stack, 'Private', { name: 'p', endpointConfiguration: { types: ['PRIVATE'] } });
    expect(rules.RestApiStageWebAcl(stageOf('RegionalStage', regional.ref))).toBe(NON_COMPLIANT);
    expect(rules.RestApiStageWebAcl(stageOf('PrivateStage', privateApi.ref))).toBe(NOT_APPLICABLE);
    expect(rules.RestApiStageWebAcl(stageOf('ImportedStage', 'a1b2c3d4e5'))).toBe(NON_COMPLIANT);
  });

  test('a CloudFront distribution with an empty WebACLId is non-compliant', () => {
    const distribution = new cloudfront.CfnDistribution(newStack(), 'Distribution', { distributionConfig: { ...DISTRIBUTION, webAclId: '' } });
    expect(rules.CloudFrontWebAcl(distribution)).toBe(NON_COMPLIANT);
  });
});

describe('Phase1-S3BucketBlockPublicAccess, Phase1-RdsInstanceNotPublic, Phase1-IamUserNoPolicies on L1 resources', () => {
  test('a bucket without PublicAccessBlockConfiguration is non-compliant (S3 then applies only the account-level settings)', () => {
    expect(rules.S3BucketBlockPublicAccess(new s3.CfnBucket(newStack(), 'Bucket'))).toBe(NON_COMPLIANT);
  });

  test.each([
    ['no subnet group, no cluster, PubliclyAccessible unset (RDS makes it public)', {}, NON_COMPLIANT],
    ['in a DB subnet group, PubliclyAccessible unset (private by default there)', { dbSubnetGroupName: 'private' }, COMPLIANT],
    ['a cluster member, PubliclyAccessible unset', { dbClusterIdentifier: 'cluster' }, COMPLIANT],
    ['PubliclyAccessible false, no subnet group', { publiclyAccessible: false }, COMPLIANT],
  ])('an RDS instance %s', (_name, props, verdict) => {
    expect(rules.RdsInstanceNotPublic(new rds.CfnDBInstance(newStack(), 'Db', { dbInstanceClass: 'db.t3.micro', engine: 'postgres', ...props }))).toBe(verdict);
  });

  test('an IAM user: empty policy lists are compliant, a token list of managed policies is not', () => {
    const stack = newStack();
    expect(rules.IamUserNoPolicies(new iam.CfnUser(stack, 'Empty', { policies: [], managedPolicyArns: [] }))).toBe(COMPLIANT);
    expect(rules.IamUserNoPolicies(new iam.CfnUser(stack, 'Imported', { managedPolicyArns: Fn.split(',', Fn.importValue('PolicyArns')) }))).toBe(NON_COMPLIANT);
    expect(rules.IamUserNoPolicies(new lambda.CfnUrl(stack, 'Url', { authType: 'NONE', targetFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:f' }))).toBe(NOT_APPLICABLE);
  });
});

test('every finding says what is wrong and the Security Hub control or Phase 1 item behind it (verbose)', () => {
  const stack = newStack();
  ingress(stack, { ipProtocol: '-1', cidrIp: '0.0.0.0/0' });
  new elbv2.CfnLoadBalancer(stack, 'Alb', { subnets: ['subnet-1'] });
  const api = new apigateway.CfnRestApi(stack, 'Api', { name: 'api' });
  new apigateway.CfnStage(stack, 'Stage', { restApiId: api.ref, deploymentId: 'd1' });
  new appsync.CfnGraphQLApi(stack, 'GraphQL', { name: 'api', authenticationType: 'API_KEY' });
  new cloudfront.CfnDistribution(stack, 'Distribution', { distributionConfig: DISTRIBUTION });
  new s3.CfnBucket(stack, 'Bucket');
  new ec2.CfnVolume(stack, 'Volume', { availabilityZone: 'us-east-1a', size: 8 });
  new rds.CfnDBInstance(stack, 'Db', { dbInstanceClass: 'db.t3.micro', engine: 'postgres', publiclyAccessible: true });
  const user = new iam.CfnUser(stack, 'User', { policies: [{ policyName: 'p', policyDocument: {} }] });
  new iam.CfnAccessKey(stack, 'Key', { userName: user.ref });
  new lambda.CfnUrl(stack, 'Url', { authType: 'NONE', targetFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:f' });

  const descriptions = Object.fromEntries(new Phase1Checks(undefined, { verbose: true }).validateScope(stack).violations
    .map(violation => [violation.ruleName, violation.description]));
  expect(descriptions).toEqual({
    'Phase1-SecurityGroupNoPublicSsh': expect.stringMatching(/^The security group lets 0\.0\.0\.0\/0 or ::\/0 reach port 22 \(SSH\)\. Security Hub EC2\.13; .*Session Manager/),
    'Phase1-SecurityGroupNoPublicRdp': expect.stringMatching(/^The security group lets 0\.0\.0\.0\/0 or ::\/0 reach port 3389 \(RDP\)\. Security Hub EC2\.14; .*Fleet Manager/),
    'Phase1-SecurityGroupNoPublicHighRiskPorts': expect.stringMatching(/^The security group lets 0\.0\.0\.0\/0 or ::\/0 reach every port or a high-risk port .* Security Hub EC2\.19; /),
    'Phase1-LoadBalancerWebAcl': expect.stringMatching(/^The internet-facing Application Load Balancer has no AWS WAF web ACL in this stack\. Security Hub ELB\.16; AWS Security Maturity Model Phase 1, "WAF with managed rules"/),
    'Phase1-RestApiStageWebAcl': expect.stringMatching(/^The API Gateway REST API stage has no AWS WAF web ACL in this stack\. Security Hub APIGateway\.4; AWS Security Maturity Model Phase 1/),
    'Phase1-GraphqlApiWebAcl': expect.stringMatching(/^The public AppSync GraphQL API has no AWS WAF web ACL in this stack\. AWS Security Maturity Model Phase 1, "WAF with managed rules"/),
    'Phase1-CloudFrontWebAcl': expect.stringMatching(/^The CloudFront distribution has no AWS WAF web ACL \(WebACLId\)\. Security Hub CloudFront\.6; .* us-east-1 with scope CLOUDFRONT/),
    'Phase1-S3BucketBlockPublicAccess': expect.stringMatching(/^The S3 bucket does not turn on all four Block Public Access settings\. Security Hub S3\.8; .*BLOCK_ALL/),
    'Phase1-EbsEncrypted': expect.stringMatching(/^The EBS volume, or a volume of the launch template or instance, is not encrypted\. Security Hub EC2\.3; .*encrypted: true/),
    'Phase1-RdsInstanceNotPublic': expect.stringMatching(/^The RDS DB instance is publicly accessible\. Security Hub RDS\.2\. .*publiclyAccessible: false/),
    'Phase1-RdsStorageEncrypted': expect.stringMatching(/^The RDS DB instance or cluster does not encrypt its storage\. Security Hub RDS\.3 and RDS\.27\. .*storageEncrypted: true/),
    'Phase1-IamUserNoAccessKey': expect.stringMatching(/^The template creates an IAM user access key\. Phase 1 "MFA and root protection" .*IAM Identity Center/),
    'Phase1-IamUserNoPolicies': expect.stringMatching(/^The IAM user has policies of its own \(inline or attached\)\. Security Hub IAM\.2\. .*groups or roles/),
    'Phase1-LambdaFunctionUrlAuth': expect.stringMatching(/^The Lambda function URL has auth type NONE\. Security Hub Lambda\.1: .*AWS_IAM/),
  });
});

test('NagEnforcement.enforce with no packs adds no validation, so even an acknowledgement without a reason passes', () => {
  const stack = newStack();
  stack.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { 'Phase1-EbsEncrypted': ' ' });
  NagEnforcement.enforce(stack, []);
  expect(stack.node.validate()).toEqual([]);
  NagEnforcement.enforce(stack, [new Phase1Checks()]);
  expect(stack.node.validate()).toEqual([expect.stringMatching(/^\[acknowledgement\] TestStack: Phase1-EbsEncrypted is acknowledged with an empty reason/)]);
});

test('the pack is named Phase1, the name a policy validation report shows for it', () => {
  expect(new Phase1Checks().name).toBe('Phase1');
});
