import { awsError } from './aws-error';
import { useVirtualClock } from './virtual-clock';
import { awsCall, expectNewPermissions, expectSettledPermissions, permissionPropagation, retryOptions } from '../../handler/aws-call';
import { RESERVED_MS, startInvocation } from '../../handler/deadline';

beforeAll(() => { retryOptions.baseDelayMs = 0; });

describe('awsCall', () => {
  test('returns what the call returns', async () => {
    await expect(awsCall('ec2:DescribeVpcs', async () => 42)).resolves.toBe(42);
  });

  test.each(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded'])(
    'retries %s and then succeeds', async (name) => {
      const call = jest.fn()
        .mockRejectedValueOnce(awsError(name))
        .mockRejectedValueOnce(awsError(name))
        .mockResolvedValue('done');
      await expect(awsCall('guardduty:CreateDetector', call)).resolves.toBe('done');
      expect(call).toHaveBeenCalledTimes(3);
    });

  test('gives up after the configured attempts with an error that says so', async () => {
    const call = jest.fn().mockRejectedValue(awsError('ThrottlingException', 'Rate exceeded'));
    await expect(awsCall('securityhub:EnableSecurityHub', call, { attempts: 4, baseDelayMs: 0 })).rejects.toThrow(
      'securityhub:EnableSecurityHub was still throttled (ThrottlingException) after 4 attempts; deploy again later. AWS said: Rate exceeded');
    expect(call).toHaveBeenCalledTimes(4);
  });

  test.each(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation'])(
    '%s becomes an error naming the IAM action, without retrying', async (name) => {
      const call = jest.fn().mockRejectedValue(awsError(name, 'User is not authorized'));
      await expect(awsCall('s3:PutAccountPublicAccessBlock', call)).rejects.toThrow(
        `s3:PutAccountPublicAccessBlock was denied (${name}). The baseline grants it to its custom resource role, so look for what `
        + 'overrides that grant: a service control policy, a permissions boundary or a resource policy. AWS said: User is not authorized');
      expect(call).toHaveBeenCalledTimes(1);
    });

  describe('right after CloudFormation put the resource\'s role policy', () => {
    const defaults = { ...permissionPropagation };
    beforeEach(() => Object.assign(permissionPropagation, { windowMs: 50, delayMs: 5 }));
    afterEach(() => {
      Object.assign(permissionPropagation, defaults);
      expectSettledPermissions();
    });

    test('AccessDenied is retried until the policy has propagated', async () => {
      expectNewPermissions();
      const call = jest.fn()
        .mockRejectedValueOnce(awsError('AccessDeniedException'))
        .mockRejectedValueOnce(awsError('AccessDeniedException'))
        .mockResolvedValue('done');
      await expect(awsCall('inspector2:Enable', call)).resolves.toBe('done');
      expect(call).toHaveBeenCalledTimes(3);
    });

    test('a denial that outlasts the propagation window is final', async () => {
      expectNewPermissions();
      const call = jest.fn().mockRejectedValue(awsError('AccessDeniedException'));
      await expect(awsCall('inspector2:Enable', call)).rejects.toThrow('inspector2:Enable was denied (AccessDeniedException)');
      expect(call.mock.calls.length).toBeGreaterThan(1);
      expect(call.mock.calls.length).toBeLessThanOrEqual(11);
    });

    test('denials waited out while the policy propagates do not use up the throttling retries', async () => {
      expectNewPermissions();
      const call = jest.fn()
        .mockRejectedValueOnce(awsError('AccessDeniedException'))
        .mockRejectedValueOnce(awsError('AccessDeniedException'))
        .mockRejectedValueOnce(awsError('AccessDeniedException'))
        .mockRejectedValueOnce(awsError('ThrottlingException'))
        .mockResolvedValue('done');
      await expect(awsCall('inspector2:Enable', call, { attempts: 3, baseDelayMs: 0 })).resolves.toBe('done');
      expect(call).toHaveBeenCalledTimes(5);
    });

    test('once a call has succeeded, a denial is final at once', async () => {
      expectNewPermissions();
      await awsCall('inspector2:BatchGetAccountStatus', async () => 'ok');
      const call = jest.fn().mockRejectedValue(awsError('AccessDeniedException'));
      await expect(awsCall('inspector2:Enable', call)).rejects.toThrow('was denied');
      expect(call).toHaveBeenCalledTimes(1);
    });

    test('a Delete, whose policy is old, does not wait', async () => {
      expectNewPermissions();
      expectSettledPermissions();
      const call = jest.fn().mockRejectedValue(awsError('AccessDeniedException'));
      await expect(awsCall('inspector2:Disable', call)).rejects.toThrow('was denied');
      expect(call).toHaveBeenCalledTimes(1);
    });
  });

  test('any other error is passed on unchanged, without retrying', async () => {
    const error = awsError('ValidationException');
    const call = jest.fn().mockRejectedValue(error);
    await expect(awsCall('inspector2:Enable', call)).rejects.toBe(error);
    expect(call).toHaveBeenCalledTimes(1);
  });

  describe('against the invocation\'s deadline', () => {
    const virtualClock = useVirtualClock();
    afterEach(() => jest.restoreAllMocks());

    test('the backoff doubles with each throttled attempt (1 s, 2 s, 4 s at most with a 1 s base)', async () => {
      jest.spyOn(Math, 'random').mockReturnValue(1);
      startInvocation(RESERVED_MS + 60_000);
      const call = jest.fn()
        .mockRejectedValueOnce(awsError('ThrottlingException'))
        .mockRejectedValueOnce(awsError('ThrottlingException'))
        .mockRejectedValueOnce(awsError('ThrottlingException'))
        .mockResolvedValue('done');
      await expect(awsCall('config:PutDeliveryChannel', call, { attempts: 6, baseDelayMs: 1_000 })).resolves.toBe('done');
      expect(virtualClock.elapsedMs()).toBe(7_000);
    });

    test('a backoff that would end after the deadline is not slept: the call gives up early, saying so', async () => {
      jest.spyOn(Math, 'random').mockReturnValue(1);
      startInvocation(RESERVED_MS + 1_000);
      const call = jest.fn().mockRejectedValue(awsError('ThrottlingException', 'Rate exceeded'));
      await expect(awsCall('config:PutDeliveryChannel', call, { attempts: 6, baseDelayMs: 1_000 })).rejects.toThrow(
        'config:PutDeliveryChannel was still throttled (ThrottlingException) after 2 attempts; deploy again later. AWS said: Rate exceeded');
      // Slept 1 s (it fitted), then would have slept 2 s with 0 s left.
      expect(virtualClock.elapsedMs()).toBe(1_000);
      expect(call).toHaveBeenCalledTimes(2);
    });
  });
});
