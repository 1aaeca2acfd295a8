import {
  EC2Client, EnableEbsEncryptionByDefaultCommand, ModifyEbsDefaultKmsKeyIdCommand, ResetEbsDefaultKmsKeyIdCommand,
} from '@aws-sdk/client-ec2';
import { awsCall, clientConfig } from './aws-call';
import { Delivered, PreviousDelivered, ResourceHandler } from './types';

async function apply(props: Delivered<'EbsDefaultEncryption'>, oldProps?: PreviousDelivered<'EbsDefaultEncryption'>) {
  const ec2 = new EC2Client(clientConfig);
  await awsCall('ec2:EnableEbsEncryptionByDefault', () => ec2.send(new EnableEbsEncryptionByDefaultCommand({})));
  if (props.KmsKeyId) {
    await awsCall('ec2:ModifyEbsDefaultKmsKeyId', () => ec2.send(new ModifyEbsDefaultKmsKeyIdCommand({ KmsKeyId: props.KmsKeyId })));
  } else if (oldProps?.KmsKeyId) {
    // The key was taken out of the stack: go back to the AWS managed key rather than keep a key
    // that the stack no longer manages.
    await awsCall('ec2:ResetEbsDefaultKmsKeyId', () => ec2.send(new ResetEbsDefaultKmsKeyIdCommand({})));
  }
  return { PhysicalResourceId: 'EbsDefaultEncryption' };
}

/**
 * EBS encryption by default for the region (EC2.7). On delete it stays on: a baseline that is
 * removed must not quietly let new volumes go unencrypted.
 */
export const ebsDefaultEncryption: ResourceHandler<'EbsDefaultEncryption'> = {
  create: props => apply(props),
  update: (props, oldProps) => apply(props, oldProps),
};
