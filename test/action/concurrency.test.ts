/**
 * `concurrency` is the number of Turso requests on the wire at once, in every phase of a run:
 * the look-ups, the removals and revocations, the second read with the audit log, and the group
 * rotations. On the bundle, since it is the input as action.yml reads it.
 */
import { expect, it } from 'vitest';
import { results } from '../support/action-results.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';
import type { ApiToken, Member, RequestInfo } from '../stand-in/server.ts';

const TOKEN = 'concurrency-token-0123456789';
const PEOPLE: Member[] = ['jane', 'ann', 'iku'].map((username) => ({
  username,
  role: 'member',
  email: `${username}@acme.test`,
}));
const TOKENS: ApiToken[] = PEOPLE.map((p) => ({
  id: `tok-${p.username}`,
  name: `${p.username}-ci`,
  owner: { username: p.username, email: p.email },
  created_at: '2026-05-01',
}));
const GROUPS = ['default', 'analytics', 'staging'];

const standIn = useStandIn({
  token: TOKEN,
  orgs: { acme: PEOPLE },
  invites: { acme: PEOPLE.map((p) => p.email) },
  tokens: { acme: TOKENS },
  groups: { acme: GROUPS },
});

const inputs = (concurrency: string) =>
  standInInputs(standIn, TOKEN, {
    username: PEOPLE.map((p) => p.username).join('\n'),
    'rotate-group-tokens': GROUPS.join('\n'),
    concurrency,
  });

/** The four look-ups, three memberships, three invitations, three tokens, four second reads and three rotations. */
const REQUESTS = 4 + 3 * 3 + 4 + 3;

const isRead = (r: RequestInfo) => r.method === 'GET';
const isDeletion = (r: RequestInfo) => r.method === 'DELETE';
const isRotation = (r: RequestInfo) => r.route === 'rotate';

bundleAndSource('the concurrency input as action.yml reads it', (runWith) => {
  it('sends one request at a time with concurrency 1: look-ups, removals, second read and rotations alike', async () => {
    // Every answer takes a while, so that any second request sent alongside would overlap it.
    standIn.latencyMs = 25;
    const outcome = await runWith({ inputs: inputs('1') });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome).map((r) => [r.username, r.result, r.verified])).toEqual(
      PEOPLE.map((p) => [p.username, 'removed', 'gone']),
    );
    expect(outcome.outputs['rotated-groups']).toBe(GROUPS.join('\n'));
    expect(standIn.requests).toHaveLength(REQUESTS);
    expect(standIn.maxInFlight).toBe(1);
  });

  it('sends up to N at once with concurrency N, in every phase', async () => {
    // No answer in a phase until two of its requests are under way at once, however slow the machine.
    const firstRead = standIn.hold(isRead);
    const deletions = standIn.hold(isDeletion);
    const rotations = standIn.hold(isRotation);
    let secondRead: ReturnType<typeof standIn.hold> | undefined;
    void firstRead.holding(2).then(() => firstRead.release());
    void deletions.holding(2).then(() => {
      // Every read of the first look-up is answered before the first deletion is sent.
      secondRead = standIn.hold(isRead);
      void secondRead.holding(2).then(() => secondRead?.release());
      deletions.release();
    });
    void rotations.holding(2).then(() => rotations.release());
    const outcome = await runWith({ inputs: inputs('2') });
    expect(outcome.exitCode).toBe(0);
    expect(standIn.requests).toHaveLength(REQUESTS);
    expect([firstRead.peak, deletions.peak, secondRead?.peak, rotations.peak]).toEqual([2, 2, 2, 2]);
    expect(standIn.maxInFlight).toBe(2);
  });

  it('gives the slot up while a retry waits its backoff: the next person goes meanwhile', async () => {
    standIn.script({ method: 'DELETE', username: 'jane' }, { status: 500, body: '{"error":"internal error"}' });
    const outcome = await runWith({ inputs: { ...inputs('1'), 'rotate-group-tokens': '' } });
    expect(outcome.exitCode).toBe(0);
    const memberships = standIn.requestsTo('DELETE').filter((r) => r.route === 'member');
    expect(memberships.map((r) => [r.username, r.answer])).toEqual([
      ['jane', 500],
      ['ann', 200],
      ['iku', 200],
      ['jane', 200],
    ]);
    expect(standIn.maxInFlight).toBe(1);
  });
});
