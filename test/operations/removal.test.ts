import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Log } from '../../src/reporting/log.ts';
import { isFailure, processUsernames } from '../../src/operations/removal.ts';
import { MembersClient } from '../../src/api/members.ts';
import { transportTo } from '../support/api-transport.ts';
import { numberedMembers, TursoStandIn } from '../stand-in/server.ts';

const TOKEN = 'tok-removal-0123';

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
    standIn = new TursoStandIn({ token: TOKEN, orgs: { acme: numberedMembers(10) }, latencyMs: 30 });
    await standIn.start();
  });
  afterEach(async () => {
    await standIn.stop();
  });

  it('gives every username one result, in input order, with at most `concurrency` in flight', async () => {
    const members = new MembersClient(transportTo(standIn, TOKEN, { retries: 2 }), 'acme');
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
