import { GetAccountSummaryCommand, GetLoginProfileCommand, ListMFADevicesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { errorName } from '../../handler/aws-call';
import { Check, fail, listed, pass } from '../check';
import { read, readAll } from '../read';

/**
 * GetAccountSummary's AccountMFAEnabled is 1 when the root user has an MFA device. A member account
 * whose root credentials were removed by centralized root access has no root password and no
 * access keys (AccountPasswordPresent = 0, AccountAccessKeysPresent = 0): nobody can sign in as
 * root, which is the stronger control (IAM user guide, "Centrally manage root access").
 */
export const rootMfa: Check = async ({ clients }) => {
  const { SummaryMap: summary = {} } = await read('iam:GetAccountSummary', () => clients.iam.send(new GetAccountSummaryCommand({})));
  if (summary.AccountMFAEnabled === 1) {
    return pass('root MFA on: iam:GetAccountSummary AccountMFAEnabled=1');
  }
  if (summary.AccountPasswordPresent === 0 && summary.AccountAccessKeysPresent === 0) {
    return pass('root user has no password and no access keys: iam:GetAccountSummary AccountPasswordPresent=0, AccountAccessKeysPresent=0');
  }
  return fail(`root MFA off: iam:GetAccountSummary AccountMFAEnabled=${summary.AccountMFAEnabled ?? 'absent'}`);
};

/** Users with a console password (GetLoginProfile answers NoSuchEntity for the others) and no MFA device. */
export const iamMfa: Check = async ({ clients }) => {
  const { items: users } = await readAll('iam:ListUsers',
    marker => clients.iam.send(new ListUsersCommand({ Marker: marker })), page => page.Users, page => page.IsTruncated ? page.Marker : undefined);
  const withPassword: string[] = [];
  const withoutMfa: string[] = [];
  for (const { UserName: user } of users) {
    if (!await hasConsolePassword(user!, clients.iam)) {
      continue;
    }
    withPassword.push(user!);
    const { MFADevices: devices = [] } = await read('iam:ListMFADevices', () => clients.iam.send(new ListMFADevicesCommand({ UserName: user })));
    if (devices.length === 0) {
      withoutMfa.push(user!);
    }
  }
  if (withoutMfa.length > 0) {
    return fail(`${withoutMfa.length} of ${withPassword.length} IAM users with a console password have no MFA: ${listed(withoutMfa)}`);
  }
  return pass(withPassword.length === 0
    ? `none of the ${users.length} IAM users has a console password`
    : `IAM users with a console password: ${withPassword.length}, all with MFA`);
};

async function hasConsolePassword(user: string, iam: Parameters<Check>[0]['clients']['iam']): Promise<boolean> {
  try {
    await read('iam:GetLoginProfile', () => iam.send(new GetLoginProfileCommand({ UserName: user })));
    return true;
  } catch (error) {
    if (errorName(error) === 'NoSuchEntityException' || errorName(error) === 'NoSuchEntity') {
      return false;
    }
    throw error;
  }
}
