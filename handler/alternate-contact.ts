import { AccountClient, AlternateContactType, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { awsCall, clientConfig } from './aws-call';
import { Delivered, ResourceHandler } from './types';

async function apply(props: Delivered<'AlternateContact'>) {
  const account = new AccountClient(clientConfig);
  await awsCall('account:PutAlternateContact', () => account.send(new PutAlternateContactCommand({
    AlternateContactType: props.AlternateContactType as AlternateContactType,
    Name: props.Name,
    EmailAddress: props.EmailAddress,
    PhoneNumber: props.PhoneNumber,
    Title: props.Title,
  })));
  return { PhysicalResourceId: `AlternateContact-${props.AlternateContactType}` };
}

/**
 * One alternate contact (SECURITY satisfies Account.1). Kept when the stack is deleted: an account
 * with no one to tell about a security event is worse than one with a stale contact.
 */
export const alternateContact: ResourceHandler<'AlternateContact'> = {
  create: apply,
  update: apply,
};
