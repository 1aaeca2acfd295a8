import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnInstance, CfnLaunchTemplate, CfnVolume } from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance, NagRules } from '../nag-core';

/**
 * EBS volumes, and the EBS volumes of launch templates and instances, are encrypted.
 * Security Hub EC2.3. (EBS encryption by default, EC2.7, which `SecureBaseline` turns on, encrypts
 * them anyway in that account and region; saying so in the template keeps them encrypted elsewhere.)
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const stack = Stack.of(node);
    if (node instanceof CfnVolume) {
      return NagRules.resolveIfPrimitive(node, node.encrypted) === true ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    let mappings: any[];
    if (node instanceof CfnLaunchTemplate) {
      mappings = stack.resolve(node.launchTemplateData).blockDeviceMappings ?? [];
    } else if (node instanceof CfnInstance) {
      mappings = stack.resolve(node.blockDeviceMappings) ?? [];
    } else {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const unencrypted = mappings.some(mapping => mapping.ebs !== undefined && NagRules.resolveIfPrimitive(node, mapping.ebs.encrypted) !== true);
    return unencrypted ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
