import { describe, expect, it } from 'vitest';
import { mayHaveTakenEffect, objectFields, type ApiOutcome } from '../../src/api/api-outcome.ts';
import type { ApiFailure } from '../../src/api/api-failure.ts';

const failed = (failure: ApiFailure, ambiguousAttempt?: string): ApiOutcome<unknown> => ({
  ok: false,
  attempts: 1,
  failure,
  ...(ambiguousAttempt !== undefined && { ambiguousAttempt }),
});
const http = (status: number): ApiFailure => ({
  kind: 'http',
  status,
  message: 'no',
  fromApi: true,
  request: 'DELETE /v1/organizations/acme/members/jane',
  apiUrl: 'https://api.turso.tech/',
});

describe('mayHaveTakenEffect', () => {
  it('is true of a 2xx, and of whatever ended without a definite answer', () => {
    expect(mayHaveTakenEffect({ ok: true, attempts: 1, status: 200, body: undefined, rawBody: '' })).toBe(true);
    expect(mayHaveTakenEffect(failed(http(503)))).toBe(true);
    expect(mayHaveTakenEffect(failed({ kind: 'timeout', timeoutMs: 30_000 }))).toBe(true);
    expect(mayHaveTakenEffect(failed({ kind: 'network', code: 'ECONNRESET', host: 'api.turso.tech' }))).toBe(true);
    expect(mayHaveTakenEffect(failed({ kind: 'cancelled', sent: true }))).toBe(true);
    expect(mayHaveTakenEffect(failed(http(404), 'HTTP 502'))).toBe(true);
  });

  it('is false of a definite refusal, and of a request never sent', () => {
    expect(mayHaveTakenEffect(failed(http(404)))).toBe(false);
    expect(mayHaveTakenEffect(failed(http(403)))).toBe(false);
    expect(mayHaveTakenEffect(failed({ kind: 'cancelled', sent: false }))).toBe(false);
  });
});

describe('objectFields', () => {
  it('gives the fields of a JSON object, and nothing of any other value', () => {
    expect(objectFields({ member: 'jane' })).toEqual({ member: 'jane' });
    for (const value of [['jane'], 'jane', null, undefined, 1]) expect(objectFields(value)).toBeUndefined();
  });
});
