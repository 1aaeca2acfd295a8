import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnGraphQLApi } from 'aws-cdk-lib/aws-appsync';
import { NagRuleCompliance, NagRules } from '../nag-core';
import { hasWebAclAssociation, logicalIdOf } from './web-acl-association';

/**
 * Public (GLOBAL) AWS AppSync GraphQL APIs are associated with an AWS WAF web ACL.
 * Phase 1 "WAF with managed rules".
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnGraphQLApi)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    if (NagRules.resolveIfPrimitive(node, node.visibility) === 'PRIVATE') {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return hasWebAclAssociation(node, [logicalIdOf(node)]) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
