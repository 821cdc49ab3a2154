/**
 * The shared pause. Where it holds for a while, the test moves the clock (Date and the timers of
 * node:timers/promises) itself, so "not before" and "until" are exact, not margins.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimitPause } from '../../src/api/rate-limit-pause.ts';

afterEach(() => {
  vi.useRealTimers();
});

function useTestClock(): void {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], fakeNodeBuiltins: true });
}

/** Whether the promise has settled, as of the last time the clock moved. */
function settled(promise: Promise<unknown>): () => boolean {
  let done = false;
  void promise.then(() => (done = true));
  return () => done;
}

describe('RateLimitPause', () => {
  it('does not hold anyone when no pause is in force', async () => {
    // Settles before a timer set first could fire: no sleep at all, however loaded the machine is.
    const held = new Promise((resolve) => setTimeout(() => resolve('held'), 0));
    const first = await Promise.race([new RateLimitPause().wait().then(() => 'not held'), held]);
    expect(first).toBe('not held');
  });

  it('holds until the latest pause has passed, never shortening one', async () => {
    useTestClock();
    const pause = new RateLimitPause();
    pause.pauseUntil(Date.now() + 300);
    pause.pauseUntil(Date.now() + 100);
    const done = settled(pause.wait());
    await vi.advanceTimersByTimeAsync(299);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });

  it('keeps waiting when the pause is extended while waiting', async () => {
    useTestClock();
    const pause = new RateLimitPause();
    pause.pauseUntil(Date.now() + 100);
    const done = settled(pause.wait());
    await vi.advanceTimersByTimeAsync(50);
    pause.pauseUntil(Date.now() + 200);
    await vi.advanceTimersByTimeAsync(199);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });
});
