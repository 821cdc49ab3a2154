/**
 * Which failed attempts are retried and how long to wait before the next one. The HTTP
 * mechanics (per-attempt timeouts, sleeping, re-sending) are the transport's; this module only decides.
 */

/** Answers worth another attempt: timeouts, rate limits and gateway or server trouble. */
export const RETRYABLE_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];

/** Longer `Retry-After` values fail the request at once rather than hold the step. */
export const MAX_RETRY_AFTER_MS = 60_000;

const BASE_DELAY_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or
 * undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1_000;
  const date = Date.parse(value);
  if (Number.isNaN(date) || !/[a-z]/i.test(value)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Exponential backoff with "equal jitter": half of each step is fixed, half random, so waits
 * grow reliably while parallel workers spread out.
 */
export function backoffDelay(retryNumber: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** (retryNumber - 1));
  return step / 2 + random() * (step / 2);
}

/** What ended a failed attempt, as far as the retry decision is concerned. */
export type AttemptFailure =
  { kind: 'status'; status: number; retryAfterMs: number | undefined } | { kind: 'timeout' } | { kind: 'network' };

export type RetryDecision =
  | { retry: true; waitMs: number; fromRetryAfter: boolean }
  | { retry: false; reason: 'not-retryable' | 'retries-exhausted' }
  | { retry: false; reason: 'retry-after-too-long'; retryAfterMs: number };

export function decideRetry(
  failure: AttemptFailure,
  retryNumber: number,
  maxRetries: number,
  random: () => number = Math.random,
): RetryDecision {
  if (failure.kind === 'status' && !RETRYABLE_STATUSES.includes(failure.status)) {
    return { retry: false, reason: 'not-retryable' };
  }
  const retryAfterMs = failure.kind === 'status' ? failure.retryAfterMs : undefined;
  if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) {
    return { retry: false, reason: 'retry-after-too-long', retryAfterMs };
  }
  if (retryNumber > maxRetries) return { retry: false, reason: 'retries-exhausted' };
  if (retryAfterMs !== undefined) return { retry: true, waitMs: retryAfterMs, fromRetryAfter: true };
  return { retry: true, waitMs: backoffDelay(retryNumber, random), fromRetryAfter: false };
}

/**
 * A rate limit (429, or 503 with a `Retry-After`) speaks for the whole API, not for one request:
 * every request of the run should hold off until then.
 */
export function pausesEveryRequest(failure: AttemptFailure): boolean {
  return failure.kind === 'status' && failure.retryAfterMs !== undefined && [429, 503].includes(failure.status);
}

/**
 * An attempt that ended without a definite answer may still have been carried out by the API:
 * a later "not a member" then cannot tell whether this run removed the user.
 */
export function isAmbiguous(failure: AttemptFailure): boolean {
  return failure.kind !== 'status' || failure.status >= 500;
}
