/**
 * Requests the stand-in holds back: they arrive and are logged, but get no answer until the hold
 * is released. A test learns from the hold itself that requests are under way, and how many at
 * once, instead of guessing with a timer.
 */
import type { ServerResponse } from 'node:http';
import type { RequestInfo } from './server.ts';

export class Hold {
  readonly #match: (request: RequestInfo) => boolean;
  /** One release function per request held now. */
  readonly #held = new Set<() => void>();
  readonly #watchers: { count: number; resolve: (value: undefined) => void }[] = [];
  #released = false;
  /** The most requests held at the same time. */
  peak = 0;

  constructor(match: (request: RequestInfo) => boolean) {
    this.#match = match;
  }

  matches(request: RequestInfo): boolean {
    return !this.#released && this.#match(request);
  }

  /** Resolves once `count` requests are held at the same time. */
  holding(count: number): Promise<undefined> {
    if (this.#held.size >= count) return Promise.resolve(undefined);
    const { promise, resolve } = Promise.withResolvers<undefined>();
    this.#watchers.push({ count, resolve });
    return promise;
  }

  /** Answers every request held, and lets every later one through. */
  release(): void {
    this.#released = true;
    for (const release of this.#held) release();
  }

  /** For the stand-in: resolves once the hold is released, or at once when the client has gone. */
  wait(res: ServerResponse): Promise<undefined> {
    const { promise, resolve } = Promise.withResolvers<undefined>();
    const release = () => {
      this.#held.delete(release);
      resolve(undefined);
    };
    this.#held.add(release);
    res.on('close', release);
    this.peak = Math.max(this.peak, this.#held.size);
    for (const watcher of this.#watchers.filter((w) => this.#held.size >= w.count)) {
      this.#watchers.splice(this.#watchers.indexOf(watcher), 1);
      watcher.resolve(undefined);
    }
    return promise;
  }
}
