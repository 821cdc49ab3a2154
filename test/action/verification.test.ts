/**
 * Proven offboarding, through the bundle: people are identified the same way whatever the
 * inputs, the token's own user is never removed, the organization is read again after acting,
 * the audit log corroborates each removal, and every run leaves an evidence record.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errors, results, warnings } from '../support/action-results.ts';
import { ANN, BOB, JANE, MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { bundleAndSource } from '../support/runners.ts';
import { standInInputs, type ActionRun, type ActionRunner } from '../support/run-action.ts';
import { useStandIn } from '../support/stand-ins.ts';
import { TOKEN_USER } from '../stand-in/server.ts';
import type { JobName } from '../../src/model/settings.ts';

const TOKEN = 'turso-admin-token-verification-0123';
const JANE_TOKEN = {
  id: 'tok-jane',
  name: 'jane-ci',
  owner: { username: 'jane', email: 'jane@acme.test' },
  created_at: '2026-05-01',
};
const standIn = useStandIn({
  token: TOKEN,
  orgs: { acme: [JANE, ANN, BOB] },
  invites: { acme: ['jane@acme.test'] },
  tokens: { acme: [JANE_TOKEN] },
  groups: { acme: ['default'] },
});

const requests = () => standIn.requests.map((r) => `${r.method} ${r.rawPath}`);

// Each of these failed, or was never checked, before verification and the evidence record.
bundleAndSource('the failures of an unproven offboarding', (runWith: ActionRunner) => {
  const start = (
    action: JobName,
    inputs: Record<string, string>,
    env: Record<string, string> = {},
  ): Promise<ActionRun> => runWith({ action, inputs: standInInputs(standIn, TOKEN, inputs), env });
  const run = (inputs: Record<string, string>, env: Record<string, string> = {}) => start('remove', inputs, env);
  const audit = (inputs: Record<string, string>) => start('audit', inputs);

  describe('identity, resolved the same way whatever the inputs', () => {
    it('removes the listed spelling of a username typed in another case, with the revoke inputs on or off', async () => {
      const withDefaults = await run({ username: 'Jane' });
      expect(withDefaults.exitCode).toBe(0);
      expect(results(withDefaults)).toMatchObject([{ username: 'jane', result: 'removed', verified: 'gone' }]);
      expect(requests()).toContain('DELETE /v1/organizations/acme/members/jane');
      expect(withDefaults.evidence?.people).toMatchObject([
        { entries: ['Jane'], username: 'jane', listedAtStart: true },
      ]);

      standIn.addMember('acme', ANN);
      const ann = await run({ username: 'ANN', ...MEMBERSHIP_ONLY });
      expect(ann.exitCode).toBe(0);
      expect(results(ann)).toMatchObject([{ username: 'ann', result: 'removed', verified: 'gone' }]);
    });

    it('resolves an email through a token owner when the member shows no email, and removes the membership', async () => {
      standIn.addMember('acme', { ...JANE, email: '' });
      const outcome = await run({ username: 'jane@acme.test' });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)).toMatchObject([
        {
          username: 'jane',
          result: 'removed',
          invite: 'revoked',
          tokens: [{ id: 'tok-jane', result: 'revoked' }],
          verified: 'gone',
        },
      ]);
      expect(standIn.members('acme').map((m) => m.username)).toEqual(['ann', 'bob']);
    });

    it('fails an email it cannot tie to anyone while members show no email, and revokes nothing', async () => {
      standIn.addMember('acme', { ...JANE, email: '' });
      standIn.addMember('acme', { ...ANN, email: '' });
      standIn.addInvite('acme', 'jo@acme.test');
      standIn.addToken('acme', {
        id: 'tok-jo',
        name: 'jo',
        owner: { username: '', email: 'jo@acme.test' },
        created_at: '2026-05-01',
      });
      const outcome = await run({ username: 'jo@acme.test' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([
        {
          username: 'jo@acme.test',
          result: 'failed',
          error: 'cannot tell whether jo@acme.test is a member: 2 member(s) show no email',
          verified: 'not-checked',
        },
      ]);
      expect(standIn.requestsTo('DELETE')).toEqual([]);
    });

    it('fails a member who shows no email while a token shows only an email nobody shows, removing what is theirs', async () => {
      standIn.addMember('acme', { ...JANE, email: '' });
      standIn.addToken('acme', { ...JANE_TOKEN, owner: { username: '', email: 'jane@acme.test' } });
      const outcome = await run({ username: 'jane', 'revoke-invites': 'false' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([
        {
          username: 'jane',
          result: 'failed',
          member: 'jane',
          error: "cannot tell whether token jane-ci (owner jane@acme.test) is jane's: jane shows no email",
        },
      ]);
    });

    describe('a shared mailbox: alice and bob both show dev@acme.test', () => {
      const ALICE = { username: 'alice', role: 'member', email: 'dev@acme.test' } as const;
      const SHARER = { username: 'bob', role: 'viewer', email: 'dev@acme.test' } as const;
      const BOB_TOKEN = {
        id: 'tok-bob',
        name: 'bob-ci',
        owner: { username: 'bob', email: 'dev@acme.test' },
        created_at: '2026-05-01',
      };
      const ALICE_TOKEN = {
        ...BOB_TOKEN,
        id: 'tok-alice',
        name: 'alice-ci',
        owner: { username: 'alice', email: 'dev@acme.test' },
      };
      const shareMailbox = () => {
        standIn.addMember('acme', ALICE);
        standIn.addMember('acme', SHARER);
        standIn.addToken('acme', BOB_TOKEN);
        standIn.addToken('acme', ALICE_TOKEN);
      };

      it('offboards alice by username without touching bob: his token is his by its username', async () => {
        shareMailbox();
        const outcome = await run({ username: 'alice' });
        expect(outcome.exitCode).toBe(0);
        expect(results(outcome)).toMatchObject([
          {
            username: 'alice',
            result: 'removed',
            email: 'dev@acme.test',
            invite: 'none',
            tokens: [{ id: 'tok-alice', result: 'revoked' }],
            verified: 'gone',
          },
        ]);
        expect(results(outcome)[0]).not.toHaveProperty('error');
        expect(errors(outcome)).toEqual([]);
        expect(outcome.outputs).toMatchObject({ 'removed-count': '1', 'revoked-tokens-count': '1' });
        expect(standIn.members('acme').map((m) => m.username)).toEqual(['jane', 'ann', 'bob']);
        expect(standIn.tokens('acme')).toEqual(['tok-jane', 'tok-bob']);
        expect(
          standIn
            .requestsTo('DELETE')
            .map((r) => r.rawPath)
            .sort(),
        ).toEqual(['/v1/organizations/acme/api-tokens/tok-alice', '/v1/organizations/acme/members/alice']);
      });

      it('leaves alone, and reports, an invitation and a token that only the shared email points at', async () => {
        shareMailbox();
        standIn.addInvite('acme', 'dev@acme.test');
        standIn.addToken('acme', {
          ...BOB_TOKEN,
          id: 'tok-dev',
          name: 'dev-ci',
          owner: { username: '', email: 'dev@acme.test' },
        });
        const outcome = await run({ username: 'alice' });
        expect(outcome.exitCode).toBe(1);
        const error =
          "cannot tell whether the invitation for dev@acme.test, token dev-ci (owner dev@acme.test) are alice's: dev@acme.test is also the email of bob (a shared mailbox), so they were left alone";
        expect(results(outcome)).toMatchObject([
          {
            username: 'alice',
            result: 'failed',
            member: 'alice',
            invite: 'none',
            tokens: [{ id: 'tok-alice', result: 'revoked' }],
            verified: 'gone',
            error,
          },
        ]);
        expect(errors(outcome)).toContain(`alice: ${error}`);
        expect(outcome.summary).toContain('a shared mailbox');
        expect(outcome.evidence?.people).toMatchObject([{ username: 'alice', error }]);
        expect(standIn.invites('acme')).toEqual(['jane@acme.test', 'dev@acme.test']);
        expect(standIn.tokens('acme')).toEqual(['tok-jane', 'tok-bob', 'tok-dev']);
        expect(standIn.members('acme').map((m) => m.username)).toEqual(['jane', 'ann', 'bob']);
      });

      it('refuses to pick one of the people an email entry names, and removes nothing', async () => {
        shareMailbox();
        const outcome = await run({ username: 'dev@acme.test' });
        expect(outcome.exitCode).toBe(1);
        expect(results(outcome)).toMatchObject([
          {
            username: 'dev@acme.test',
            result: 'failed',
            error:
              'cannot tell who dev@acme.test is: it is the email of bob, alice (a shared mailbox); name the person by username',
          },
        ]);
        expect(standIn.requestsTo('DELETE')).toEqual([]);
      });

      it('revokes in an audit the token of alice, removed, by its username, and keeps one only the shared email shows', async () => {
        shareMailbox();
        standIn.addToken('acme', {
          ...BOB_TOKEN,
          id: 'tok-dev',
          name: 'dev-ci',
          owner: { username: '', email: 'dev@acme.test' },
        });
        const outcome = await audit({ keep: 'jane, ann, bob', 'max-removals': '10', 'revoke-invites': 'false' });
        expect(outcome.exitCode).toBe(0);
        expect(JSON.parse(outcome.outputs.plan ?? '')).toMatchObject({
          remove: ['alice'],
          revokeTokens: [{ id: 'tok-alice', owner: 'alice' }],
          tokensOwnerUnknown: [{ id: 'tok-dev', name: 'dev-ci', owner: 'dev@acme.test' }],
        });
        expect(results(outcome)).toMatchObject([
          { username: 'alice', result: 'removed', tokens: [{ id: 'tok-alice', result: 'revoked' }], verified: 'gone' },
        ]);
        expect(warnings(outcome)).toContain(
          'Token dev-ci (tok-dev): its owner is shown only as dev@acme.test, which cannot be tied to one member, so it is not revoked; check it by hand',
        );
        expect(standIn.tokens('acme')).toEqual(['tok-jane', 'tok-bob', 'tok-dev']);
      });
    });

    it('never removes the user whose token runs the action, and says so', async () => {
      standIn.addMember('acme', { username: TOKEN_USER.username, role: 'admin', email: TOKEN_USER.email });
      const outcome = await run({ username: `${TOKEN_USER.email}, bob` });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([
        {
          username: TOKEN_USER.username,
          result: 'failed',
          error: 'not removed: this is the user whose token runs the action',
        },
        { username: 'bob', result: 'removed' },
      ]);
      expect(standIn.requestsTo('DELETE', TOKEN_USER.username)).toEqual([]);
      expect(outcome.evidence?.tokenUser).toEqual(TOKEN_USER);
    });

    it('keeps the token user in an audit whose roster forgot them, with a warning', async () => {
      standIn.addMember('acme', { username: TOKEN_USER.username, role: 'admin', email: TOKEN_USER.email });
      const outcome = await audit({ keep: 'ann', 'max-removals': '10' });
      expect(outcome.exitCode).toBe(0);
      expect(JSON.parse(outcome.outputs.plan ?? '')).toMatchObject({ tokenUserKept: [TOKEN_USER.username] });
      expect(warnings(outcome).some((w) => w.includes('this is the user whose token runs the action'))).toBe(true);
      expect(standIn.members('acme').map((m) => m.username)).toEqual(['ann', TOKEN_USER.username]);
    });

    it('keeps a member an audit keeps by email through their token, though the member shows no email', async () => {
      standIn.addMember('acme', { ...JANE, email: '' });
      const outcome = await audit({ keep: 'ann, bob, jane@acme.test', 'max-removals': '10' });
      expect(outcome.exitCode).toBe(0);
      expect(standIn.members('acme').map((m) => m.username)).toEqual(['jane', 'ann', 'bob']);
      expect(standIn.tokens('acme')).toEqual(['tok-jane']);
    });

    it('refuses an audit whose keep list names an email nobody shows while members show no email', async () => {
      standIn.addMember('acme', { ...JANE, email: '' });
      const outcome = await audit({
        keep: 'ann, bob, jo@acme.test',
        'max-removals': '10',
        'revoke-api-tokens': 'false',
      });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome).at(-1)).toContain(
        'the keep list names jo@acme.test, which no member, invitation or token owner shows',
      );
      expect(standIn.requestsTo('DELETE')).toEqual([]);
      // The plan's table names the entry that refused it, first.
      expect(outcome.summary).toContain(
        '<th>Reason</th></tr><tr><td>jo&#64;<wbr>acme&#46;test</td><td>—</td><td>plan refused</td><td>whom it keeps cannot be told: no member, invitation or token owner shows it, while some members show no email</td></tr>',
      );
    });

    it('keeps every admin in an audit when Get Current User cannot be read: any may be the token user', async () => {
      standIn.script({ route: 'user' }, { status: 403, body: '{"error":"forbidden"}' });
      const outcome = await audit({ keep: 'bob', 'max-removals': '10', retries: '0' });
      expect(outcome.exitCode).toBe(0);
      expect(standIn.members('acme').map((m) => m.username)).toEqual(['ann', 'bob']);
      expect(warnings(outcome)).toContain(
        'ann: admin, not on the keep list, but kept: Get Current User could not be read, and any admin may be the user whose token runs the action',
      );
    });

    it('goes on with one warning when Get Current User cannot be read', async () => {
      standIn.script({ route: 'user' }, { status: 403, body: '{"error":"forbidden"}' });
      const outcome = await run({ username: 'jane', ...MEMBERSHIP_ONLY, retries: '0' });
      expect(outcome.exitCode).toBe(0);
      expect(warnings(outcome)).toEqual([
        expect.stringMatching(/^Could not tell whose token runs the action \(Get Current User: HTTP 403/),
      ]);
      expect(outcome.evidence?.tokenUser).toBeNull();
    });
  });

  describe('verification: what is reported gone was seen gone', () => {
    it('reads exactly two lists before a plain removal and two after, each pair at once', async () => {
      const outcome = await run({ username: 'jane', ...MEMBERSHIP_ONLY });
      expect(outcome.exitCode).toBe(0);
      expect(requests().slice(0, 2).sort()).toEqual(['GET /v1/organizations/acme/members', 'GET /v1/user']);
      expect(requests()[2]).toBe('DELETE /v1/organizations/acme/members/jane');
      expect(requests().slice(3).sort()).toEqual([
        'GET /v1/organizations/acme/audit-logs?page=1&page_size=100',
        'GET /v1/organizations/acme/members',
      ]);
      expect(results(outcome)).toMatchObject([
        {
          verified: 'gone',
          audit_log: { author: TOKEN_USER.username, created_at: expect.stringMatching(/Z$/) as unknown },
        },
      ]);
    });

    it('fails a person the API answered 200 for but who is still listed, naming what remains', async () => {
      standIn.script({ method: 'DELETE', route: 'member' }, { status: 200, body: '{"member":"jane"}' });
      const outcome = await run({ username: 'jane', 'rotate-group-tokens': 'default' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([
        {
          username: 'jane',
          result: 'failed',
          verified: 'still-listed',
          error: 'still listed after the run: membership of jane',
        },
      ]);
      expect(errors(outcome)).toContain('jane: still listed after the run: membership of jane');
      expect(outcome.evidence?.totals).toMatchObject({ stillListed: 1, verifiedGone: 0 });
    });

    it('counts a member listed at the start and gone after an ambiguous DELETE as removed, keeping nothing of the "not a member" its retry got, and rotates', async () => {
      standIn.script(
        { method: 'DELETE', route: 'member' },
        { status: 502, body: '<html>502</html>', contentType: 'text/html', afterEffect: true },
      );
      const outcome = await run({
        username: 'jane',
        'if-not-member': 'warn',
        'rotate-group-tokens': 'default',
        ...MEMBERSHIP_ONLY,
      });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)).toMatchObject([{ username: 'jane', result: 'removed', verified: 'gone' }]);
      expect(outcome.outputs['removed-count']).toBe('1');
      expect(standIn.rotations('acme')).toEqual({ default: 1 });
      expect(results(outcome)[0]).not.toHaveProperty('error');
      expect(outcome.evidence?.people).toMatchObject([
        {
          membership: 'removed',
          actions: [{ kind: 'membership', outcome: 'removed', status: 404, attempts: 2, mayHaveTakenEffect: true }],
        },
      ]);
      const person = JSON.stringify(outcome.evidence?.people);
      expect(person).not.toContain('not a member');
      expect(outcome.summary).not.toContain('not a member');
      expect(outcome.outputs.results).not.toContain('not a member');
      expect(outcome.annotations.map((a) => a.message).join('\n')).not.toContain('not a member');
    });

    it('leaves the result standing, unverified, with a warning, when the second read fails', async () => {
      standIn.script(
        (r) => r.route === 'members' && standIn.requestsTo('DELETE').length > 0,
        { status: 500 },
        { status: 500 },
      );
      const outcome = await run({ username: 'jane', ...MEMBERSHIP_ONLY, retries: '1' });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)).toMatchObject([{ username: 'jane', result: 'removed', verified: 'unverified' }]);
      expect(warnings(outcome)).toEqual([
        expect.stringMatching(
          /^The organization could not be read again whole, so 1 person\(s\) are unverified \(jane\): could not list the members: HTTP 500/,
        ),
      ]);
    });

    it('reads again after a listed member was called "not a member", and fails them while still listed', async () => {
      standIn.script(
        { method: 'DELETE', route: 'member' },
        { status: 404, body: '{"error":"user jane is not a member of org acme"}' },
      );
      const outcome = await run({ username: 'jane', 'if-not-member': 'warn', ...MEMBERSHIP_ONLY });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([
        {
          username: 'jane',
          result: 'failed',
          verified: 'still-listed',
          error: expect.stringContaining('membership of jane') as unknown,
        },
      ]);
    });

    it('reads again after a listed invitation was called "not found", and fails the person while it is still listed', async () => {
      standIn.script({ method: 'DELETE', route: 'invite' }, { status: 404, body: '{"error":"invite not found"}' });
      const outcome = await run({ username: 'jane@acme.test', 'revoke-api-tokens': 'false' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)[0]).toMatchObject({ result: 'failed', verified: 'still-listed' });
      expect(results(outcome)[0]?.error).toContain('invitation for jane@acme.test');
    });

    it('judges by the lists it could read: the members list still shows her, though another list failed', async () => {
      standIn.script({ method: 'DELETE', route: 'member' }, { status: 200, body: '{"member":"jane"}' });
      standIn.script((r) => r.route === 'invites' && standIn.requestsTo('DELETE').length > 0, {
        status: 400,
        body: '{"error":"bad"}',
      });
      const outcome = await run({ username: 'jane' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)[0]).toMatchObject({ result: 'failed', verified: 'still-listed' });
    });

    it('calls a person unverified, not gone, when a list read before is unavailable the second time', async () => {
      standIn.script({ method: 'DELETE', route: 'invite' }, { status: 200 });
      standIn.script((r) => r.route === 'invites' && standIn.requestsTo('DELETE').length > 0, {
        status: 403,
        body: '{"error":"not on your plan","code":"feature_not_available_for_starter_plan"}',
      });
      standIn.addInvite('acme', 'zoe@acme.test');
      const outcome = await run({ username: 'zoe@acme.test', 'revoke-api-tokens': 'false' });
      expect(results(outcome)[0]).toMatchObject({ verified: 'unverified' });
      expect(warnings(outcome)).toEqual([
        expect.stringMatching(/could not be read again whole, so 1 person\(s\) are unverified \(zoe@acme\.test\)/),
      ]);
    });

    it('finds a revoked token still listed by its id, even when it no longer shows its owner', async () => {
      standIn.script({ method: 'DELETE', route: 'api-token' }, { status: 200, body: '{"token":"tok-jane"}' });
      standIn.script((r) => r.route === 'api-tokens' && standIn.requestsTo('DELETE').length > 0, {
        status: 200,
        body: JSON.stringify({ tokens: [{ id: 'tok-jane', name: 'jane-ci', organization: 'acme' }] }),
      });
      const outcome = await run({ username: 'jane' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)[0]).toMatchObject({ result: 'failed', verified: 'still-listed' });
      expect(results(outcome)[0]?.error).toContain('token jane-ci (tok-jane)');
    });

    it('never counts a refused DELETE as a removal, though the second read shows the member gone', async () => {
      standIn.script({ method: 'DELETE', route: 'member' }, { status: 403, body: '{"error":"forbidden"}' });
      // She left by herself while the run was refused: the second read no longer lists her.
      standIn.script((r) => r.route === 'members' && standIn.requestsTo('DELETE').length > 0, {
        status: 200,
        body: JSON.stringify({ members: [ANN, BOB] }),
      });
      const outcome = await run({ username: 'jane', 'rotate-group-tokens': 'default', ...MEMBERSHIP_ONLY });
      expect(outcome.exitCode).toBe(1);
      const error =
        'HTTP 403: forbidden. Only organization owners and admins can manage members, invitations and tokens: use a token of an owner or admin of this organization; the second read shows jane is no longer a member, but not removed by this run: its request was refused, so it cannot have taken effect';
      expect(results(outcome)).toEqual([
        {
          username: 'jane',
          result: 'failed',
          email: JANE.email,
          role: 'member',
          invite: 'skipped',
          tokens: [],
          verified: 'gone',
          error,
          attempts: 1,
        },
      ]);
      expect(outcome.outputs).toMatchObject({
        result: 'failed',
        member: '',
        'removed-count': '0',
        'rotated-groups': '',
      });
      expect(standIn.rotations('acme')).toEqual({ default: 0 });
      expect(outcome.summary).toContain('0 of 1 person removed.');
      expect(outcome.summary).toContain('no longer a member, but not removed by this run');
      expect(outcome.evidence?.people).toMatchObject([
        {
          result: 'failed',
          membership: 'failed',
          verified: 'gone',
          error,
          actions: [{ kind: 'membership', outcome: 'failed', status: 403, mayHaveTakenEffect: false }],
        },
      ]);
      expect(outcome.evidence?.totals).toMatchObject({ removed: 0, membershipsRemoved: 0, failed: 1 });
    });

    it('counts a token the API calls "token not found" and the second read shows gone as done, not as revoked', async () => {
      // Another run revoked it first: gone by the time this run's DELETE arrived.
      standIn.script(
        { method: 'DELETE', route: 'api-token' },
        { status: 404, body: '{"error":"token not found"}', afterEffect: true },
      );
      const outcome = await run({ username: 'jane', 'revoke-invites': 'false' });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)).toMatchObject([
        {
          username: 'jane',
          result: 'removed',
          tokens: [{ id: 'tok-jane', name: 'jane-ci', result: 'not-found' }],
          verified: 'gone',
        },
      ]);
      expect(results(outcome)[0]).not.toHaveProperty('error');
      expect(outcome.outputs).toMatchObject({ result: 'removed', 'removed-count': '1', 'revoked-tokens-count': '0' });
      expect(errors(outcome)).toEqual([]);
      expect(outcome.summary).toContain('jane-ci: not-found');
      expect(outcome.evidence?.people).toMatchObject([
        {
          actions: expect.arrayContaining([
            expect.objectContaining({
              kind: 'token',
              target: 'tok-jane',
              outcome: 'not-found',
              status: 404,
              mayHaveTakenEffect: false,
            }),
          ]) as unknown,
        },
      ]);
      expect(outcome.evidence?.totals).toMatchObject({ tokensRevoked: 0, verifiedGone: 1 });
    });

    it('fails a "token not found" that the second read still lists or cannot show gone, and any other 404', async () => {
      standIn.script({ method: 'DELETE', route: 'api-token' }, { status: 404, body: '{"error":"token not found"}' });
      const listed = await run({ username: 'jane', 'revoke-invites': 'false' });
      expect(listed.exitCode).toBe(1);
      expect(results(listed)).toMatchObject([
        { result: 'failed', verified: 'still-listed', error: 'still listed after the run: token jane-ci (tok-jane)' },
      ]);

      standIn.addMember('acme', JANE);
      standIn.script(
        { method: 'DELETE', route: 'api-token' },
        { status: 404, body: '{"error":"token not found"}', afterEffect: true },
      );
      standIn.script((r) => r.route === 'api-tokens' && standIn.requestsTo('DELETE').length > 2, {
        status: 400,
        body: '{"error":"bad"}',
      });
      const unread = await run({ username: 'jane', 'revoke-invites': 'false' });
      expect(unread.exitCode).toBe(1);
      expect(results(unread)).toMatchObject([
        {
          result: 'failed',
          verified: 'unverified',
          error: 'token jane-ci: the API answered "not found", but the second read could not show it gone',
        },
      ]);

      standIn.addMember('acme', JANE);
      standIn.addToken('acme', JANE_TOKEN);
      standIn.script(
        { method: 'DELETE', route: 'api-token' },
        { status: 404, body: '{"error":"token not found in organization"}', afterEffect: true },
      );
      const other = await run({ username: 'jane', 'revoke-invites': 'false' });
      expect(other.exitCode).toBe(1);
      expect(results(other)).toMatchObject([
        { result: 'failed', verified: 'gone', tokens: [{ id: 'tok-jane', result: 'failed' }] },
      ]);
      expect(results(other)[0]?.error).toMatch(/^token jane-ci: HTTP 404: token not found in organization/);
    });

    it('counts an invitation the API calls "invite not found" as done only when the second read shows it gone', async () => {
      standIn.script(
        { method: 'DELETE', route: 'invite' },
        { status: 404, body: '{"error":"invite not found"}', afterEffect: true },
      );
      const outcome = await run({ username: 'jane', 'revoke-api-tokens': 'false' });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)).toMatchObject([{ result: 'removed', invite: 'none', verified: 'gone' }]);
      expect(outcome.outputs['revoked-invites-count']).toBe('0');

      // Without a second read that shows it gone, "not found" proves nothing.
      standIn.addMember('acme', JANE);
      standIn.addInvite('acme', JANE.email);
      standIn.script(
        { method: 'DELETE', route: 'invite' },
        { status: 404, body: '{"error":"invite not found"}', afterEffect: true },
      );
      standIn.script((r) => r.route === 'invites' && standIn.requestsTo('DELETE').length > 2, {
        status: 400,
        body: '{"error":"bad"}',
      });
      const unread = await run({ username: 'jane', 'revoke-api-tokens': 'false' });
      expect(unread.exitCode).toBe(1);
      expect(results(unread)).toMatchObject([
        {
          result: 'failed',
          verified: 'unverified',
          error:
            'invitation for jane@acme.test: the API answered "not found", but the second read could not show it gone',
        },
      ]);
    });

    it('keeps a nightly audit green when an invitation it planned to revoke was deleted first', async () => {
      // jane, on no keep list, is removed; the invitation of someone who never joined was
      // deleted by HR while the audit ran.
      standIn.addInvite('acme', 'never-joined@acme.test');
      standIn.script(
        { method: 'DELETE', route: 'invite', email: 'never-joined@acme.test' },
        { status: 404, body: '{"error":"invite not found"}', afterEffect: true },
      );
      const outcome = await audit({ keep: 'ann, bob', 'invite-grace-days': '0', 'revoke-api-tokens': 'false' });
      expect(outcome.exitCode).toBe(0);
      expect(errors(outcome)).toEqual([]);
      expect(results(outcome)).toMatchObject([
        { username: 'jane', result: 'removed', verified: 'gone' },
        { username: 'never-joined@acme.test', result: 'not-member', invite: 'none', verified: 'gone' },
      ]);
      expect(standIn.invites('acme')).toEqual([]);
      expect(outcome.outputs['revoked-invites-count']).toBe('1');
    });

    it('reads nothing again after a clean "not a member", and says not-checked', async () => {
      const outcome = await run({ username: 'ghost', 'if-not-member': 'warn', ...MEMBERSHIP_ONLY });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)).toMatchObject([{ username: 'ghost', result: 'not-member', verified: 'not-checked' }]);
      expect(requests().filter((r) => r.startsWith('GET /v1/organizations/acme/members'))).toHaveLength(1);
      expect(requests().some((r) => r.includes('audit-logs'))).toBe(false);
    });

    it('checks nothing in a dry run', async () => {
      const outcome = await run({ username: 'jane', 'dry-run': 'true' });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)).toMatchObject([{ result: 'would-remove', verified: 'not-checked' }]);
      expect(standIn.requests.every((r) => r.method === 'GET')).toBe(true);
      expect(outcome.evidence).toMatchObject({ job: 'remove', planOnly: true });
    });
  });

  describe('the audit log', () => {
    it('is reported unavailable, with one notice, on a plan without it, and never fails the run', async () => {
      standIn.removeAuditLogsFromPlan('acme');
      const outcome = await run({ username: 'jane, bob', ...MEMBERSHIP_ONLY });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome).map((r) => r.audit_log)).toEqual(['unavailable', 'unavailable']);
      expect(outcome.annotations.filter((a) => a.level === 'notice')).toHaveLength(1);
    });

    it('reads pages until an entry older than the run, and finds none for a removal it did not log', async () => {
      const old = {
        code: 'org-member-rm',
        message: 'removed jane',
        origin: 'web' as const,
        author: 'someone',
        created_at: '2026-01-01T00:00:00Z',
        data: { username: 'jane' },
      };
      const recent = (i: number) => ({
        ...old,
        code: 'db-create',
        created_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        message: `db ${i}`,
        data: {},
      });
      standIn.addAuditLogs('acme', [
        ...Array.from({ length: 150 }, (_, i) => recent(i)),
        old,
        ...Array.from({ length: 300 }, (_, i) => recent(i)),
      ]);
      standIn.silenceAuditLog('acme');
      const outcome = await run({ username: 'jane', ...MEMBERSHIP_ONLY });
      expect(results(outcome)).toMatchObject([{ result: 'removed', verified: 'gone', audit_log: 'none-found' }]);
      expect(requests().filter((r) => r.includes('audit-logs'))).toEqual([
        'GET /v1/organizations/acme/audit-logs?page=1&page_size=100',
        'GET /v1/organizations/acme/audit-logs?page=2&page_size=100',
      ]);
    });

    it('reads at most five pages', async () => {
      const recent = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
      const entry = {
        code: 'db-create',
        message: '',
        origin: 'cli' as const,
        author: 'x',
        created_at: recent,
        data: {},
      };
      standIn.addAuditLogs(
        'acme',
        Array.from({ length: 700 }, () => entry),
      );
      standIn.silenceAuditLog('acme');
      const outcome = await run({ username: 'jane', ...MEMBERSHIP_ONLY });
      expect(results(outcome)).toMatchObject([{ result: 'removed', audit_log: 'none-found' }]);
      expect(requests().filter((r) => r.includes('audit-logs'))).toHaveLength(5);
    });

    it('is not read with audit-log: false', async () => {
      const outcome = await run({ username: 'jane', ...MEMBERSHIP_ONLY, 'audit-log': 'false' });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)[0]).not.toHaveProperty('audit_log');
      expect(requests().some((r) => r.includes('audit-logs'))).toBe(false);
    });
  });

  describe('the rotate action', () => {
    it('rotates the groups and does nothing else', async () => {
      const outcome = await start('rotate', { groups: 'default' });
      expect(outcome.exitCode).toBe(0);
      expect(outcome.outputs['rotated-groups']).toBe('default');
      expect(requests().filter((r) => !r.startsWith('GET /v1/user'))).toEqual([
        'POST /v1/organizations/acme/groups/default/auth/rotate',
      ]);
      expect(outcome.evidence).toMatchObject({ job: 'rotate', rotations: [{ group: 'default', result: 'rotated' }] });
    });
  });

  describe('the evidence record', () => {
    it('is written to RUNNER_TEMP, named by org, run and attempt, checked by its SHA-256 in the summary, without the token', async () => {
      const outcome = await run({ username: 'jane' });
      const path = outcome.outputs['evidence-file'] ?? '';
      expect(path).toMatch(/turso-evidence-acme-4242-1\.json$/);
      const text = outcome.evidenceText ?? '';
      expect(outcome.summary).toContain(`SHA-256 <code>${createHash('sha256').update(text).digest('hex')}</code>`);
      expect(text).not.toContain(TOKEN);
      expect(outcome.evidence).toMatchObject({
        format: 'turso-offboarding-evidence',
        version: 1,
        run: { repository: 'acme/platform', runId: '4242', runAttempt: '1', actor: 'octocat', workflow: 'Offboarding' },
        organization: 'acme',
        apiHost: new URL(standIn.url).host,
        inputs: { username: 'jane', org: 'acme' },
        people: [{ entries: ['jane'], username: 'jane', roleAtStart: 'member', verified: 'gone' }],
        totals: {
          people: 1,
          removed: 1,
          membershipsRemoved: 1,
          invitationsRevoked: 1,
          tokensRevoked: 1,
          verifiedGone: 1,
        },
      });
      expect(Object.keys(outcome.evidence?.inputs as object)).not.toContain('token');
    });

    it('names each step of a job apart, and never writes over a record already there', async () => {
      const runnerTemp = await mkdtemp(join(tmpdir(), 'turso-runner-temp-'));
      try {
        const first = await run({ username: 'jane' }, { RUNNER_TEMP: runnerTemp, GITHUB_ACTION: 'offboard' });
        expect(first.outputs['evidence-file']).toBe(join(runnerTemp, 'turso-evidence-acme-4242-1-offboard.json'));
        expect(first.evidence).toMatchObject({ run: { step: 'offboard' } });
        standIn.addMember('acme', JANE);
        const again = await run({ username: 'jane' }, { RUNNER_TEMP: runnerTemp, GITHUB_ACTION: 'offboard' });
        expect(again.outputs['evidence-file']).toBe('');
        expect(warnings(again)).toEqual([expect.stringMatching(/^The evidence record could not be written: .*EEXIST/)]);
        expect(
          JSON.parse(await readFile(join(runnerTemp, 'turso-evidence-acme-4242-1-offboard.json'), 'utf8')),
        ).toEqual(first.evidence);
      } finally {
        await rm(runnerTemp, { recursive: true, force: true });
      }
    });

    it('keeps the member output one member a line, whatever the API answers', async () => {
      standIn.script(
        { method: 'DELETE', route: 'member' },
        { status: 200, body: '{"member":"jane\\nalice"}', afterEffect: true },
      );
      const outcome = await run({ username: 'jane', ...MEMBERSHIP_ONLY });
      expect(outcome.outputs.member).toBe('jane alice');
    });

    it('only warns, and leaves evidence-file empty, when the file cannot be written', async () => {
      const outcome = await run({ username: 'jane' }, { RUNNER_TEMP: '/nonexistent/runner-temp' });
      expect(outcome.exitCode).toBe(0);
      expect(outcome.outputs['evidence-file']).toBe('');
      expect(warnings(outcome)).toEqual([expect.stringMatching(/^The evidence record could not be written: /)]);
      expect(results(outcome)).toMatchObject([{ result: 'removed', verified: 'gone' }]);
    });
  });
});
