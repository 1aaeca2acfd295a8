import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { awsCall, clientConfig } from './aws-call';
import { asBoolean, asNumber, Delivered, ResourceHandler } from './types';

async function apply(props: Delivered<'PasswordPolicy'>) {
  const iam = new IAMClient(clientConfig);
  // UpdateAccountPasswordPolicy replaces the whole policy: a value left out goes back to AWS's
  // default, so every field is sent every time.
  await awsCall('iam:UpdateAccountPasswordPolicy', () => iam.send(new UpdateAccountPasswordPolicyCommand({
    MinimumPasswordLength: asNumber(props.MinimumPasswordLength),
    RequireSymbols: asBoolean(props.RequireSymbols),
    RequireNumbers: asBoolean(props.RequireNumbers),
    RequireUppercaseCharacters: asBoolean(props.RequireUppercaseCharacters),
    RequireLowercaseCharacters: asBoolean(props.RequireLowercaseCharacters),
    AllowUsersToChangePassword: asBoolean(props.AllowUsersToChangePassword),
    PasswordReusePrevention: asNumber(props.PasswordReusePrevention),
    MaxPasswordAge: asNumber(props.MaxPasswordAge),
    HardExpiry: asBoolean(props.HardExpiry),
  })));
  return { PhysicalResourceId: 'AccountPasswordPolicy' };
}

/** The IAM account password policy (IAM.7, CIS IAM.11 to IAM.16). Kept when the stack is deleted. */
export const passwordPolicy: ResourceHandler<'PasswordPolicy'> = {
  create: apply,
  update: apply,
};
