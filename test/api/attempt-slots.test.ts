/**
 * The run's slots and the shared pause. Where a pause holds, the test moves the clock itself, so
 * "not before" is exact, not a margin.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AttemptSlots, HeldSlot } from '../../src/api/attempt-slots.ts';
import { RateLimitPause } from '../../src/api/rate-limit-pause.ts';

afterEach(() => {
  vi.useRealTimers();
});

const running = new AbortController().signal;

/** Whether the promise has settled, as of the last turn the test waited for. */
function settled(promise: Promise<unknown>): () => boolean {
  let done = false;
  void promise.then(() => (done = true));
  return () => done;
}

/** Lets every promise that can settle now settle. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('AttemptSlots', () => {
  it('gives out no more slots at once than its concurrency, the next as soon as one is freed', async () => {
    const slots = new AttemptSlots(2, new RateLimitPause());
    const first = await slots.take(running);
    await slots.take(running);
    const third = settled(slots.take(running));
    await turn();
    expect(third()).toBe(false);
    first();
    await turn();
    expect(third()).toBe(true);
  });

  it('gives no slot while a pause is in force, and one once it has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], fakeNodeBuiltins: true });
    const slots = new AttemptSlots(1, new RateLimitPause());
    slots.pauseUntil(Date.now() + 1_000);
    expect(slots.pauseInForce()).toBe(true);
    const slot = settled(slots.take(running));
    await vi.advanceTimersByTimeAsync(999);
    expect(slot()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(slot()).toBe(true);
    expect(slots.pauseInForce()).toBe(false);
  });

  it('gives back a slot granted while a pause began, and waits the pause out without it', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], fakeNodeBuiltins: true });
    const slots = new AttemptSlots(1, new RateLimitPause());
    const first = await slots.take(running);
    const second = settled(slots.take(running));
    // The pause begins while the second waits for the only slot.
    slots.pauseUntil(Date.now() + 1_000);
    first();
    await vi.advanceTimersByTimeAsync(0);
    expect(second()).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(second()).toBe(true);
  });

  it('stops waiting out a pause when the run is cancelled', async () => {
    const slots = new AttemptSlots(1, new RateLimitPause());
    slots.pauseUntil(Date.now() + 3_600_000);
    const cancellation = new AbortController();
    const taken = slots.take(cancellation.signal);
    cancellation.abort('SIGINT');
    await expect(taken).rejects.toMatchObject({ name: 'AbortError', cause: 'SIGINT' });
  });
});

describe('HeldSlot', () => {
  it('holds at most one slot, freeing the one it held before taking the next', async () => {
    const slots = new AttemptSlots(1, new RateLimitPause());
    const held = new HeldSlot(slots, running);
    expect(held.held).toBe(false);
    await held.take();
    expect(held.held).toBe(true);
    // With one slot, a second take could only resolve if the first was given up.
    await held.take();
    held.free();
    expect(held.held).toBe(false);
    const other = new HeldSlot(slots, running);
    await other.take();
    expect(other.held).toBe(true);
  });
});
