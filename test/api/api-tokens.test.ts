import { describe, expect, it } from 'vitest';
import { isTokenNotFound } from '../../src/api/api-tokens.ts';
import type { ApiFailure } from '../../src/api/transport.ts';

const http = (status: number, message: string, fromApi = true): ApiFailure => ({
  kind: 'http',
  status,
  message,
  fromApi,
  request: 'DELETE /v1/organizations/acme/api-tokens/tok-1',
  apiUrl: 'https://api.turso.tech/',
});

describe('isTokenNotFound', () => {
  it('takes only the API\'s own "token not found", exactly', () => {
    expect(isTokenNotFound(http(404, 'token not found'))).toBe(true);
    expect(isTokenNotFound(http(404, 'token not found in organization'))).toBe(false);
    expect(isTokenNotFound(http(404, 'organization not found'))).toBe(false);
    expect(isTokenNotFound(http(404, 'token not found', false))).toBe(false);
    expect(isTokenNotFound(http(400, 'token not found'))).toBe(false);
    expect(isTokenNotFound({ kind: 'timeout', timeoutMs: 1_000 })).toBe(false);
  });
});
