import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnPolicy, CfnUser } from 'aws-cdk-lib/aws-iam';
import { NagRuleCompliance } from '../nag-core';

/**
 * IAM users get permissions through groups, never policies of their own (inline or attached).
 * Security Hub IAM.2.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const stack = Stack.of(node);
    if (node instanceof CfnUser) {
      return nonEmpty(stack.resolve(node.policies)) || nonEmpty(stack.resolve(node.managedPolicyArns))
        ? NagRuleCompliance.NON_COMPLIANT
        : NagRuleCompliance.COMPLIANT;
    }
    if (node instanceof CfnPolicy || node instanceof CfnManagedPolicy) {
      return nonEmpty(stack.resolve(node.users)) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
    }
    return NagRuleCompliance.NOT_APPLICABLE;
  },
  'name',
  { value: parse(__filename).name },
);

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined;
}
