import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from '../nag-core';
import { openToTheWorld } from './security-group-ingress';

/**
 * The high-risk ports of Security Hub EC2.19 ("Security groups should not allow unrestricted access
 * to ports with high risk"), less 22 and 3389, which SecurityGroupNoPublicSsh and
 * SecurityGroupNoPublicRdp report on their own. A rule opening every port opens these too.
 */
const HIGH_RISK_PORTS = [20, 21, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300];

/**
 * Security groups do not let 0.0.0.0/0 or ::/0 reach all ports or a high-risk port. Security Hub EC2.19.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => openToTheWorld(node, HIGH_RISK_PORTS),
  'name',
  { value: parse(__filename).name },
);
