import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnRestApi, CfnStage } from 'aws-cdk-lib/aws-apigateway';
import { NagRuleCompliance, NagRules } from '../nag-core';
import { hasWebAclAssociation, logicalIdOf } from './web-acl-association';

/**
 * Stages of internet-facing (EDGE or REGIONAL) API Gateway REST APIs are associated with an AWS WAF
 * web ACL. Phase 1 "WAF with managed rules"; Security Hub APIGateway.4.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnStage)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const restApiId = NagRules.resolveResourceFromIntrinsic(node, node.restApiId);
    if (isPrivateApi(node, restApiId)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const stageName = NagRules.resolveIfPrimitive(node, node.stageName);
    const stage = [restApiId, logicalIdOf(node)];
    const named = stageName === undefined ? undefined : [restApiId, stageName];
    return hasWebAclAssociation(node, stage) || (named !== undefined && hasWebAclAssociation(node, named))
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);

/** A PRIVATE REST API is reachable only through interface endpoints of a VPC, not from the internet. */
function isPrivateApi(node: CfnStage, restApiId: string): boolean {
  const api = Stack.of(node).node.findAll().find(child => child instanceof CfnRestApi && logicalIdOf(child) === restApiId) as CfnRestApi | undefined;
  if (!api) {
    return false;
  }
  const endpoint = Stack.of(node).resolve(api.endpointConfiguration);
  return Array.isArray(endpoint?.types) && endpoint.types.length > 0 && endpoint.types.every((type: string) => type === 'PRIVATE');
}
