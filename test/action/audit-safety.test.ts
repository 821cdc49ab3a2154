/**
 * An audit a team can leave running unattended: the limits mean what they say, new hires keep
 * their invitation, a departed person is one result, and the warnings are worth reading. The
 * bundle as the runner runs it, and src/main.ts in this process.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubStandIn } from '../stand-in/github.ts';
import { TursoStandIn, type ApiToken, type Member } from '../stand-in/server.ts';
import { OWNER_AND_STAYER, tokenOf } from '../support/audit-fixtures.ts';
import { runAction, runSource, standInInputs, type ActionRun } from '../support/run-action.ts';

const TOKEN = 'audit-safety-token-0123456789';
const MEMBERS: Member[] = [...OWNER_AND_STAYER, { username: 'gone', role: 'member', email: 'gone@acme.test' }];

let standIn: TursoStandIn;
let workspace: string;

beforeEach(async () => {
  standIn = new TursoStandIn({ token: TOKEN, orgs: { acme: MEMBERS }, invites: { acme: [] }, tokens: { acme: [] } });
  await standIn.start();
  workspace = await mkdtemp(join(tmpdir(), 'turso-workspace-'));
});

afterEach(async () => {
  await standIn.stop();
  await rm(workspace, { recursive: true, force: true });
});

/** Starts the stand-in afresh with these invitations and tokens besides MEMBERS. */
async function restart(invites: string[], tokens: ApiToken[]): Promise<void> {
  await standIn.stop();
  standIn = new TursoStandIn({
    token: TOKEN,
    orgs: { acme: MEMBERS },
    invites: { acme: invites },
    tokens: { acme: tokens },
  });
  await standIn.start();
}

const results = (outcome: ActionRun) => JSON.parse(outcome.outputs.results ?? '[]') as Record<string, unknown>[];
const plan = (outcome: ActionRun) => JSON.parse(outcome.outputs.plan ?? '{}') as Record<string, unknown>;
const messages = (outcome: ActionRun, level: 'error' | 'warning') =>
  outcome.annotations.filter((a) => a.level === level).map((a) => a.message);
const changes = () => standIn.requests.filter((r) => r.method !== 'GET');

describe.each([
  ['bundle', runAction],
  ['source', runSource],
] as const)('%s', (_runner, runWith) => {
  const run = (inputs: Record<string, string>) =>
    runWith({ inputs: standInInputs(standIn, TOKEN, inputs), env: { GITHUB_WORKSPACE: workspace } });

  describe('max-removals', () => {
    it('counts every deletion, tokens included: 0 removes and revokes nothing', async () => {
      await restart([], [tokenOf('t1', 'left'), tokenOf('t2', 'left'), tokenOf('t3', 'left')]);
      const outcome = await run({ keep: 'stays, gone', 'max-removals': '0' });
      expect(outcome.exitCode).toBe(1);
      expect(changes()).toEqual([]);
      expect(messages(outcome, 'error').at(-1)).toBe(
        'The audit would remove 0 member(s), revoke 0 invitation(s) and 3 token(s), 3 in all, more than max-removals allows (0); nothing was removed. Check the keep list, or set max-removals to at least 3 if this is intended.',
      );
      expect(plan(outcome).revokeTokens).toHaveLength(3);
    });

    it('takes a share of the members, rounded down, and refuses a plan over either form given', async () => {
      await restart(['new@acme.test'], [tokenOf('t1', 'gone')]);
      // 3 members: 50% allows 1 deletion; the plan has 3 (gone, their token, the invitation).
      const share = await run({ keep: 'stays', 'max-removals': '10, 50%' });
      expect(share.exitCode).toBe(1);
      expect(changes()).toEqual([]);
      expect(messages(share, 'error').at(-1)).toContain(
        '3 in all, more than max-removals allows (10, or 50% of 3 member(s) (1)); nothing was removed. Check the keep list, or set max-removals to at least 3 (and raise or drop its percentage) if this is intended.',
      );
      const count = await run({ keep: 'stays', 'max-removals': '100%, 2' });
      expect(count.exitCode).toBe(1);
      expect(messages(count, 'error').at(-1)).toContain(
        'more than max-removals allows (2, or 100% of 3 member(s) (3))',
      );
      const both = await run({ keep: 'stays', 'max-removals': '3, 100%' });
      expect(both.exitCode).toBe(0);
      expect(changes()).toHaveLength(3);
    });

    it('fits an ordinary departure by default: a membership, an invitation and a few tokens', async () => {
      const tokens = ['t1', 't2', 't3', 't4', 't5'].map((id) => tokenOf(id, 'gone'));
      await restart(['gone@acme.test'], tokens);
      const outcome = await run({ keep: 'stays' });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome).map((r) => [r.username, r.result, r.invite])).toEqual([['gone', 'removed', 'revoked']]);
      expect(changes()).toHaveLength(7);
    });

    it('lets a dry run over it report what would be removed, with a warning naming the count and the input', async () => {
      await restart(['new@acme.test'], [tokenOf('t1', 'gone')]);
      const outcome = await run({ keep: 'stays', 'max-removals': '1', 'dry-run': 'true' });
      expect(outcome.exitCode).toBe(0);
      expect(changes()).toEqual([]);
      expect(messages(outcome, 'warning')).toEqual([
        'The audit would remove 1 member(s), revoke 1 invitation(s) and 1 token(s), 3 in all, more than max-removals allows (1): a real run would be refused. Check the keep list, or set max-removals to at least 3 if this is intended.',
      ]);
      expect(results(outcome).map((r) => [r.username, r.result])).toEqual([
        ['gone', 'would-remove'],
        ['new@acme.test', 'would-remove'],
      ]);
      expect(outcome.outputs.result).toBe('would-remove');
      expect(outcome.summary).toContain('<tr><td>gone</td><td>member</td><td>would remove</td>');
      expect(outcome.summary).not.toContain('plan refused');
    });

    it.each(['ten', '10, 20', '5%, 6%', '101%', '-1', '10.5', '10; 5%'])(
      'refuses max-removals: %j before any request',
      async (value) => {
        const outcome = await run({ keep: 'stays', 'max-removals': value });
        expect(outcome.exitCode).toBe(1);
        expect(messages(outcome, 'error')[0]).toBe(
          `Input "max-removals": "${value}" is not a number of deletions from 0 to 100000 (e.g. 10), a share of the members from 0% to 100% (e.g. 10%), or one of each (e.g. 10, 5%); set it to one`,
        );
        expect(standIn.requests).toEqual([]);
      },
    );
  });

  describe('new hires: invite-grace-days', () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

    it('revokes only invitations older than the grace, keeps younger ones as "invited N days ago", and an undated one (reported)', async () => {
      await restart([], []);
      standIn.addInvite('acme', 'hired-today@acme.test', 'member', daysAgo(0));
      standIn.addInvite('acme', 'hired-monday@acme.test', 'member', daysAgo(3.5));
      standIn.addInvite('acme', 'stale@acme.test', 'member', daysAgo(7.5));
      standIn.addInvite('acme', 'undated@acme.test', 'member', 'last week');
      const outcome = await run({ keep: 'stays, gone' });
      expect(outcome.exitCode).toBe(0);
      expect(changes().map((r) => r.rawPath)).toEqual(['/v2/organizations/acme/invites/stale%40acme.test']);
      expect(standIn.invites('acme')).toEqual(['hired-today@acme.test', 'hired-monday@acme.test', 'undated@acme.test']);
      expect(plan(outcome)).toMatchObject({
        revokeInvites: ['stale@acme.test'],
        invitesKept: [
          { email: 'hired-today@acme.test', invitedDaysAgo: 0 },
          { email: 'hired-monday@acme.test', invitedDaysAgo: 3 },
          { email: 'undated@acme.test' },
        ],
      });
      expect(outcome.summary).toContain(
        '<tr><td>hired-monday&#64;<wbr>acme&#46;test</td><td>invited</td><td>keep</td><td>invited 3 day(s) ago (within invite-grace-days)</td></tr>',
      );
      expect(outcome.summary).toContain('<td>the invitation has no readable date (check it by hand)</td>');
      expect(messages(outcome, 'warning')).toEqual([
        'The invitation for undated@acme.test has no readable created_at, so its age is unknown and it is kept; check it by hand',
      ]);
      expect(outcome.stdout).toContain(
        '2 invitation(s) sent within invite-grace-days kept (new hires): hired-today@acme.test (0 day(s) ago), hired-monday@acme.test (3 day(s) ago)',
      );
    });

    it('keeps an invitation whose created_at is missing, even with a grace of 1 day; 0 turns the grace off', async () => {
      standIn.script(
        { route: 'invites' },
        { status: 200, body: JSON.stringify({ invites: [{ id: 1, email: 'who@acme.test', role: 'member' }] }) },
      );
      const kept = await run({ keep: 'stays, gone', 'invite-grace-days': '1', 'dry-run': 'true' });
      expect(kept.exitCode).toBe(0);
      expect(plan(kept)).toMatchObject({ revokeInvites: [], invitesKept: [{ email: 'who@acme.test' }] });

      await restart([], []);
      standIn.addInvite('acme', 'hired-today@acme.test', 'member', daysAgo(0));
      const off = await run({ keep: 'stays, gone', 'invite-grace-days': '0' });
      expect(off.exitCode).toBe(0);
      expect(standIn.invites('acme')).toEqual([]);
    });

    it.each(['-1', 'a week', '3651', '1.5'])('refuses invite-grace-days: %j before any request', async (value) => {
      const outcome = await run({ keep: 'stays', 'invite-grace-days': value });
      expect(outcome.exitCode).toBe(1);
      expect(messages(outcome, 'error')[0]).toBe(
        `Input "invite-grace-days": "${value}" is not a whole number from 0 to 3650; set it to one`,
      );
      expect(standIn.requests).toEqual([]);
    });
  });

  describe('warnings that mean something', () => {
    it('warns about keep names that match no member or invitation, and counts team members without Turso in one line', async () => {
      const github = new GitHubStandIn('ghs_warnings-token');
      github.teams.set('acme-gh/eng', ['Stays', ...Array.from({ length: 40 }, (_, i) => `designer-${i}`)]);
      await github.start();
      await restart(['new-hire@acme.test'], []);
      try {
        const outcome = await runWith({
          inputs: standInInputs(standIn, TOKEN, {
            keep: 'gone, new-hire@acme.test, sarah-typo',
            'keep-github-team': 'acme-gh/eng',
            'github-token': 'ghs_warnings-token',
            'dry-run': 'true',
          }),
          env: { GITHUB_API_URL: github.url },
        });
        expect(outcome.exitCode).toBe(0);
        expect(messages(outcome, 'warning')).toEqual([
          'On the keep list but not members of acme (typos, or invitations not yet accepted?): sarah-typo',
        ]);
        expect(outcome.stdout).toContain(
          '40 member(s) of the GitHub teams are not members of acme (expected: not everyone uses Turso); the job summary lists them',
        );
        expect(plan(outcome)).toMatchObject({
          notMembers: ['sarah-typo'],
          teamNotMembers: Array.from({ length: 40 }, (_, i) => `designer-${i}`),
        });
        expect(outcome.summary).toContain(
          '<tr><td>designer-39</td><td>—</td><td>none</td><td>in a GitHub team of the roster, not a Turso member</td></tr>',
        );
      } finally {
        await github.stop();
      }
    });
  });

  describe('one result per person', () => {
    it('gives a departed person one result for their invitation and every token that outlived them', async () => {
      await restart(
        ['left@acme.test'],
        [
          tokenOf('t1', 'left'),
          tokenOf('t2', 'left'),
          tokenOf('t3', 'left'),
          {
            id: 't4',
            name: 'left-email-only',
            owner: { email: 'LEFT@acme.test' },
            created_at: '2026-01-01',
          } as ApiToken,
        ],
      );
      const dryRun = await run({ keep: 'stays, gone', 'dry-run': 'true' });
      expect(dryRun.exitCode).toBe(0);
      expect(results(dryRun)).toEqual([
        {
          username: 'left',
          result: 'would-remove',
          email: 'left@acme.test',
          invite: 'would-revoke',
          tokens: ['t1', 't2', 't3', 't4'].map((id) => ({
            id,
            name: id === 't4' ? 'left-email-only' : `left-${id}`,
            result: 'would-revoke',
          })),
          verified: 'not-checked',
        },
      ]);

      const real = await run({ keep: 'stays, gone', 'max-removals': '5' });
      expect(real.exitCode).toBe(0);
      expect(results(real).map((r) => [r.username, r.result, r.invite])).toEqual([['left', 'removed', 'revoked']]);
      expect(
        changes()
          .map((r) => r.rawPath.split('/').at(-1))
          .sort(),
      ).toEqual(['left%40acme.test', 't1', 't2', 't3', 't4']);
    });
  });

  describe('inputs and answers read for what they are', () => {
    it('reads a keep-file whose name begins with two dots: it is inside the workspace', async () => {
      await writeFile(join(workspace, '..roster'), 'stays\n');
      const outcome = await run({ 'keep-file': '..roster', 'dry-run': 'true' });
      expect(outcome.exitCode).toBe(0);
      expect(plan(outcome)).toMatchObject({ keep: ['stays'], remove: ['gone'] });
    });

    it('takes a 4xx on List Invites as "no invitations on this plan" only by its code, never by a word in its message', async () => {
      standIn.script(
        { route: 'invites' },
        { status: 400, body: JSON.stringify({ error: 'bad request: see the explanation in the docs' }) },
      );
      const refused = await run({ keep: 'stays', 'dry-run': 'true' });
      expect(refused.exitCode).toBe(1);
      expect(messages(refused, 'error').at(-1)).toContain(
        'The audit of acme was refused, and nothing was removed: could not list the invitations: HTTP 400: bad request: see the explanation in the docs',
      );

      standIn.script(
        { route: 'invites' },
        {
          status: 400,
          body: JSON.stringify({ error: 'not on this tier', code: 'feature_not_available_for_starter_plan' }),
        },
      );
      const unavailable = await run({ keep: 'stays', 'dry-run': 'true' });
      expect(unavailable.exitCode).toBe(0);
      expect(messages(unavailable, 'warning')[0]).toMatch(/^Pending invitations could not be checked/);
    });
  });
});
