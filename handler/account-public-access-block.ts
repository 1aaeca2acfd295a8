import { PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { awsCall, clientConfig } from './aws-call';
import { Delivered, ResourceHandler } from './types';

async function apply(props: Delivered<'AccountPublicAccessBlock'>) {
  const s3control = new S3ControlClient(clientConfig);
  // The IAM action is s3:PutAccountPublicAccessBlock, not the s3-control:PutPublicAccessBlock
  // that a name-based policy generator would derive.
  await awsCall('s3:PutAccountPublicAccessBlock', () => s3control.send(new PutPublicAccessBlockCommand({
    AccountId: props.AccountId,
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
  })));
  return { PhysicalResourceId: `AccountPublicAccessBlock-${props.AccountId}` };
}

/** All four S3 Block Public Access settings at account level (S3.1). Left on when the stack is deleted. */
export const accountPublicAccessBlock: ResourceHandler<'AccountPublicAccessBlock'> = {
  create: apply,
  update: apply,
};
