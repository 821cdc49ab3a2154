/**
 * Offboarding at scale through a flaky, rate-limited API: the bundled action against a stand-in
 * that injects faults from a fixed seed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { results } from '../support/action-results.ts';
import { runAction, standInInputs } from '../support/run-action.ts';
import { numberedMembers, TursoStandIn, type Fault } from '../stand-in/server.ts';

const TOKEN = 'soak-token';

/** mulberry32: a tiny seeded PRNG, so every run injects the same fault sequence. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 503s, connection resets, 429s with Retry-After: 1 and 503s slower than request-timeout. None
 * of them carries anything out, so every removal happens exactly once whatever the timing. The
 * 4 s request-timeout leaves a loaded machine room for its ordinary answers: one that the action
 * gave up on after the stand-in had carried it out would be a truly ambiguous attempt, which the
 * action rightly reports as not known to be removed.
 */
function flakyApi(seed: number): (request: { method: string }) => Fault | undefined {
  const random = seededRandom(seed);
  return () => {
    const roll = random();
    if (roll < 0.05) return { status: 503, body: '{"error":"service unavailable"}' };
    if (roll < 0.09) return { reset: true };
    if (roll < 0.11) return { status: 429, headers: { 'retry-after': '1' }, body: '{"error":"rate limited"}' };
    if (roll < 0.14) return { status: 503, delayMs: 5_000, body: '{"error":"service unavailable"}' };
    return undefined;
  };
}

let standIn: TursoStandIn | undefined;
afterEach(async () => {
  await standIn?.stop();
});

describe('fault soak', () => {
  it('removes 300 members at concurrency 8 through 503s, resets, 429s and slow answers, each exactly once', async () => {
    const everyone = numberedMembers(300);
    standIn = new TursoStandIn({ token: TOKEN, orgs: { acme: everyone }, faults: flakyApi(20261128) });
    await standIn.start();

    const outcome = await runAction({
      inputs: standInInputs(standIn, TOKEN, {
        username: everyone.map((m) => m.username).join('\n'),
        concurrency: '8',
        retries: '8',
        'request-timeout': '4',
      }),
    });

    // First, so that a failure names the usernames and why.
    expect(results(outcome).filter((r) => r.result !== 'removed')).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    expect(standIn.members('acme')).toEqual([]);
    for (const member of everyone) expect(standIn.removals.get(`acme/${member.username}`)).toBe(1);
    const list = results(outcome);
    expect(list.map((r) => r.username)).toEqual(everyone.map((m) => m.username));
    expect(list.every((r) => r.result === 'removed' && r.member === r.username)).toBe(true);
    expect(outcome.outputs['removed-count']).toBe('300');
    expect(standIn.maxInFlight).toBeLessThanOrEqual(8);
    // The faults really happened.
    const answers = standIn.requests.map((r) => r.answer);
    for (const kind of [503, 429, 'reset'] as const) expect(answers).toContain(kind);
    expect(outcome.stdout).toContain('no answer within request-timeout');
    // A bound, not a speed check (that is the benchmark's): the seeded faults also reach the
    // look-ups and the second read, whose slow answers each cost a request-timeout.
  }, 180_000);

  it('loses nothing when some usernames are not members and some are forbidden', async () => {
    const everyone = numberedMembers(120);
    standIn = new TursoStandIn({ token: TOKEN, orgs: { acme: everyone }, faults: flakyApi(7) });
    await standIn.start();
    const forbidden = ['user010', 'user055', 'user099'];
    for (const username of forbidden) {
      standIn.script({ method: 'DELETE', username }, { status: 403, body: '{"error":"forbidden"}' });
    }
    const strangers = ['ghost1', 'ghost2'];
    const usernames = [...everyone.map((m) => m.username), ...strangers];

    const outcome = await runAction({
      inputs: standInInputs(standIn, TOKEN, {
        username: usernames.join(','),
        concurrency: '8',
        retries: '8',
        'request-timeout': '4',
      }),
    });

    expect(outcome.exitCode).toBe(1);
    const list = results(outcome);
    expect(list.map((r) => r.username)).toEqual(usernames);
    const byResult = (kind: string) => list.filter((r) => r.result === kind).map((r) => r.username);
    expect(byResult('failed')).toEqual(forbidden);
    expect(byResult('not-member')).toEqual(strangers);
    expect(byResult('removed')).toHaveLength(everyone.length - forbidden.length);
    expect(outcome.outputs['removed-count']).toBe(String(everyone.length - forbidden.length));
    expect(outcome.outputs.result).toBe('failed');
    expect(standIn.members('acme').map((m) => m.username)).toEqual(forbidden);
    for (const username of byResult('removed')) expect(standIn.removals.get(`acme/${username}`)).toBe(1);
  }, 60_000);
});
