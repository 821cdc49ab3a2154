import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Log } from '../../src/reporting/log.ts';
import { describeFailure } from '../../src/api/describe-failure.ts';
import { isFailure, processUsernames } from '../../src/operations/removal.ts';
import { MembersClient } from '../../src/api/members.ts';
import { transportTo } from '../support/api-transport.ts';
import { numberedMembers, TursoStandIn } from '../stand-in/server.ts';

describe('describeFailure', () => {
  const failed = (failure: Parameters<typeof describeFailure>[0]['failure'], attempts = 1) =>
    describeFailure({ ok: false, failure, attempts });

  it('says what happened and what to do', () => {
    expect(failed({ kind: 'timeout', timeoutMs: 1_500 }, 4)).toBe(
      'no answer within 1.5 s (request-timeout) after 4 attempts',
    );
    expect(failed({ kind: 'network', code: 'ENOTFOUND' })).toBe('could not reach the API (ENOTFOUND) after 1 attempt');
    expect(failed({ kind: 'cancelled', sent: false }, 0)).toBe('not attempted: the run was cancelled');
    expect(failed({ kind: 'cancelled', sent: true })).toContain('may or may not have taken effect');
    expect(failed({ kind: 'http', status: 409, message: 'conflict', fromApi: true })).toBe('HTTP 409: conflict');
    expect(failed({ kind: 'http', status: 502, message: 'HTML error page', fromApi: false }, 4)).toBe(
      'HTTP 502: HTML error page (after 4 attempts)',
    );
    expect(
      failed({ kind: 'http', status: 301, message: 'empty body', fromApi: false, location: 'https://x' }),
    ).toContain('HTTP 301 redirect to https://x. Redirects are not followed');
  });

  it('explains a Retry-After too long to wait for', () => {
    expect(
      describeFailure({
        ok: false,
        attempts: 1,
        retryAfterTooLongMs: 90_500,
        failure: { kind: 'http', status: 429, message: 'slow down', fromApi: true },
      }),
    ).toContain('asked to wait 91 s before retrying (HTTP 429), longer than the 60 s this action waits');
  });
});

describe('isFailure', () => {
  it('fails on failed, and on not-member only under if-not-member: error', () => {
    expect(isFailure({ username: 'a', result: 'failed' }, 'ignore')).toBe(true);
    expect(isFailure({ username: 'a', result: 'not-member' }, 'error')).toBe(true);
    expect(isFailure({ username: 'a', result: 'not-member' }, 'warn')).toBe(false);
    expect(isFailure({ username: 'a', result: 'removed' }, 'error')).toBe(false);
    expect(isFailure({ username: 'a', result: 'would-remove' }, 'error')).toBe(false);
  });
});

describe('processUsernames', () => {
  let standIn: TursoStandIn;
  const lines: string[] = [];
  const log: Log = {
    info: (message) => lines.push(`info ${message}`),
    warning: (message) => lines.push(`warning ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };

  beforeEach(async () => {
    lines.length = 0;
    standIn = new TursoStandIn({ token: 't', orgs: { acme: numberedMembers(10) }, latencyMs: 30 });
    await standIn.start();
  });
  afterEach(async () => {
    await standIn.stop();
  });

  it('gives every username one result, in input order, with at most `concurrency` in flight', async () => {
    const members = new MembersClient(transportTo(standIn, 't', { retries: 2 }), 'acme');
    standIn.script({ username: 'user003' }, { status: 500 }, { status: 500 }, { status: 500 });
    const usernames = [...numberedMembers(10).map((m) => m.username), 'ghost'];
    const results = await processUsernames(
      { usernames, dryRun: false, ifNotMember: 'warn', concurrency: 2 },
      members,
      log,
    );
    expect(results.map((r) => [r.username, r.result])).toEqual(
      usernames.map((u) => [u, u === 'user003' ? 'failed' : u === 'ghost' ? 'not-member' : 'removed']),
    );
    expect(standIn.maxInFlight).toBe(2);
    expect(lines).toContain('warning ghost: not a member: user ghost is not a member of org acme');
    expect(lines.filter((l) => l.startsWith('error '))).toEqual([
      'error user003: HTTP 500: empty body (after 3 attempts)',
    ]);
  });
});
