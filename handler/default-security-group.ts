import {
  DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client,
  RevokeSecurityGroupEgressCommand, RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { awsCall, awsCallAll, clientConfig } from './aws-call';
import { ResourceHandler, ResourceResult } from './types';

const PHYSICAL_ID = 'DefaultSecurityGroupRules';

async function revokeDefaultSecurityGroupRules(): Promise<ResourceResult> {
  const ec2 = new EC2Client(clientConfig);
  const vpcs = await awsCall('ec2:DescribeVpcs', () => ec2.send(new DescribeVpcsCommand({
    Filters: [{ Name: 'isDefault', Values: ['true'] }],
  })));
  const vpcId = vpcs.Vpcs?.[0]?.VpcId;
  if (!vpcId) {
    return { PhysicalResourceId: PHYSICAL_ID, Data: { Status: 'NoDefaultVpc', RevokedRuleCount: '0' } };
  }
  const groups = await awsCall('ec2:DescribeSecurityGroups', () => ec2.send(new DescribeSecurityGroupsCommand({
    Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }],
  })));
  const groupId = groups.SecurityGroups?.[0]?.GroupId;
  if (!groupId) {
    throw new Error(`the default VPC ${vpcId} has no security group named 'default'`);
  }
  const rules = await awsCallAll('ec2:DescribeSecurityGroupRules', token => ec2.send(new DescribeSecurityGroupRulesCommand({
    Filters: [{ Name: 'group-id', Values: [groupId] }],
    NextToken: token,
  })), page => page.SecurityGroupRules, page => page.NextToken);

  const ingress = rules.filter(rule => !rule.IsEgress).map(rule => rule.SecurityGroupRuleId!);
  const egress = rules.filter(rule => rule.IsEgress).map(rule => rule.SecurityGroupRuleId!);
  if (ingress.length > 0) {
    await awsCall('ec2:RevokeSecurityGroupIngress', () => ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, SecurityGroupRuleIds: ingress })));
  }
  if (egress.length > 0) {
    await awsCall('ec2:RevokeSecurityGroupEgress', () => ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, SecurityGroupRuleIds: egress })));
  }
  return {
    PhysicalResourceId: PHYSICAL_ID,
    Data: { Status: 'Revoked', SecurityGroupId: groupId, RevokedRuleCount: String(ingress.length + egress.length) },
  };
}

/**
 * Removes every rule of the default VPC's default security group (EC2.2), so nothing placed in it
 * by accident can talk to anything. The rules are not put back when the stack is deleted.
 */
export const defaultSecurityGroup: ResourceHandler<'DefaultSecurityGroup'> = {
  create: revokeDefaultSecurityGroupRules,
  update: revokeDefaultSecurityGroupRules,
};
