import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnDBCluster, CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { NagRuleCompliance, NagRules } from '../nag-core';

/**
 * RDS DB instances and clusters encrypt their storage. Security Hub RDS.3 (instances), RDS.27 (clusters).
 * An instance in a cluster, a read replica or a restore from a snapshot inherits its encryption
 * from the cluster or source, which this rule checks where that is in the template.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (node instanceof CfnDBInstance) {
      if (node.dbClusterIdentifier !== undefined || node.sourceDbInstanceIdentifier !== undefined || node.dbSnapshotIdentifier !== undefined) {
        return NagRuleCompliance.NOT_APPLICABLE;
      }
      return NagRules.resolveIfPrimitive(node, node.storageEncrypted) === true ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    if (node instanceof CfnDBCluster) {
      if (node.snapshotIdentifier !== undefined || node.sourceDbClusterIdentifier !== undefined) {
        return NagRuleCompliance.NOT_APPLICABLE;
      }
      return NagRules.resolveIfPrimitive(node, node.storageEncrypted) === true ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.NOT_APPLICABLE;
  },
  'name',
  { value: parse(__filename).name },
);
