import { awsError } from './accounts';
import { read, readRetry } from '../../cli/read';

afterEach(() => jest.restoreAllMocks());

test('throttled reads back off exponentially with full jitter: base delay times 2^(attempt - 1), scaled by a random share', async () => {
  readRetry.baseDelayMs = 8;
  jest.spyOn(Math, 'random').mockReturnValue(0.5);
  const delays: number[] = [];
  const realSetTimeout = global.setTimeout;
  jest.spyOn(global, 'setTimeout').mockImplementation(((callback: () => void, ms: number) => {
    delays.push(ms);
    return realSetTimeout(callback, 0);
  }) as typeof setTimeout);
  const call = jest.fn().mockRejectedValue(awsError('ThrottlingException', 'Rate exceeded'));
  await expect(read('iam:GetAccountSummary', call)).rejects.toThrow('Rate exceeded');
  expect(call).toHaveBeenCalledTimes(readRetry.attempts);
  expect(delays).toEqual([4, 8, 16, 32, 64]);
});
