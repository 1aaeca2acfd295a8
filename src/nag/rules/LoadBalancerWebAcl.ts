import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance, NagRules } from '../nag-core';
import { hasWebAclAssociation, logicalIdOf } from './web-acl-association';

/**
 * Internet-facing Application Load Balancers are associated with an AWS WAF web ACL.
 * Phase 1 "WAF with managed rules"; Security Hub ELB.16.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnLoadBalancer)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    // CloudFormation's defaults: an application load balancer, internet-facing.
    const type = NagRules.resolveIfPrimitive(node, node.type) ?? 'application';
    const scheme = NagRules.resolveIfPrimitive(node, node.scheme) ?? 'internet-facing';
    if (type !== 'application' || scheme !== 'internet-facing') {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return hasWebAclAssociation(node, [logicalIdOf(node)]) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
