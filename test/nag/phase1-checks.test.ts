import { App, Size, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { NagEnforcement } from '../../src/nag/nag-enforcement';
import { Phase1Checks } from '../../src/nag/phase1-checks';
import { ManagedRulesWebAcl } from '../../src/waf/managed-rules-web-acl';
import { WebAclScope } from '../../src/waf/managed-rules-web-acl-props';

function newStack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '111111111111', region: 'us-east-1' } });
}

/** The Phase1 rule ids that fire under `scope`, each with the construct paths it names. */
function findings(scope: Construct): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const violation of new Phase1Checks().validateScope(scope).violations) {
    result[violation.ruleName] = violation.violatingResources.map(resource => resource.constructPath ?? '');
  }
  return result;
}

function ruleFindings(rule: string, build: (stack: Stack) => void): string[] {
  const stack = newStack();
  build(stack);
  return findings(stack)[`Phase1-${rule}`] ?? [];
}

function vpcOf(stack: Stack): ec2.IVpc {
  return new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 2 });
}

function securityGroup(stack: Stack, peer: ec2.IPeer, port: ec2.Port): ec2.SecurityGroup {
  const group = new ec2.SecurityGroup(stack, 'Group', { vpc: vpcOf(stack) });
  group.addIngressRule(peer, port);
  return group;
}

test('the pack lists its fourteen rules', () => {
  expect(new Phase1Checks().ruleIds).toEqual([
    'Phase1-SecurityGroupNoPublicSsh', 'Phase1-SecurityGroupNoPublicRdp', 'Phase1-SecurityGroupNoPublicHighRiskPorts',
    'Phase1-LoadBalancerWebAcl', 'Phase1-RestApiStageWebAcl', 'Phase1-GraphqlApiWebAcl', 'Phase1-CloudFrontWebAcl',
    'Phase1-S3BucketBlockPublicAccess', 'Phase1-EbsEncrypted', 'Phase1-RdsInstanceNotPublic', 'Phase1-RdsStorageEncrypted',
    'Phase1-IamUserNoAccessKey', 'Phase1-IamUserNoPolicies', 'Phase1-LambdaFunctionUrlAuth',
  ]);
});

describe('Phase1-SecurityGroupNoPublicSsh (EC2.13)', () => {
  test('non-compliant: SSH from 0.0.0.0/0', () => {
    expect(ruleFindings('SecurityGroupNoPublicSsh', stack => securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.tcp(22)))).toEqual(['TestStack/Group/Resource']);
  });
  test('non-compliant: a standalone ingress rule from ::/0 over a range that holds 22', () => {
    expect(ruleFindings('SecurityGroupNoPublicSsh', stack => {
      new ec2.CfnSecurityGroupIngress(stack, 'Ingress', { groupId: 'sg-123', ipProtocol: 'tcp', cidrIpv6: '::/0', fromPort: 20, toPort: 25 });
    })).toEqual(['TestStack/Ingress']);
  });
  test('compliant: SSH from a known range', () => {
    expect(ruleFindings('SecurityGroupNoPublicSsh', stack => securityGroup(stack, ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(22)))).toEqual([]);
  });
});

describe('Phase1-SecurityGroupNoPublicRdp (EC2.14)', () => {
  test('non-compliant: RDP from ::/0', () => {
    expect(ruleFindings('SecurityGroupNoPublicRdp', stack => securityGroup(stack, ec2.Peer.anyIpv6(), ec2.Port.tcp(3389)))).toEqual(['TestStack/Group/Resource']);
  });
  test('compliant: HTTPS from anywhere', () => {
    expect(ruleFindings('SecurityGroupNoPublicRdp', stack => securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.tcp(443)))).toEqual([]);
  });
});

describe('Phase1-SecurityGroupNoPublicHighRiskPorts (EC2.19)', () => {
  test('non-compliant: all traffic from anywhere', () => {
    expect(ruleFindings('SecurityGroupNoPublicHighRiskPorts', stack => securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.allTraffic()))).toEqual(['TestStack/Group/Resource']);
  });
  test('non-compliant: PostgreSQL from anywhere', () => {
    expect(ruleFindings('SecurityGroupNoPublicHighRiskPorts', stack => securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.tcp(5432)))).toEqual(['TestStack/Group/Resource']);
  });
  test('compliant: HTTP and HTTPS from anywhere', () => {
    expect(ruleFindings('SecurityGroupNoPublicHighRiskPorts', stack => {
      securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.tcp(443)).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80));
    })).toEqual([]);
  });
});

function internetFacingAlb(stack: Stack, internetFacing = true): elbv2.ApplicationLoadBalancer {
  return new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc: vpcOf(stack), internetFacing });
}

describe('Phase1-LoadBalancerWebAcl', () => {
  test('non-compliant: an internet-facing ALB without a web ACL', () => {
    expect(ruleFindings('LoadBalancerWebAcl', stack => internetFacingAlb(stack))).toEqual(['TestStack/Alb/Resource']);
  });
  test('compliant: an internet-facing ALB with a ManagedRulesWebAcl', () => {
    expect(ruleFindings('LoadBalancerWebAcl', stack => new ManagedRulesWebAcl(stack, 'WebAcl').associateLoadBalancer(internetFacingAlb(stack)))).toEqual([]);
  });
  test('not applicable: an internal ALB', () => {
    expect(ruleFindings('LoadBalancerWebAcl', stack => internetFacingAlb(stack, false))).toEqual([]);
  });
});

function restApi(stack: Stack, props: apigateway.RestApiProps = {}): apigateway.RestApi {
  const api = new apigateway.RestApi(stack, 'Api', props);
  api.root.addMethod('GET');
  return api;
}

describe('Phase1-RestApiStageWebAcl', () => {
  test('non-compliant: a regional REST API stage without a web ACL', () => {
    expect(ruleFindings('RestApiStageWebAcl', stack => restApi(stack))).toEqual(['TestStack/Api/DeploymentStage.prod/Resource']);
  });
  test('compliant: the stage associated with a web ACL', () => {
    expect(ruleFindings('RestApiStageWebAcl', stack => new ManagedRulesWebAcl(stack, 'WebAcl').associateRestApiStage(restApi(stack).deploymentStage))).toEqual([]);
  });
  test('not applicable: a PRIVATE REST API', () => {
    expect(ruleFindings('RestApiStageWebAcl', stack => {
      const api = new apigateway.RestApi(stack, 'Api', {
        endpointTypes: [apigateway.EndpointType.PRIVATE],
        policy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] })] }),
      });
      api.root.addMethod('GET');
    })).toEqual([]);
  });
});

function graphqlApi(stack: Stack, visibility?: appsync.Visibility): appsync.GraphqlApi {
  return new appsync.GraphqlApi(stack, 'Graphql', {
    name: 'api', visibility, definition: appsync.Definition.fromSchema(appsync.SchemaFile.fromAsset(`${__dirname}/../waf/schema.graphql`)),
  });
}

describe('Phase1-GraphqlApiWebAcl', () => {
  test('non-compliant: a public GraphQL API without a web ACL', () => {
    expect(ruleFindings('GraphqlApiWebAcl', stack => graphqlApi(stack))).toEqual(['TestStack/Graphql/Resource']);
  });
  test('compliant: associated with a web ACL', () => {
    expect(ruleFindings('GraphqlApiWebAcl', stack => new ManagedRulesWebAcl(stack, 'WebAcl').associateGraphqlApi(graphqlApi(stack)))).toEqual([]);
  });
  test('not applicable: a PRIVATE GraphQL API', () => {
    expect(ruleFindings('GraphqlApiWebAcl', stack => graphqlApi(stack, appsync.Visibility.PRIVATE))).toEqual([]);
  });
});

describe('Phase1-CloudFrontWebAcl (CloudFront.6)', () => {
  const origin = () => new origins.HttpOrigin('example.com');
  test('non-compliant: a distribution without a web ACL', () => {
    expect(ruleFindings('CloudFrontWebAcl', stack => new cloudfront.Distribution(stack, 'Cdn', { defaultBehavior: { origin: origin() } }))).toEqual(['TestStack/Cdn/Resource']);
  });
  test('compliant: a distribution with a CLOUDFRONT web ACL', () => {
    expect(ruleFindings('CloudFrontWebAcl', stack => {
      const acl = new ManagedRulesWebAcl(stack, 'WebAcl', { scope: WebAclScope.CLOUDFRONT });
      new cloudfront.Distribution(stack, 'Cdn', { defaultBehavior: { origin: origin() }, webAclId: acl.webAclArn });
    })).toEqual([]);
  });
});

describe('Phase1-S3BucketBlockPublicAccess (S3.8)', () => {
  test('non-compliant: a bucket without Block Public Access in the template', () => {
    expect(ruleFindings('S3BucketBlockPublicAccess', stack => new s3.Bucket(stack, 'Bucket'))).toEqual(['TestStack/Bucket/Resource']);
  });
  test('non-compliant: a bucket with public policies allowed', () => {
    expect(ruleFindings('S3BucketBlockPublicAccess', stack => new s3.Bucket(stack, 'Bucket', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY }))).toEqual(['TestStack/Bucket/Resource']);
  });
  test('compliant: BLOCK_ALL', () => {
    expect(ruleFindings('S3BucketBlockPublicAccess', stack => new s3.Bucket(stack, 'Bucket', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL }))).toEqual([]);
  });
});

describe('Phase1-EbsEncrypted (EC2.3)', () => {
  test('non-compliant: an unencrypted volume', () => {
    expect(ruleFindings('EbsEncrypted', stack => new ec2.Volume(stack, 'Volume', { availabilityZone: 'us-east-1a', size: Size.gibibytes(8) }))).toEqual(['TestStack/Volume/Resource']);
  });
  test('non-compliant: a launch template with an unencrypted volume', () => {
    expect(ruleFindings('EbsEncrypted', stack => new ec2.LaunchTemplate(stack, 'Template', {
      blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8) }],
    }))).toEqual(['TestStack/Template/Resource']);
  });
  test('compliant: an encrypted volume and launch template', () => {
    expect(ruleFindings('EbsEncrypted', stack => {
      new ec2.Volume(stack, 'Volume', { availabilityZone: 'us-east-1a', size: Size.gibibytes(8), encrypted: true });
      new ec2.LaunchTemplate(stack, 'Template', { blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true }) }] });
    })).toEqual([]);
  });
});

describe('Phase1-RdsInstanceNotPublic (RDS.2) and Phase1-RdsStorageEncrypted (RDS.3)', () => {
  test('non-compliant: a public, unencrypted instance', () => {
    const stack = newStack();
    new rds.CfnDBInstance(stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.micro', allocatedStorage: '20', publiclyAccessible: true });
    expect(findings(stack)['Phase1-RdsInstanceNotPublic']).toEqual(['TestStack/Db']);
    expect(findings(stack)['Phase1-RdsStorageEncrypted']).toEqual(['TestStack/Db']);
  });
  test('non-compliant: an instance outside a subnet group that does not say, which RDS makes public', () => {
    expect(ruleFindings('RdsInstanceNotPublic', stack => new rds.CfnDBInstance(stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.micro', storageEncrypted: true }))).toEqual(['TestStack/Db']);
  });
  test('non-compliant: an unencrypted cluster', () => {
    expect(ruleFindings('RdsStorageEncrypted', stack => new rds.CfnDBCluster(stack, 'Cluster', { engine: 'aurora-postgresql' }))).toEqual(['TestStack/Cluster']);
  });
  test('compliant: an encrypted Aurora cluster, whose member instances inherit its encryption and are not flagged', () => {
    const stack = newStack();
    new rds.DatabaseCluster(stack, 'Cluster', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      vpc: vpcOf(stack),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      writer: rds.ClusterInstance.provisioned('Writer'),
      readers: [rds.ClusterInstance.provisioned('Reader')],
      storageEncrypted: true,
    });
    Template.fromStack(stack).resourceCountIs('AWS::RDS::DBInstance', 2);
    expect(findings(stack)['Phase1-RdsStorageEncrypted']).toBeUndefined();
    expect(findings(stack)['Phase1-RdsInstanceNotPublic']).toBeUndefined();
  });
  test('non-compliant: an unencrypted Aurora cluster is flagged once, on the cluster, not on each member instance', () => {
    expect(ruleFindings('RdsStorageEncrypted', stack => new rds.DatabaseCluster(stack, 'Cluster', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      vpc: vpcOf(stack),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      writer: rds.ClusterInstance.provisioned('Writer'),
      storageEncrypted: false,
    }))).toEqual(['TestStack/Cluster/Resource']);
  });
  test.each([
    ['an instance in a cluster', { dbClusterIdentifier: 'my-cluster' }],
    ['a read replica', { sourceDbInstanceIdentifier: 'arn:aws:rds:us-east-1:111111111111:db:source' }],
    ['an instance restored from a snapshot', { dbSnapshotIdentifier: 'arn:aws:rds:us-east-1:111111111111:snapshot:nightly' }],
  ])('not applicable, as it inherits its encryption and does not set storageEncrypted itself: %s', (_what, inherited) => {
    expect(ruleFindings('RdsStorageEncrypted', stack => new rds.CfnDBInstance(stack, 'Db', {
      engine: 'postgres', dbInstanceClass: 'db.t4g.micro', publiclyAccessible: false, ...inherited,
    }))).toEqual([]);
  });
  test.each([
    ['a cluster restored from a snapshot', { snapshotIdentifier: 'arn:aws:rds:us-east-1:111111111111:cluster-snapshot:nightly' }],
    ['a cluster cloned from another (point-in-time restore)', { sourceDbClusterIdentifier: 'source-cluster', restoreType: 'copy-on-write' }],
  ])('not applicable: %s, which inherits its source\'s encryption', (_what, inherited) => {
    expect(ruleFindings('RdsStorageEncrypted', stack => new rds.CfnDBCluster(stack, 'Cluster', { engine: 'aurora-postgresql', ...inherited }))).toEqual([]);
  });
  test('compliant: the L2 instance in private subnets, encrypted', () => {
    const stack = newStack();
    new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.POSTGRES,
      vpc: vpcOf(stack),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
    });
    expect(findings(stack)['Phase1-RdsInstanceNotPublic']).toBeUndefined();
    expect(findings(stack)['Phase1-RdsStorageEncrypted']).toBeUndefined();
  });
});

describe('Phase1-IamUserNoAccessKey and Phase1-IamUserNoPolicies (IAM.2)', () => {
  test('non-compliant: a user with an access key and an inline policy', () => {
    const stack = newStack();
    const user = new iam.User(stack, 'User');
    user.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] }));
    new iam.AccessKey(stack, 'Key', { user });
    expect(findings(stack)['Phase1-IamUserNoAccessKey']).toEqual(['TestStack/Key/Resource']);
    expect(findings(stack)['Phase1-IamUserNoPolicies']).toEqual(['TestStack/User/DefaultPolicy/Resource']);
  });
  test('non-compliant: a user with a managed policy attached', () => {
    expect(ruleFindings('IamUserNoPolicies', stack => new iam.User(stack, 'User', { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] })))
      .toEqual(['TestStack/User/Resource']);
  });
  test('compliant: a user that gets permissions from a group', () => {
    const stack = newStack();
    const group = new iam.Group(stack, 'Group');
    group.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] }));
    new iam.User(stack, 'User', { groups: [group] });
    expect(findings(stack)['Phase1-IamUserNoPolicies']).toBeUndefined();
    expect(findings(stack)['Phase1-IamUserNoAccessKey']).toBeUndefined();
  });
});

describe('Phase1-LambdaFunctionUrlAuth (Lambda.1)', () => {
  function fn(stack: Stack): lambda.Function {
    return new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});') });
  }
  test('non-compliant: auth type NONE', () => {
    expect(ruleFindings('LambdaFunctionUrlAuth', stack => fn(stack).addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE }))).toEqual(['TestStack/Fn/FunctionUrl/Resource']);
  });
  test('compliant: AWS_IAM', () => {
    expect(ruleFindings('LambdaFunctionUrlAuth', stack => fn(stack).addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM }))).toEqual([]);
  });
});

describe('enforcement and acknowledgements', () => {
  test('NagEnforcement fails synth with the rule id and the construct path', () => {
    const stack = newStack();
    securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    NagEnforcement.enforce(stack, [new Phase1Checks()]);
    expect(() => Template.fromStack(stack)).toThrow('[Phase1-SecurityGroupNoPublicSsh] TestStack/Group/Resource: The security group lets 0.0.0.0/0 or ::/0 reach port 22 (SSH).');
  });

  test('an acknowledgement with a reason lets it synthesize', () => {
    const stack = newStack();
    const group = securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    Validations.of(group).acknowledge({ id: 'Phase1-SecurityGroupNoPublicSsh', reason: 'A bastion for a one-day incident drill, removed afterwards' });
    NagEnforcement.enforce(stack, [new Phase1Checks()]);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});
