import { CreateServiceLinkedRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { awsCall, clientConfig, errorName } from './aws-call';
import { Delivered, ResourceHandler } from './types';

/**
 * Creates a service-linked role unless it exists. IAM answers InvalidInput "Service role name ...
 * has been taken in this account" for an existing role; any other answer is an error.
 * The role is never deleted: the service, and other tools, may still use it.
 */
export const serviceLinkedRole: ResourceHandler<'ServiceLinkedRole'> = {
  async create(props: Delivered<'ServiceLinkedRole'>) {
    const iam = new IAMClient(clientConfig);
    try {
      await awsCall('iam:CreateServiceLinkedRole', () => iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: props.AWSServiceName })));
    } catch (error) {
      if (!(errorName(error) === 'InvalidInputException' && /has been taken/.test((error as Error).message))) {
        throw error;
      }
    }
    return { PhysicalResourceId: props.RoleName };
  },
};
