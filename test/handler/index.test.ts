import { awsError } from './aws-error';
import { useVirtualClock } from './virtual-clock';
import { awsCall } from '../../handler/aws-call';
import { handler, HANDLERS as DECLARED_HANDLERS } from '../../handler/index';
import { ResourceHandler } from '../../handler/types';
import { CustomResourceKind } from '../../src/private/custom-resource-contract';

/** The registry with room for the test's own kinds, which the contract does not declare. */
const HANDLERS = DECLARED_HANDLERS as unknown as Record<string, ResourceHandler<any> | undefined>;

const fake: ResourceHandler<any> & { [k: string]: jest.Mock } = {
  create: jest.fn().mockResolvedValue({ PhysicalResourceId: 'created' }),
  update: jest.fn().mockResolvedValue({ PhysicalResourceId: 'updated' }),
  delete: jest.fn().mockResolvedValue(undefined),
};
const createOnly: ResourceHandler<any> = { create: jest.fn().mockResolvedValue({ PhysicalResourceId: 'created-again' }) };

beforeEach(() => {
  jest.clearAllMocks();
  HANDLERS.Fake = fake;
  HANDLERS.CreateOnly = createOnly;
});
afterAll(() => {
  delete HANDLERS.Fake;
  delete HANDLERS.CreateOnly;
});

describe('handler dispatch', () => {
  test('Create goes to the kind\'s create with the properties', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: { Kind: 'Fake', A: '1' } })).resolves.toEqual({ PhysicalResourceId: 'created' });
    expect(fake.create).toHaveBeenCalledWith({ Kind: 'Fake', A: '1' });
  });

  test('Update goes to update with the old properties and the physical id', async () => {
    await handler({
      RequestType: 'Update', PhysicalResourceId: 'pid', ResourceProperties: { Kind: 'Fake', A: '2' }, OldResourceProperties: { Kind: 'Fake', A: '1' },
    });
    expect(fake.update).toHaveBeenCalledWith({ Kind: 'Fake', A: '2' }, { Kind: 'Fake', A: '1' }, 'pid');
  });

  test('Update falls back to create for a kind without update: settings converge by reapplying them', async () => {
    await expect(handler({ RequestType: 'Update', PhysicalResourceId: 'pid', ResourceProperties: { Kind: 'CreateOnly' } }))
      .resolves.toEqual({ PhysicalResourceId: 'created-again' });
  });

  test('Delete goes to delete with the physical id', async () => {
    await handler({ RequestType: 'Delete', PhysicalResourceId: 'pid', ResourceProperties: { Kind: 'Fake' } });
    expect(fake.delete).toHaveBeenCalledWith({ Kind: 'Fake' }, 'pid');
  });

  test('Delete of a kind without delete does nothing: protections stay on', async () => {
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: 'pid', ResourceProperties: { Kind: 'CreateOnly' } })).resolves.toBeUndefined();
    expect(createOnly.create).not.toHaveBeenCalled();
  });

  test('an unknown kind fails with the list of kinds', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: { Kind: 'Nope' } })).rejects.toThrow(/^unknown resource kind 'Nope'; this provider serves AccountPublicAccessBlock, AlternateContact/);
  });

  test.each<CustomResourceKind>(['AccountPublicAccessBlock', 'AlternateContact', 'DefaultSecurityGroup', 'EbsDefaultEncryption', 'PasswordPolicy', 'ServiceLinkedRole'])(
    'account setting %s is left in place on delete', (kind) => {
      expect(DECLARED_HANDLERS[kind].delete).toBeUndefined();
    });
});

describe('waiting for IAM: the provider role\'s policy may change with the same deployment', () => {
  const clock = useVirtualClock();
  /** A kind whose every request makes one AWS call that IAM denies once, then allows. */
  function deniedOnce(): jest.Mock {
    const call = jest.fn().mockRejectedValueOnce(awsError('AccessDeniedException', 'not yet')).mockResolvedValue({});
    const run = async () => { await awsCall('ec2:EnableEbsEncryptionByDefault', call); return { PhysicalResourceId: 'pid' }; };
    HANDLERS.Propagating = { create: run, update: run, delete: async () => { await run(); } };
    return call;
  }
  afterAll(() => { delete HANDLERS.Propagating; });

  test.each(['Create', 'Update'] as const)('%s retries a denial while a new grant propagates, and then succeeds', async (requestType) => {
    const call = deniedOnce();
    await expect(handler({ RequestType: requestType, PhysicalResourceId: 'pid', ResourceProperties: { Kind: 'Propagating' } }))
      .resolves.toEqual({ PhysicalResourceId: 'pid' });
    expect(call).toHaveBeenCalledTimes(2);
    expect(clock.elapsedMs()).toBeGreaterThan(0);
  });

  test('Delete does not wait: its permissions were granted by an earlier deployment, so a denial is final', async () => {
    const call = deniedOnce();
    await expect(handler({ RequestType: 'Delete', PhysicalResourceId: 'pid', ResourceProperties: { Kind: 'Propagating' } }))
      .rejects.toThrow(/^ec2:EnableEbsEncryptionByDefault was denied \(AccessDeniedException\)/);
    expect(call).toHaveBeenCalledTimes(1);
  });
});
