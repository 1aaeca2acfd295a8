import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnAccessKey } from 'aws-cdk-lib/aws-iam';
import { NagRuleCompliance } from '../nag-core';

/**
 * No IAM user access keys: long-lived credentials that leak with code and never expire. Workloads
 * use roles (temporary credentials); Security Hub IAM.3 only asks for rotation of keys that remain.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => (node instanceof CfnAccessKey ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.NOT_APPLICABLE),
  'name',
  { value: parse(__filename).name },
);
