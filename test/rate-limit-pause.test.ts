import { describe, expect, it } from 'vitest';
import { RateLimitPause } from '../src/rate-limit-pause.ts';

describe('RateLimitPause', () => {
  it('does not hold anyone when no pause is in force', async () => {
    const started = Date.now();
    await new RateLimitPause().wait();
    expect(Date.now() - started).toBeLessThan(50);
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
