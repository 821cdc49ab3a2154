import { afterEach, describe, expect, it } from 'vitest';
import { organizationApi } from '../../src/api/organization.ts';
import { isFailure, type PersonPlan, type PersonResult } from '../../src/model/people.ts';
import { RunRecord } from '../../src/model/run-record.ts';
import { offboardPeople } from '../../src/operations/offboarding.ts';
import { logPersonResult } from '../../src/reporting/person-log.ts';
import { transportTo } from '../support/api-transport.ts';
import { recordingLog } from '../support/recording-log.ts';
import { numberedMembers, TursoStandIn, type StandInOptions } from '../stand-in/server.ts';

const APPLY = { kind: 'apply', reason: 'a workflow_dispatch run on the merged roster' } as const;

const TOKEN = 'tok-offboarding-0123';

describe('isFailure', () => {
  const person = (result: PersonResult['result']): PersonResult => ({
    username: 'a',
    entries: ['a'],
    listedAtStart: false,
    result,
    membership: 'none',
    invite: 'none',
    tokens: [],
    problems: { others: [] },
    actions: [],
    verified: 'not-checked',
  });

  it('fails on failed, and on not-member only under if-not-member: error', () => {
    expect(isFailure(person('failed'), 'ignore')).toBe(true);
    expect(isFailure(person('not-member'), 'error')).toBe(true);
    expect(isFailure(person('not-member'), 'warn')).toBe(false);
    expect(isFailure(person('removed'), 'error')).toBe(false);
    expect(isFailure(person('would-remove'), 'error')).toBe(false);
  });
});

describe('offboardPeople', () => {
  let standIn: TursoStandIn;
  afterEach(() => standIn.stop());

  async function start(options: Omit<StandInOptions, 'token'>, concurrency = 4) {
    standIn = new TursoStandIn({ token: TOKEN, ...options });
    await standIn.start();
    return organizationApi(transportTo(standIn, TOKEN, { retries: 2, concurrency }), 'acme');
  }

  const plan = (username: string, extra: Partial<PersonPlan> = {}): PersonPlan => ({
    username,
    entries: [username],
    membership: { kind: 'ask-api' },
    invites: { kind: 'skipped' },
    tokens: { kind: 'found', tokens: [] },
    ...extra,
  });

  it('gives every person one result, in input order, with at most `concurrency` requests in flight', async () => {
    const api = await start({ orgs: { acme: numberedMembers(10) }, latencyMs: 30 }, 2);
    const log = recordingLog();
    standIn.script({ username: 'user003' }, { status: 500 }, { status: 500 }, { status: 500 });
    // No answer until two removals are under way at once, so the limit is reached however slow the machine.
    const firstTwo = standIn.hold({ method: 'DELETE' });
    void firstTwo.holding(2).then(() => firstTwo.release());
    const usernames = [...numberedMembers(10).map((m) => m.username), 'ghost'];
    const results = await offboardPeople(
      usernames.map((u) => plan(u)),
      api,
      { policy: APPLY },
      new RunRecord(),
    );
    for (const result of results) logPersonResult(result, 'warn', log);
    expect(results.map((r) => [r.username, r.result])).toEqual(
      usernames.map((u) => [u, u === 'user003' ? 'failed' : u === 'ghost' ? 'not-member' : 'removed']),
    );
    expect(firstTwo.peak).toBe(2);
    expect(standIn.maxInFlight).toBeLessThanOrEqual(2);
    expect(log.lines).toContain('warning ghost: not a member: user ghost is not a member of org acme');
    expect(log.lines.filter((l) => l.startsWith('error '))).toEqual([
      'error user003: HTTP 500: empty body (after 3 attempts)',
    ]);
  });

  it('removes the membership, revokes the invitation and every token, and reports each part', async () => {
    const api = await start({
      orgs: { acme: [{ username: 'jane', role: 'member', email: 'jane@acme.test' }] },
      invites: { acme: ['jane@acme.test'] },
      tokens: { acme: [{ id: 't1', name: 'ci', created_at: '2026-01-01' }] },
    });
    const [result] = await offboardPeople(
      [
        plan('jane', {
          email: 'jane@acme.test',
          invites: { kind: 'found', emails: ['jane@acme.test'] },
          tokens: { kind: 'found', tokens: [{ id: 't1', name: 'ci' }] },
        }),
      ],
      api,
      { policy: APPLY },
      new RunRecord(),
    );
    const at = expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown;
    expect(result).toEqual({
      username: 'jane',
      entries: ['jane'],
      listedAtStart: false,
      result: 'removed',
      email: 'jane@acme.test',
      member: 'jane',
      membership: 'removed',
      invite: 'revoked',
      tokens: [{ id: 't1', name: 'ci', result: 'revoked' }],
      problems: { items: [], others: [] },
      attempts: 1,
      actions: [
        {
          kind: 'membership',
          target: 'jane',
          outcome: 'removed',
          status: 200,
          at,
          attempts: 1,
          mayHaveTakenEffect: true,
        },
        {
          kind: 'invitation',
          target: 'jane@acme.test',
          outcome: 'revoked',
          status: 200,
          at,
          attempts: 1,
          mayHaveTakenEffect: true,
        },
        { kind: 'token', target: 't1', outcome: 'revoked', status: 200, at, attempts: 1, mayHaveTakenEffect: true },
      ],
      verified: 'not-checked',
    });
    expect(standIn.invites('acme')).toEqual([]);
    expect(standIn.tokens('acme')).toEqual([]);
  });

  it('fails the person when any part fails, and still carries out the others', async () => {
    const api = await start({
      orgs: { acme: [{ username: 'jane', role: 'member', email: 'jane@acme.test' }] },
      tokens: { acme: [{ id: 't1', name: 'ci', created_at: '2026-01-01' }] },
    });
    standIn.script({ route: 'api-token' }, { status: 403, body: '{"error":"forbidden"}' });
    const [result] = await offboardPeople(
      [plan('jane', { tokens: { kind: 'found', tokens: [{ id: 't1', name: 'ci' }] } })],
      api,
      { policy: APPLY },
      new RunRecord(),
    );
    expect(result).toMatchObject({ result: 'failed', membership: 'removed', member: 'jane' });
    expect(result?.tokens).toEqual([{ id: 't1', name: 'ci', result: 'failed' }]);
    expect(result?.error).toMatch(/^token ci: HTTP 403: forbidden/);
  });

  it('counts an invitation that is already gone as gone', async () => {
    const api = await start({ orgs: { acme: [] } });
    const [result] = await offboardPeople(
      [
        plan('x@acme.test', {
          membership: { kind: 'none', reason: 'no member of acme has the email x@acme.test' },
          invites: { kind: 'found', emails: ['x@acme.test'] },
        }),
      ],
      api,
      { policy: APPLY },
      new RunRecord(),
    );
    expect(result).toMatchObject({
      result: 'not-member',
      invite: 'none',
      error: 'no member of acme has the email x@acme.test',
    });
  });
});
