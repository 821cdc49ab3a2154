/**
 * The `concurrency` slots every attempt of the run takes while the API may be at work on it, and
 * the shared rate-limit pause they all respect. Nothing that holds a slot waits for another
 * request, so the limit cannot deadlock however operations nest.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { RateLimitPause } from './rate-limit-pause.ts';

export class AttemptSlots {
  readonly #limit: LimitFunction;
  readonly #pause: RateLimitPause;

  constructor(concurrency: number, pause: RateLimitPause) {
    this.#limit = pLimit(concurrency);
    this.#pause = pause;
  }

  /**
   * Resolves with a slot (the function that frees it) once one is free and no rate-limit pause
   * is in force. A pause that began while waiting for the slot is waited out without it.
   */
  async take(signal: AbortSignal): Promise<() => void> {
    for (;;) {
      await this.#pause.wait(signal);
      const free = await new Promise<() => void>((granted) => {
        void this.#limit(() => new Promise<void>((done) => granted(() => done())));
      });
      if (!this.#pause.inForce()) return free;
      free();
    }
  }

  /** Holds every request's next attempt until `epochMs`. */
  pauseUntil(epochMs: number): void {
    this.#pause.pauseUntil(epochMs);
  }

  pauseInForce(): boolean {
    return this.#pause.inForce();
  }
}

/**
 * The slot one request holds: from sending an attempt to its answer, or, for an attempt that got
 * no answer and may still be running, until the next attempt.
 */
export class HeldSlot {
  readonly #slots: AttemptSlots;
  readonly #signal: AbortSignal;
  #free: (() => void) | undefined;

  constructor(slots: AttemptSlots, signal: AbortSignal) {
    this.#slots = slots;
    this.#signal = signal;
  }

  get held(): boolean {
    return this.#free !== undefined;
  }

  /** Gives up the slot held, if any, and waits for a slot and for no pause in force. */
  async take(): Promise<void> {
    this.free();
    this.#free = await this.#slots.take(this.#signal);
  }

  free(): void {
    this.#free?.();
    this.#free = undefined;
  }
}
