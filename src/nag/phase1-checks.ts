import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { NagMessageLevel, NagPack, NagPackProps, NagRuleCompliance } from './nag-core';
import * as rules from './rules';

/** A rule of the pack: the check and what a finding says. */
interface Phase1Rule {
  readonly rule: (node: CfnResource) => NagRuleCompliance;
  readonly info: string;
  readonly explanation: string;
}

const WAF = 'AWS Security Maturity Model Phase 1, "WAF with managed rules": put AWS WAF with the AWS managed core rule set (and the OS, PHP, WordPress or SQL groups that fit) in front of anything internet-facing; `ManagedRulesWebAcl` does it.';

const PHASE1_RULES: Phase1Rule[] = [
  {
    rule: rules.SecurityGroupNoPublicSsh,
    info: 'The security group lets 0.0.0.0/0 or ::/0 reach port 22 (SSH).',
    explanation: 'Security Hub EC2.13; Phase 1 "limit security groups". Reach instances through AWS Systems Manager Session Manager, or allow SSH from known address ranges only.',
  },
  {
    rule: rules.SecurityGroupNoPublicRdp,
    info: 'The security group lets 0.0.0.0/0 or ::/0 reach port 3389 (RDP).',
    explanation: 'Security Hub EC2.14; Phase 1 "limit security groups". Use Fleet Manager or Session Manager port forwarding, or allow RDP from known address ranges only.',
  },
  {
    rule: rules.SecurityGroupNoPublicHighRiskPorts,
    info: 'The security group lets 0.0.0.0/0 or ::/0 reach every port or a high-risk port (databases, SMB, FTP, Telnet, admin consoles).',
    explanation: 'Security Hub EC2.19; Phase 1 "limit security groups". Open only the ports the application serves (80, 443) to the internet and keep everything else to other security groups or known ranges.',
  },
  {
    rule: rules.LoadBalancerWebAcl,
    info: 'The internet-facing Application Load Balancer has no AWS WAF web ACL in this stack.',
    explanation: `Security Hub ELB.16; ${WAF}`,
  },
  {
    rule: rules.RestApiStageWebAcl,
    info: 'The API Gateway REST API stage has no AWS WAF web ACL in this stack.',
    explanation: `Security Hub APIGateway.4; ${WAF}`,
  },
  {
    rule: rules.GraphqlApiWebAcl,
    info: 'The public AppSync GraphQL API has no AWS WAF web ACL in this stack.',
    explanation: WAF,
  },
  {
    rule: rules.CloudFrontWebAcl,
    info: 'The CloudFront distribution has no AWS WAF web ACL (WebACLId).',
    explanation: `Security Hub CloudFront.6; ${WAF} A CloudFront web ACL is created in us-east-1 with scope CLOUDFRONT.`,
  },
  {
    rule: rules.S3BucketBlockPublicAccess,
    info: 'The S3 bucket does not turn on all four Block Public Access settings.',
    explanation: 'Security Hub S3.8; Phase 1 "S3 Block Public Access". Set blockPublicAccess: BlockPublicAccess.BLOCK_ALL; share content through CloudFront with origin access control instead.',
  },
  {
    rule: rules.EbsEncrypted,
    info: 'The EBS volume, or a volume of the launch template or instance, is not encrypted.',
    explanation: 'Security Hub EC2.3; Phase 1 "EBS encryption". Set encrypted: true; EBS encryption by default (EC2.7) covers only accounts and regions where it is on.',
  },
  {
    rule: rules.RdsInstanceNotPublic,
    info: 'The RDS DB instance is publicly accessible.',
    explanation: 'Security Hub RDS.2. Keep databases in private subnets with publiclyAccessible: false and reach them from the application\'s security group.',
  },
  {
    rule: rules.RdsStorageEncrypted,
    info: 'The RDS DB instance or cluster does not encrypt its storage.',
    explanation: 'Security Hub RDS.3 and RDS.27. Encryption can only be chosen when the database is created: set storageEncrypted: true.',
  },
  {
    rule: rules.IamUserNoAccessKey,
    info: 'The template creates an IAM user access key.',
    explanation: 'Phase 1 "MFA and root protection" and least privilege: access keys are long-lived credentials (Security Hub IAM.3 only rotates them). Give workloads IAM roles and people AWS IAM Identity Center.',
  },
  {
    rule: rules.IamUserNoPolicies,
    info: 'The IAM user has policies of its own (inline or attached).',
    explanation: 'Security Hub IAM.2. Grant permissions through IAM groups or roles so that they are reviewed in one place.',
  },
  {
    rule: rules.LambdaFunctionUrlAuth,
    info: 'The Lambda function URL has auth type NONE.',
    explanation: 'Security Hub Lambda.1: a function URL without IAM authentication lets anyone on the internet invoke the function. Use AWS_IAM, or put the function behind API Gateway or an ALB with a web ACL.',
  },
];

/**
 * A cdk-nag pack for workload stacks: the AWS Security Maturity Model Phase 1 items an account
 * baseline cannot see, each mapped to the Security Hub control that reports it in the account.
 *
 * Rule ids are `Phase1-<rule>`, e.g. `Phase1-SecurityGroupNoPublicSsh`. Enforce it with
 * `NagEnforcement.enforce(stack, [new Phase1Checks()])`; acknowledge a finding with
 * `Validations.of(construct).acknowledge({ id, reason })`.
 */
export class Phase1Checks extends NagPack {
  /** The pack's name, the prefix of its rule ids. */
  public readonly name: string = 'Phase1';

  /** The ids of the pack's rules. */
  public readonly ruleIds?: string[];

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'Phase1';
    this.ruleIds = PHASE1_RULES.map(rule => `${this.packName}-${rule.rule.name}`);
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of PHASE1_RULES) {
      this.applyRule({
        info: rule.info,
        explanation: rule.explanation,
        level: NagMessageLevel.ERROR,
        rule: rule.rule,
        node,
      });
    }
  }
}
