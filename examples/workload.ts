// An example workload stack: a small web service behind an internet-facing Application Load
// Balancer with the managed-rules web ACL, checked at synth by the Phase1Checks pack and the four
// standard cdk-nag packs. Run it with `npx projen example`; the template lands in cdk.out/.
//
// The HTTPS listener needs an ACM certificate of your domain: pass its ARN with
// `-c certificateArn=arn:aws:acm:...` (CDK_CONTEXT_JSON); the placeholder below only synthesizes.
import { App, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { ManagedRuleGroup, ManagedRulesWebAcl, NagEnforcement, Phase1Checks, SecureLogBucket } from '../src';

const PACKS = ['AwsSolutions', 'NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'];

const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
const stack = new Stack(app, 'Workload', { env: { region: 'eu-west-1' } });
const certificateArn = app.node.tryGetContext('certificateArn')
  ?? 'arn:aws:acm:eu-west-1:111111111111:certificate/00000000-0000-0000-0000-000000000000';

// The load balancer's access logs and the VPC flow logs, and the server access logs of that bucket.
// Both use SSE-S3: ELB access logs and S3 server access logs are delivered only to SSE-S3 buckets.
const serverAccessLogs = new SecureLogBucket(stack, 'ServerAccessLogs');
const albLogs = new SecureLogBucket(stack, 'AlbLogs', { serverAccessLogsBucket: serverAccessLogs, serverAccessLogsPrefix: 'alb-logs/' });

// The network: public subnets for the load balancer only; the function runs outside the VPC.
const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false }],
  restrictDefaultSecurityGroup: true,
  flowLogs: { all: { destination: ec2.FlowLogDestination.toS3(albLogs, 'vpc-flow-logs/') } },
});
for (const subnet of vpc.publicSubnets) {
  Validations.of(subnet).acknowledge(...PACKS.slice(1).map(pack => ({
    id: `${pack}-VPCNoUnrestrictedRouteToIGW`,
    reason: 'The public subnets hold only the internet-facing load balancer, which needs the route to the internet gateway.',
  })));
}
for (const bucket of [serverAccessLogs, albLogs]) {
  Validations.of(bucket).acknowledge(...PACKS.slice(1).flatMap(pack => [
    { id: `${pack}-S3DefaultEncryptionKMS`, reason: 'ELB access logs and S3 server access logs are delivered only to buckets encrypted with SSE-S3.' },
    { id: `${pack}-S3BucketReplicationEnabled`, reason: 'Logs of one workload in one region; the account\'s log archive is where cross-region copies belong.' },
  ]));
}

const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', {
  vpc,
  internetFacing: true,
  deletionProtection: true,
  dropInvalidHeaderFields: true,
});
alb.logAccessLogs(albLogs, 'alb');
Validations.of(alb.connections.securityGroups[0]).acknowledge(
  { id: 'AwsSolutions-EC23', reason: 'The internet-facing load balancer serves HTTP (redirected) and HTTPS to everyone; the web ACL filters the requests.' },
  ...PACKS.slice(1).map(pack => ({ id: `${pack}-EC2RestrictedInbound`, reason: 'The internet-facing load balancer serves HTTP (redirected) and HTTPS to everyone; the web ACL filters the requests.' })),
);

// The web service: one function that answers every request.
const functionLogs = new logs.LogGroup(stack, 'FunctionLogs', {
  encryptionKey: logKey('FunctionLogsKey'),
  retention: logs.RetentionDays.ONE_YEAR,
  removalPolicy: RemovalPolicy.RETAIN,
});
const role = new iam.Role(stack, 'FunctionRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
new iam.ManagedPolicy(stack, 'FunctionLogging', {
  roles: [role],
  statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [functionLogs.logGroupArn] })],
});
const handler = new lambda.Function(stack, 'Handler', {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline([
    'exports.handler = async () => ({',
    '  statusCode: 200, statusDescription: "200 OK", isBase64Encoded: false,',
    '  headers: { "Content-Type": "text/plain" }, body: "Hello from behind AWS WAF\\n",',
    '});',
  ].join('\n')),
  role,
  logGroup: functionLogs,
  timeout: Duration.seconds(10),
  reservedConcurrentExecutions: 10,
});
Validations.of(handler).acknowledge(
  ...PACKS.slice(1).flatMap(pack => [
    { id: `${pack}-LambdaDLQ`, reason: 'The load balancer invokes the function synchronously; a dead-letter queue only receives failed asynchronous invocations.' },
    { id: `${pack}-LambdaInsideVPC`, reason: 'The function reaches no network resource: the load balancer invokes it through the Lambda service, and a VPC would add only network interface permissions.' },
  ]),
);

const https = alb.addListener('Https', {
  port: 443,
  certificates: [acm.Certificate.fromCertificateArn(stack, 'Certificate', certificateArn)],
  sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
});
https.addTargets('Handler', { targets: [new targets.LambdaTarget(handler)] });
const redirect = alb.addRedirect({ sourcePort: 80, targetPort: 443 });
Validations.of(redirect).acknowledge(...PACKS.slice(1).map(pack => ({
  id: `${pack}-ELBv2ACMCertificateRequired`,
  reason: 'Port 80 only redirects to the HTTPS listener and serves no content.',
})));

// Phase 1: AWS WAF with AWS managed rules in front of the load balancer.
const webAcl = new ManagedRulesWebAcl(stack, 'WebAcl', {
  managedRuleGroups: [
    { group: ManagedRuleGroup.COMMON_RULE_SET },
    { group: ManagedRuleGroup.KNOWN_BAD_INPUTS },
    { group: ManagedRuleGroup.AMAZON_IP_REPUTATION },
    { group: ManagedRuleGroup.LINUX },
  ],
  rateLimit: { limit: 2000 },
});
webAcl.associateLoadBalancer(alb);

NagEnforcement.enforce(stack, [
  new Phase1Checks(), new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks(),
]);

app.synth();
// synth() throws on any unacknowledged cdk-nag finding, so reaching this line means the packs passed.
console.log('cdk-nag: Phase1, AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 found no unacknowledged finding in the workload.');

function logKey(id: string): kms.Key {
  const key = new kms.Key(stack, id, { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${stack.region}:${stack.account}:log-group:*` } },
  }));
  return key;
}
