import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from '../nag-core';
import { openToTheWorld } from './security-group-ingress';

/**
 * Security groups do not let 0.0.0.0/0 or ::/0 reach port 3389 (RDP). Security Hub EC2.14.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => openToTheWorld(node, [3389]),
  'name',
  { value: parse(__filename).name },
);
