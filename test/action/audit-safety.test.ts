/**
 * An audit a team can leave running unattended: the limits mean what they say, new hires keep
 * their invitation, a departed person is one result, and the warnings are worth reading. The
 * bundle as the runner runs it, and src/main.ts in this process.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiToken } from '../stand-in/server.ts';
import { errors, plan, results, warnings } from '../support/action-results.ts';
import { GITHUB_TOKEN, GONE, OWNER_AND_STAYER, tokenOf } from '../support/audit-fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'audit-safety-token-0123456789';

const standIn = useStandIn({ token: TOKEN, orgs: { acme: [...OWNER_AND_STAYER, GONE] } });
let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'turso-workspace-'));
});

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

/** Gives the organization these invitations and tokens as well. */
function addInvitesAndTokens(invites: string[], tokens: ApiToken[]): void {
  for (const email of invites) standIn.addInvite('acme', email);
  for (const token of tokens) standIn.addToken('acme', token);
}

const changes = () => standIn.requests.filter((r) => r.method !== 'GET');

bundleAndSource('the refusals and warnings of an unattended audit, as they ship', (runWith) => {
  const run = (inputs: Record<string, string>) =>
    runWith({ action: 'audit', inputs: standInInputs(standIn, TOKEN, inputs), env: { GITHUB_WORKSPACE: workspace } });

  describe('max-removals', () => {
    it('counts every deletion, tokens included: 0 removes and revokes nothing', async () => {
      addInvitesAndTokens([], [tokenOf('t1', 'left'), tokenOf('t2', 'left'), tokenOf('t3', 'left')]);
      const outcome = await run({ keep: 'stays, gone', 'max-removals': '0' });
      expect(outcome.exitCode).toBe(1);
      expect(changes()).toEqual([]);
      expect(errors(outcome).at(-1)).toBe(
        'The audit would remove 0 member(s), revoke 0 invitation(s) and 3 token(s), 3 in all, more than max-removals allows (0); nothing was removed. Check the keep list, or set max-removals to at least 3 if this is intended.',
      );
      expect(plan(outcome).revokeTokens).toHaveLength(3);
    });

    it('takes a share of the members, rounded down, and refuses a plan over either form given', async () => {
      addInvitesAndTokens(['new@acme.test'], [tokenOf('t1', 'gone')]);
      // 3 members: 50% allows 1 deletion; the plan has 3 (gone, their token, the invitation).
      const share = await run({ keep: 'stays', 'max-removals': '10, 50%' });
      expect(share.exitCode).toBe(1);
      expect(changes()).toEqual([]);
      expect(errors(share).at(-1)).toContain(
        '3 in all, more than max-removals allows (10, or 50% of 3 member(s) (1)); nothing was removed. Check the keep list, or set max-removals to at least 3 (and raise or drop its percentage) if this is intended.',
      );
      const count = await run({ keep: 'stays', 'max-removals': '100%, 2' });
      expect(count.exitCode).toBe(1);
      expect(errors(count).at(-1)).toContain('more than max-removals allows (2, or 100% of 3 member(s) (3))');
      const both = await run({ keep: 'stays', 'max-removals': '3, 100%' });
      expect(both.exitCode).toBe(0);
      expect(changes()).toHaveLength(3);
    });

    it('fits an ordinary departure by default: a membership, an invitation and a few tokens', async () => {
      const tokens = ['t1', 't2', 't3', 't4', 't5'].map((id) => tokenOf(id, 'gone'));
      addInvitesAndTokens(['gone@acme.test'], tokens);
      const outcome = await run({ keep: 'stays' });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome).map((r) => [r.username, r.result, r.invite])).toEqual([['gone', 'removed', 'revoked']]);
      expect(changes()).toHaveLength(7);
    });

    it('lets a dry run over it report what would be removed, with a warning naming the count and the input', async () => {
      addInvitesAndTokens(['new@acme.test'], [tokenOf('t1', 'gone')]);
      const outcome = await run({ keep: 'stays', 'max-removals': '1', 'dry-run': 'true' });
      expect(outcome.exitCode).toBe(0);
      expect(changes()).toEqual([]);
      expect(warnings(outcome)).toEqual([
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
        expect(errors(outcome)[0]).toBe(
          `Input "max-removals": "${value}" is not a number of deletions from 0 to 100000 (e.g. 10), a share of the members from 0% to 100% (e.g. 10%), or one of each (e.g. 10, 5%); set it to one`,
        );
        expect(standIn.requests).toEqual([]);
      },
    );
  });

  describe('new hires: invite-grace-days', () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

    it('revokes only invitations older than the grace, keeps younger ones as "invited N days ago", and an undated one (reported)', async () => {
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
      expect(warnings(outcome)).toEqual([
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

      standIn.addInvite('acme', 'hired-today@acme.test', 'member', daysAgo(0));
      const off = await run({ keep: 'stays, gone', 'invite-grace-days': '0' });
      expect(off.exitCode).toBe(0);
      expect(standIn.invites('acme')).toEqual([]);
    });

    it.each(['-1', 'a week', '3651', '1.5'])('refuses invite-grace-days: %j before any request', async (value) => {
      const outcome = await run({ keep: 'stays', 'invite-grace-days': value });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toBe(
        `Input "invite-grace-days": "${value}" is not a whole number from 0 to 3650 in plain decimal digits; set it to one, e.g. 7`,
      );
      expect(standIn.requests).toEqual([]);
    });
  });

  describe('warnings that mean something', () => {
    const github = useGitHubStandIn(GITHUB_TOKEN, {
      'acme-gh/eng': ['Stays', ...Array.from({ length: 40 }, (_, i) => `designer-${i}`)],
    });

    it('warns about keep names that match no member or invitation, and counts team members without Turso in one line', async () => {
      addInvitesAndTokens(['new-hire@acme.test'], []);
      const outcome = await runWith({
        action: 'audit',
        inputs: standInInputs(standIn, TOKEN, {
          keep: 'gone, new-hire@acme.test, sarah-typo',
          'keep-github-team': 'acme-gh/eng',
          'github-token': GITHUB_TOKEN,
          'dry-run': 'true',
        }),
        env: { GITHUB_API_URL: github.url },
      });
      expect(outcome.exitCode).toBe(0);
      expect(warnings(outcome)).toEqual([
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
    });
  });

  describe('one result per person', () => {
    it('gives a departed person one result for their invitation and every token that outlived them', async () => {
      addInvitesAndTokens(
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
      expect(errors(refused).at(-1)).toContain(
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
      expect(warnings(unavailable)[0]).toMatch(/^Pending invitations could not be checked/);
    });
  });
});
