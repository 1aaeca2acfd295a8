import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import { DescribeSecurityGroupsCommand, GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand, IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { errorName } from '../../handler/aws-call';
import { Check, fail, listed, pass, unknown } from '../check';
import { read, readAll } from '../read';

/** Account.1: GetAlternateContact answers ResourceNotFoundException when none is set (Account API reference). */
export const securityContact: Check = async ({ clients }) => {
  try {
    const { AlternateContact: contact } = await read('account:GetAlternateContact',
      () => clients.account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' })));
    return pass(`security contact: ${contact?.Name} <${contact?.EmailAddress}>`);
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') {
      return fail('no security alternate contact (account:GetAlternateContact answered ResourceNotFoundException)');
    }
    throw error;
  }
};

/**
 * Regions are restricted with a service control policy, and an account cannot read the SCPs that
 * apply to it: only the management account (or a delegated administrator) can. So a standalone
 * account fails and an organization member is unknown, pointing at where to look.
 */
export const regionRestriction: Check = async ({ clients }) => {
  try {
    const { Organization: organization } = await read('organizations:DescribeOrganization',
      () => clients.organizations.send(new DescribeOrganizationCommand({})));
    return unknown(`member of organization ${organization?.Id} (management account ${organization?.MasterAccountId}); `
      + 'the service control policies that restrict regions can only be read from the management account');
  } catch (error) {
    if (errorName(error) === 'AWSOrganizationsNotInUseException') {
      return fail('the account is in no organization, so no service control policy restricts its regions');
    }
    throw error;
  }
};

const BLOCK_PUBLIC_ACCESS_SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/** S3.1: all four account-level settings on. No configuration at all is NoSuchPublicAccessBlockConfiguration. */
export const s3BlockPublicAccess: Check = async ({ accountId, clients }) => {
  try {
    const { PublicAccessBlockConfiguration: settings } = await read('s3:GetAccountPublicAccessBlock',
      () => clients.s3Control.send(new GetPublicAccessBlockCommand({ AccountId: accountId })));
    const off = BLOCK_PUBLIC_ACCESS_SETTINGS.filter(setting => settings?.[setting] !== true);
    return off.length === 0
      ? pass('account-level Block Public Access: all four settings on')
      : fail(`account-level Block Public Access: ${listed(off)} off`);
  } catch (error) {
    if (errorName(error) === 'NoSuchPublicAccessBlockConfiguration') {
      return fail('no account-level Block Public Access configuration (s3:GetAccountPublicAccessBlock answered NoSuchPublicAccessBlockConfiguration)');
    }
    throw error;
  }
};

/** EC2.7, in the region checked. */
export const ebsEncryption: Check = async ({ region, clients }) => {
  const { EbsEncryptionByDefault: on } = await read('ec2:GetEbsEncryptionByDefault',
    () => clients.ec2.send(new GetEbsEncryptionByDefaultCommand({})));
  if (!on) {
    return fail(`EBS encryption by default is off in ${region} (ec2:GetEbsEncryptionByDefault)`);
  }
  const { KmsKeyId: key } = await read('ec2:GetEbsDefaultKmsKeyId', () => clients.ec2.send(new GetEbsDefaultKmsKeyIdCommand({})));
  return pass(`EBS encryption by default is on in ${region}, key ${key ?? 'alias/aws/ebs'}`);
};

const WORLD = ['0.0.0.0/0', '::/0'];
const ADMIN_PORTS = [22, 3389];

/** What an ingress rule opens to the whole internet that Phase 1 (and EC2.13, EC2.14, EC2.19) forbids, if anything. */
function openToWorld(rule: IpPermission): string | undefined {
  const world = (rule.IpRanges ?? []).some(range => WORLD.includes(range.CidrIp ?? ''))
    || (rule.Ipv6Ranges ?? []).some(range => WORLD.includes(range.CidrIpv6 ?? ''));
  if (!world) {
    return undefined;
  }
  if (rule.IpProtocol === '-1') {
    return 'all traffic';
  }
  const from = rule.FromPort ?? 0;
  const to = rule.ToPort ?? 65535;
  const ports = ADMIN_PORTS.filter(port => port >= from && port <= to);
  return ports.length > 0 ? `port ${ports.join(' and ')}` : undefined;
}

/**
 * Phase 1 "limit security groups": no group opens SSH, RDP or every port to the internet, and every
 * VPC's default group has no rules (EC2.2).
 */
export const securityGroups: Check = async ({ region, clients }) => {
  const { items: groups } = await readAll('ec2:DescribeSecurityGroups',
    token => clients.ec2.send(new DescribeSecurityGroupsCommand({ NextToken: token })), page => page.SecurityGroups, page => page.NextToken);
  const problems: string[] = [];
  for (const group of groups) {
    problems.push(...(group.IpPermissions ?? []).map(openToWorld).filter((open): open is string => open !== undefined)
      .map(open => `${describe(group)} opens ${open} to the internet`));
    if (group.GroupName === 'default' && ((group.IpPermissions ?? []).length > 0 || (group.IpPermissionsEgress ?? []).length > 0)) {
      problems.push(`${describe(group)} has rules (EC2.2)`);
    }
  }
  return problems.length === 0
    ? pass(`${groups.length} security groups in ${region}: none open SSH, RDP or all traffic to the internet; default groups have no rules`)
    : fail(listed(problems));
};

function describe(group: SecurityGroup): string {
  return `${group.GroupId} (${group.GroupName}${group.VpcId ? `, ${group.VpcId}` : ''})`;
}
