import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance, NagRules } from '../nag-core';

const SETTINGS = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'];

/**
 * S3 buckets turn on all four Block Public Access settings in the template. Security Hub S3.8.
 * S3 turns them on for new buckets by default since April 2023, but a template that says nothing
 * leaves a bucket adopted by import, or one a console change opened, as it is.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnBucket)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const config = Stack.of(node).resolve(node.publicAccessBlockConfiguration);
    if (config === undefined) {
      return NagRuleCompliance.NON_COMPLIANT;
    }
    const allOn = SETTINGS.every(setting => NagRules.resolveIfPrimitive(node, config[setting]) === true);
    return allOn ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
