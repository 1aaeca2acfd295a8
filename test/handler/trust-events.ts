import { eventCheck } from '../../handler/request-check';

/**
 * For tests of what a kind does once CloudFormation sent the event: they send bare events, so the
 * check that CloudFormation sent them (handler/request-check.ts, tested in request-check.test.ts)
 * is answered "yes" for the file, and put back afterwards.
 */
export function trustEveryEvent(): void {
  const real = eventCheck.whyNotFromCloudFormation;
  beforeAll(() => {
    eventCheck.whyNotFromCloudFormation = async () => undefined;
  });
  afterAll(() => {
    eventCheck.whyNotFromCloudFormation = real;
  });
}
