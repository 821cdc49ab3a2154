import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../src/api/describe-failure.ts';

describe('describeFailure', () => {
  const failed = (failure: Parameters<typeof describeFailure>[0]['failure'], attempts = 1) =>
    describeFailure({ ok: false, failure, attempts });

  it('says what happened and what to do', () => {
    expect(failed({ kind: 'timeout', timeoutMs: 1_500 }, 4)).toBe(
      'no answer within 1.5 s (request-timeout) after 4 attempts',
    );
    expect(failed({ kind: 'network', code: 'ENOTFOUND', host: 'api.turso.tech' })).toBe(
      'could not reach api.turso.tech (ENOTFOUND) after 1 attempt',
    );
    expect(failed({ kind: 'cancelled', sent: false }, 0)).toBe('not attempted: the run was cancelled');
    expect(failed({ kind: 'cancelled', sent: true })).toContain('may or may not have taken effect');
    expect(failed({ kind: 'cancelled', sent: false, byDefect: true }, 0)).toBe(
      'not attempted: the run stopped on an unexpected error',
    );
    expect(failed({ kind: 'cancelled', sent: true, byDefect: true })).toBe(
      'the run stopped on an unexpected error while this request was under way; it may or may not have taken effect',
    );
    expect(
      failed({
        kind: 'http',
        status: 409,
        message: 'conflict',
        fromApi: true,
        request: 'DELETE /v1/organizations/acme/members/jane',
        apiUrl: 'https://api.turso.tech/',
      }),
    ).toBe('HTTP 409: conflict');
    expect(
      failed(
        {
          kind: 'http',
          status: 502,
          message: 'HTML error page',
          fromApi: false,
          request: 'DELETE /v1/organizations/acme/members/jane',
          apiUrl: 'https://api.turso.tech/',
        },
        4,
      ),
    ).toBe('HTTP 502: HTML error page (after 4 attempts)');
    expect(
      failed({
        kind: 'http',
        status: 301,
        message: 'empty body',
        fromApi: false,
        request: 'DELETE /v1/organizations/acme/members/jane',
        apiUrl: 'https://api.turso.tech/',
        location: 'https://x',
      }),
    ).toContain('HTTP 301 redirect to https://x. Redirects are not followed');
  });

  it('names the org and api-url for a 404 that is not the API\'s "not a member" answer', () => {
    expect(
      failed({
        kind: 'http',
        status: 404,
        message: 'organization not found',
        fromApi: true,
        request: 'DELETE /v1/organizations/acme/members/jane',
        apiUrl: 'https://api.turso.tech/',
      }),
    ).toBe(
      'HTTP 404: organization not found (DELETE /v1/organizations/acme/members/jane). That is not the API\'s "not a member" answer: check that the org input is the organization\'s slug (as in "turso org list") and that api-url (https://api.turso.tech/) is the Turso Platform API',
    );
  });

  it('explains a Retry-After too long to wait for', () => {
    expect(
      describeFailure({
        ok: false,
        attempts: 1,
        retryAfterTooLongMs: 90_500,
        failure: {
          kind: 'http',
          status: 429,
          message: 'slow down',
          fromApi: true,
          request: 'DELETE /v1/organizations/acme/members/jane',
          apiUrl: 'https://api.turso.tech/',
        },
      }),
    ).toContain('asked to wait 91 s before retrying (HTTP 429), longer than the 60 s this action waits');
  });
});
