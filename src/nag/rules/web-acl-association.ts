import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';

/** The logical id of a resource in its stack's template. */
export function logicalIdOf(node: CfnResource): string {
  return Stack.of(node).resolve(node.logicalId);
}

/**
 * Whether an `AWS::WAFv2::WebACLAssociation` in the resource's stack names a resource ARN that
 * mentions every one of `parts` (logical ids as `Ref` or `Fn::GetAtt` targets, or literal names).
 * Associations made in another stack are not seen: acknowledge the finding there with the reason.
 */
export function hasWebAclAssociation(node: CfnResource, parts: string[]): boolean {
  const stack = Stack.of(node);
  return stack.node.findAll().some(child => {
    if (!(child instanceof CfnWebACLAssociation)) {
      return false;
    }
    const arn = JSON.stringify(stack.resolve(child.resourceArn));
    return parts.every(part => arn.includes(`"${part}"`) || arn.includes(`/${part}`));
  });
}
