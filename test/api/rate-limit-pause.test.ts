import { describe, expect, it } from 'vitest';
import { RateLimitPause } from '../../src/api/rate-limit-pause.ts';

describe('RateLimitPause', () => {
  it('does not hold anyone when no pause is in force', async () => {
    // Settles before a timer set first could fire: no sleep at all, however loaded the machine is.
    const held = new Promise((resolve) => setTimeout(() => resolve('held'), 0));
    const first = await Promise.race([new RateLimitPause().wait().then(() => 'not held'), held]);
    expect(first).toBe('not held');
  });

  it('holds until the latest pause has passed, never shortening one', async () => {
    const pause = new RateLimitPause();
    const started = Date.now();
    pause.pauseUntil(started + 300);
    pause.pauseUntil(started + 100);
    await pause.wait();
    expect(Date.now() - started).toBeGreaterThanOrEqual(299);
  });

  it('keeps waiting when the pause is extended while waiting', async () => {
    const pause = new RateLimitPause();
    const started = Date.now();
    pause.pauseUntil(started + 100);
    setTimeout(() => pause.pauseUntil(Date.now() + 200), 50);
    await pause.wait();
    expect(Date.now() - started).toBeGreaterThanOrEqual(249);
  });
});
