import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  decideRetry,
  isAmbiguous,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  pausesEveryRequest,
  RETRYABLE_STATUSES,
} from '../../src/api/retry-policy.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-28T10:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Sat, 28 Nov 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles each retry, half fixed and half jitter', () => {
    expect(backoffDelay(1, () => 0)).toBe(500);
    expect(backoffDelay(1, () => 1)).toBe(1_000);
    expect(backoffDelay(3, () => 0)).toBe(2_000);
    expect(backoffDelay(3, () => 1)).toBe(4_000);
  });

  it('is capped at 30 s', () => {
    expect(backoffDelay(20, () => 1)).toBe(30_000);
  });
});

describe('decideRetry', () => {
  const status = (code: number, retryAfterMs?: number) => ({ kind: 'status' as const, status: code, retryAfterMs });

  it.each(RETRYABLE_STATUSES)('retries HTTP %i', (code) => {
    expect(decideRetry(status(code), 1, 3, () => 0)).toEqual({ retry: true, waitMs: 500, fromRetryAfter: false });
  });

  it.each([400, 401, 402, 403, 404, 409, 307, 501])('does not retry HTTP %i', (code) => {
    expect(decideRetry(status(code), 1, 3)).toEqual({ retry: false, reason: 'not-retryable' });
  });

  it('retries network errors and timeouts', () => {
    expect(decideRetry({ kind: 'network' }, 1, 3).retry).toBe(true);
    expect(decideRetry({ kind: 'timeout' }, 1, 3).retry).toBe(true);
  });

  it('waits exactly what Retry-After asks', () => {
    expect(decideRetry(status(429, 2_000), 1, 3)).toEqual({ retry: true, waitMs: 2_000, fromRetryAfter: true });
    expect(decideRetry(status(503, MAX_RETRY_AFTER_MS), 1, 3)).toEqual({
      retry: true,
      waitMs: MAX_RETRY_AFTER_MS,
      fromRetryAfter: true,
    });
  });

  it('gives up at once on a Retry-After over 60 s', () => {
    expect(decideRetry(status(429, MAX_RETRY_AFTER_MS + 1_000), 1, 3)).toEqual({
      retry: false,
      reason: 'retry-after-too-long',
      retryAfterMs: MAX_RETRY_AFTER_MS + 1_000,
    });
  });

  it('stops after the configured number of retries', () => {
    expect(decideRetry(status(503), 3, 3).retry).toBe(true);
    expect(decideRetry(status(503), 4, 3)).toEqual({ retry: false, reason: 'retries-exhausted' });
    expect(decideRetry(status(503), 1, 0)).toEqual({ retry: false, reason: 'retries-exhausted' });
  });
});

describe('pausesEveryRequest', () => {
  it('pauses the run for 429 and 503 with Retry-After only', () => {
    expect(pausesEveryRequest({ kind: 'status', status: 429, retryAfterMs: 1_000 })).toBe(true);
    expect(pausesEveryRequest({ kind: 'status', status: 503, retryAfterMs: 0 })).toBe(true);
    expect(pausesEveryRequest({ kind: 'status', status: 429, retryAfterMs: undefined })).toBe(false);
    expect(pausesEveryRequest({ kind: 'status', status: 502, retryAfterMs: 1_000 })).toBe(false);
    expect(pausesEveryRequest({ kind: 'network' })).toBe(false);
  });
});

describe('isAmbiguous', () => {
  it('counts no answer, timeouts and 5xx as ambiguous, definite 4xx answers not', () => {
    expect(isAmbiguous({ kind: 'network' })).toBe(true);
    expect(isAmbiguous({ kind: 'timeout' })).toBe(true);
    expect(isAmbiguous({ kind: 'status', status: 502, retryAfterMs: undefined })).toBe(true);
    expect(isAmbiguous({ kind: 'status', status: 429, retryAfterMs: undefined })).toBe(false);
    expect(isAmbiguous({ kind: 'status', status: 408, retryAfterMs: undefined })).toBe(false);
  });
});
