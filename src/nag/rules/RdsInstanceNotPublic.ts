import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { NagRuleCompliance, NagRules } from '../nag-core';

/**
 * RDS DB instances are not publicly accessible. Security Hub RDS.2.
 * Without `PubliclyAccessible`, an instance outside a DB subnet group (the default VPC) is public
 * (AWS::RDS::DBInstance, PubliclyAccessible), so that case is flagged too.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnDBInstance)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const publiclyAccessible = NagRules.resolveIfPrimitive(node, node.publiclyAccessible);
    if (publiclyAccessible === true) {
      return NagRuleCompliance.NON_COMPLIANT;
    }
    if (publiclyAccessible === undefined && node.dbSubnetGroupName === undefined && node.dbClusterIdentifier === undefined) {
      return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
