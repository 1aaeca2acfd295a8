import { clock, startInvocation } from '../../handler/deadline';

/**
 * Runs the provider's waits in virtual time: `sleep` advances the clock at once. `elapsedMs` is the
 * virtual time that has passed since the current test began.
 */
export function useVirtualClock(): { elapsedMs: () => number } {
  const real = { ...clock };
  const start = 1_000_000;
  let now = start;
  beforeEach(() => {
    now = start;
    clock.now = () => now;
    clock.sleep = async (ms: number) => { now += ms; };
  });
  afterEach(() => {
    Object.assign(clock, real);
    startInvocation();
  });
  return { elapsedMs: () => now - start };
}
