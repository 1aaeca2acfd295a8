import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { NagRuleCompliance } from '../nag-core';

/**
 * CloudFront distributions name an AWS WAF web ACL (`WebACLId`). Phase 1 "WAF with managed rules";
 * Security Hub CloudFront.6.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnDistribution)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const config = Stack.of(node).resolve(node.distributionConfig);
    const webAclId = config.webAclId ?? config.WebACLId;
    return webAclId === undefined || webAclId === '' ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
