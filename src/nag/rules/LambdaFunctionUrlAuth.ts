import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnUrl } from 'aws-cdk-lib/aws-lambda';
import { NagRuleCompliance, NagRules } from '../nag-core';

/**
 * Lambda function URLs require IAM authentication (AuthType AWS_IAM). With NONE, anyone on the
 * internet can invoke the function, and its resource policy grants `lambda:InvokeFunctionUrl` to
 * everyone, which Security Hub Lambda.1 reports.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnUrl)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return NagRules.resolveIfPrimitive(node, node.authType) === 'AWS_IAM' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
