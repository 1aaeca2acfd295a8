import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from '../nag-core';
import { openToTheWorld } from './security-group-ingress';

/**
 * Security groups do not let 0.0.0.0/0 or ::/0 reach port 22 (SSH). Security Hub EC2.13.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => openToTheWorld(node, [22]),
  'name',
  { value: parse(__filename).name },
);
