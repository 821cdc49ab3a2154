import { setTimeout as sleep } from 'node:timers/promises';

/**
 * One pause shared by every request of a run: when the API says "slow down" with a
 * `Retry-After`, all workers hold their next attempt until then instead of each collecting a
 * 429 of its own.
 */
export class RateLimitPause {
  #until = 0;

  pauseUntil(epochMs: number): void {
    this.#until = Math.max(this.#until, epochMs);
  }

  inForce(): boolean {
    return this.#until > Date.now();
  }

  /** Resolves once no pause is in force (a pause may be extended while waiting). */
  async wait(signal?: AbortSignal): Promise<void> {
    for (let remaining = this.#until - Date.now(); remaining > 0; remaining = this.#until - Date.now()) {
      await sleep(remaining, undefined, { signal });
    }
  }
}
