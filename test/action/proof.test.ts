/**
 * One proof: a 2xx is the API's confirmation only with the endpoint's own body; anything else
 * (a captive portal's page, `200 {"error": ...}`, another shape) leaves it to the second read,
 * and without a read that shows the change, the person fails. Groups are rotated only after a
 * removal that is proven or confirmed. An item whose request may have taken effect and that the
 * second read shows gone is done, and nothing of an answer it superseded stays.
 */
import { describe, expect, it } from 'vitest';
import { errors, results } from '../support/action-results.ts';
import { ANN, BOB, JANE, MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { bundleAndSource } from '../support/runners.ts';
import { standInInputs, type ActionRun, type ActionRunner } from '../support/run-action.ts';
import { useStandIn } from '../support/stand-ins.ts';
import type { Fault, RequestInfo } from '../stand-in/server.ts';
import type { JobName } from '../../src/model/settings.ts';

const TOKEN = 'turso-admin-token-proof-0123';
const JANE_TOKEN = {
  id: 'tok-jane',
  name: 'jane-ci',
  owner: { username: 'jane', email: 'jane@acme.test' },
  created_at: '2026-05-01',
};
const ORGANIZATION = {
  token: TOKEN,
  orgs: { acme: [JANE, ANN, BOB] },
  invites: { acme: ['jane@acme.test'] },
  tokens: { acme: [JANE_TOKEN] },
  groups: { acme: ['default'] },
};
const PERMISSION_DENIED = '{"error": "permission denied"}';
const PORTAL = {
  status: 200,
  body: '<html>Sign in to the hotel Wi-Fi</html>',
  contentType: 'text/html',
} satisfies Fault;

bundleAndSource('what counts as proof', (runWith: ActionRunner) => {
  describe('an api-url behind a captive portal that answers every request 200 text/html', () => {
    const portal = useStandIn({ ...ORGANIZATION, faults: () => PORTAL });

    it('sends no change, rotates nothing and fails the person: no answer was the API', async () => {
      const outcome = await runWith({
        inputs: standInInputs(portal, TOKEN, {
          username: 'jane',
          'rotate-group-tokens': 'default',
          ...MEMBERSHIP_ONLY,
        }),
      });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([{ username: 'jane', result: 'failed' }]);
      // Neither List Members nor Get Current User was the API: no one can be told apart from an
      // admin or owner whose token runs the action, so nothing is sent at all.
      expect(results(outcome)[0]?.error).toMatch(
        /^not removed: could not read the members: the answer had no members list/,
      );
      expect(outcome.outputs).toMatchObject({ result: 'failed', 'removed-count': '0', 'rotated-groups': '' });
      expect(portal.requestsTo('DELETE')).toEqual([]);
      expect(portal.requestsTo('POST')).toEqual([]);
    });
  });

  describe('against the API', () => {
    const standIn = useStandIn(ORGANIZATION);
    const start = (action: JobName, inputs: Record<string, string>): Promise<ActionRun> =>
      runWith({ action, inputs: standInInputs(standIn, TOKEN, inputs) });
    const run = (inputs: Record<string, string>) => start('remove', inputs);
    const afterThe = (method: string, route: string) => (r: RequestInfo) =>
      r.route === route && r.method === 'GET' && standIn.requestsTo(method).length > 0;

    it('fails a removal answered 200 {"error": "permission denied"} when the second read fails, and rotates nothing', async () => {
      standIn.script({ method: 'DELETE', route: 'member' }, { status: 200, body: PERMISSION_DENIED });
      standIn.script(afterThe('DELETE', 'members'), { status: 400, body: '{"error":"bad"}' });
      const outcome = await run({ username: 'jane', 'rotate-group-tokens': 'default', ...MEMBERSHIP_ONLY });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([
        {
          username: 'jane',
          result: 'failed',
          verified: 'unverified',
          error: `removal not confirmed: the API answered HTTP 200 without Remove Member's {"member": ...} JSON: ${PERMISSION_DENIED}; only a second read that shows the member gone proves it`,
        },
      ]);
      expect(outcome.outputs).toMatchObject({ result: 'failed', 'removed-count': '0', 'rotated-groups': '' });
      expect(standIn.rotations('acme')).toEqual({ default: 0 });
      expect(outcome.evidence?.people).toMatchObject([
        {
          membership: 'failed',
          actions: [{ kind: 'membership', outcome: 'failed', status: 200, mayHaveTakenEffect: true }],
        },
      ]);
    });

    it('lets the second read decide a removal whose 2xx confirmed nothing: gone is removed, and rotated', async () => {
      standIn.script(
        { method: 'DELETE', route: 'member' },
        { status: 200, body: PERMISSION_DENIED, afterEffect: true },
      );
      const outcome = await run({ username: 'jane', 'rotate-group-tokens': 'default', ...MEMBERSHIP_ONLY });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)).toEqual([expect.objectContaining({ result: 'removed', verified: 'gone' })]);
      expect(results(outcome)[0]).not.toHaveProperty('error');
      expect(outcome.outputs).toMatchObject({ 'removed-count': '1', 'rotated-groups': 'default' });
      expect(standIn.rotations('acme')).toEqual({ default: 1 });
      expect(outcome.evidence?.people).toMatchObject([
        { actions: [{ kind: 'membership', outcome: 'removed', status: 200, mayHaveTakenEffect: true }] },
      ]);
    });

    it('keeps no "none of the usernames is a member" warning when the second read shows each "not a member" was this run\'s removal', async () => {
      // Each removal takes effect, its answer is lost, and the retry is told "not a member".
      const lost = { reset: true, afterEffect: true } satisfies Fault;
      standIn.script({ method: 'DELETE', route: 'member' }, lost, lost);
      const outcome = await run({ username: 'jane,bob', 'rotate-group-tokens': 'default', ...MEMBERSHIP_ONLY });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome).map((r) => [r.username, r.result, r.verified])).toEqual([
        ['jane', 'removed', 'gone'],
        ['bob', 'removed', 'gone'],
      ]);
      expect(outcome.outputs).toMatchObject({ 'removed-count': '2', 'rotated-groups': 'default' });
      expect(outcome.annotations).toEqual([]);
    });

    it('takes a second read that lists the member under another case as still listing them, not as proof of gone', async () => {
      // Between the look-up and the removal, the list starts showing jane as Jane (with another email).
      standIn.afterAnswer({ method: 'GET', route: 'members' }, () => {
        standIn.removeMember('acme', 'jane');
        standIn.addMember('acme', { username: 'Jane', role: 'member', email: 'jane.doe@acme.test' });
      });
      standIn.script({ method: 'DELETE', route: 'member' }, { status: 200, body: PERMISSION_DENIED });
      const outcome = await run({ username: 'jane', 'rotate-group-tokens': 'default', ...MEMBERSHIP_ONLY });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([{ username: 'jane', result: 'failed', verified: 'still-listed' }]);
      expect(results(outcome)[0]?.error).toMatch(/still listed after the run: membership of Jane$/);
      expect(outcome.outputs).toMatchObject({ 'removed-count': '0', 'rotated-groups': '' });
      expect(standIn.rotations('acme')).toEqual({ default: 0 });
    });

    it("counts nothing, and rotates nothing, for a removal Remove Member's own answer confirmed but the second read still lists", async () => {
      standIn.script({ method: 'DELETE', route: 'member' }, { status: 200, body: '{"member":"jane"}' });
      const outcome = await run({ username: 'jane', 'rotate-group-tokens': 'default', ...MEMBERSHIP_ONLY });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([
        {
          username: 'jane',
          result: 'failed',
          verified: 'still-listed',
          error: 'still listed after the run: membership of jane',
        },
      ]);
      expect(results(outcome)[0]).not.toHaveProperty('member');
      expect(outcome.outputs).toMatchObject({ member: '', 'removed-count': '0', 'rotated-groups': '' });
      expect(standIn.rotations('acme')).toEqual({ default: 0 });
      expect(outcome.evidence?.totals).toMatchObject({ membershipsRemoved: 0, stillListed: 1, groupsRotated: 0 });
      expect(outcome.evidence?.people).toMatchObject([
        { membership: 'failed', actions: [{ kind: 'membership', outcome: 'failed', status: 200 }] },
      ]);
    });

    it('counts no invitation or token as revoked whose own answer confirmed it but the second read still lists', async () => {
      standIn.script({ method: 'DELETE', route: 'invite' }, { status: 200, body: '' });
      standIn.script({ method: 'DELETE', route: 'api-token' }, { status: 200, body: '{"token":"tok-jane"}' });
      const outcome = await run({ username: 'jane' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([
        {
          username: 'jane',
          result: 'failed',
          invite: 'failed',
          tokens: [{ id: 'tok-jane', result: 'failed' }],
          verified: 'still-listed',
          error: 'still listed after the run: invitation for jane@acme.test, token jane-ci (tok-jane)',
        },
      ]);
      expect(outcome.outputs).toMatchObject({ 'revoked-invites-count': '0', 'revoked-tokens-count': '0' });
      expect(outcome.evidence?.totals).toMatchObject({ invitationsRevoked: 0, tokensRevoked: 0 });
      expect(outcome.evidence?.people).toMatchObject([
        {
          actions: expect.arrayContaining([
            expect.objectContaining({ kind: 'invitation', outcome: 'failed', status: 200 }),
            expect.objectContaining({ kind: 'token', outcome: 'failed', status: 200 }),
          ]) as unknown,
        },
      ]);
    });

    it('annotates a failure the second read finds once, with the settled result', async () => {
      standIn.script({ method: 'DELETE', route: 'member' }, { status: 200, body: '{"member":"jane"}' });
      standIn.script({ method: 'PATCH', route: 'member' }, { status: 200, body: '{"member":{"role":"viewer"}}' });
      const removal = await run({ username: 'jane', ...MEMBERSHIP_ONLY });
      expect(errors(removal).filter((e) => e.startsWith('jane: '))).toEqual([
        'jane: still listed after the run: membership of jane',
      ]);
      const demotion = await start('demote', { username: 'ann', role: 'viewer' });
      expect(errors(demotion).filter((e) => e.startsWith('ann: '))).toEqual([
        'ann: still admin after the run (planned: viewer)',
      ]);
    });

    it('never counts as removed someone listed neither before nor after, whose DELETE a 2xx answered without confirming', async () => {
      standIn.script({ method: 'DELETE', route: 'member' }, { status: 200, body: PERMISSION_DENIED });
      const outcome = await run({
        username: 'ghost',
        'if-not-member': 'warn',
        'rotate-group-tokens': 'default',
        ...MEMBERSHIP_ONLY,
      });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)).toMatchObject([
        {
          username: 'ghost',
          result: 'not-member',
          verified: 'gone',
          error:
            'not listed as a member when the run started nor after it: its removal got no definite answer, so whether ghost was a member cannot be told',
        },
      ]);
      expect(outcome.outputs).toMatchObject({ result: 'not-member', 'removed-count': '0', 'rotated-groups': '' });
      expect(standIn.rotations('acme')).toEqual({ default: 0 });
    });

    it("fails an invitation and a token whose 2xx was not their endpoint's own answer when the second read fails", async () => {
      standIn.script({ method: 'DELETE', route: 'invite' }, { status: 200, body: PERMISSION_DENIED });
      standIn.script({ method: 'DELETE', route: 'api-token' }, PORTAL);
      standIn.script(afterThe('DELETE', 'invites'), { status: 400, body: '{"error":"bad"}' });
      standIn.script(afterThe('DELETE', 'api-tokens'), { status: 400, body: '{"error":"bad"}' });
      const outcome = await run({ username: 'jane' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([
        {
          result: 'failed',
          invite: 'failed',
          tokens: [{ id: 'tok-jane', result: 'failed' }],
          verified: 'unverified',
          error: `invitation: revocation not confirmed: the API answered HTTP 200 without Delete Invite's empty answer: ${PERMISSION_DENIED}; token jane-ci: revocation not confirmed: the API answered HTTP 200 without Revoke Organization API Token's {"token": ...} JSON: ${PORTAL.body}`,
        },
      ]);
      expect(outcome.outputs).toMatchObject({ 'revoked-invites-count': '0', 'revoked-tokens-count': '0' });
    });

    it('fails a role change answered 200 {"error": "permission denied"} when the second read fails', async () => {
      standIn.script({ method: 'PATCH', route: 'member' }, { status: 200, body: PERMISSION_DENIED });
      standIn.script(afterThe('PATCH', 'members'), { status: 400, body: '{"error":"bad"}' });
      const outcome = await start('demote', { username: 'ann', role: 'viewer' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([
        {
          username: 'ann',
          result: 'failed',
          verified: 'unverified',
          error: `role change to viewer not confirmed: the API answered HTTP 200 without Update Member Role's {"member": {..., "role": "viewer"}} JSON: ${PERMISSION_DENIED}; only a second read that lists ann at it proves it`,
        },
      ]);
      expect(outcome.outputs['demoted-count']).toBe('0');
    });

    it("fails a role change answered with another member's record at the role when the second read fails", async () => {
      standIn.script(
        { method: 'PATCH', route: 'member' },
        { status: 200, body: '{"member": {"username": "bob", "role": "viewer", "email": "bob@acme.test"}}' },
      );
      standIn.script(afterThe('PATCH', 'members'), { status: 400, body: '{"error":"bad"}' });
      const outcome = await start('demote', { username: 'ann', role: 'viewer' });
      expect(outcome.exitCode).toBe(1);
      expect(results(outcome)).toMatchObject([{ username: 'ann', result: 'failed', verified: 'unverified' }]);
      expect(results(outcome)[0]?.error).toMatch(
        /^role change to viewer not confirmed: the API answered HTTP 200 without/,
      );
      expect(outcome.outputs['demoted-count']).toBe('0');
    });

    it('fails a rotation answered with anything but its empty 200', async () => {
      standIn.script({ route: 'rotate' }, { ...PORTAL, afterEffect: true });
      const outcome = await start('rotate', { groups: 'default' });
      expect(outcome.exitCode).toBe(1);
      expect(outcome.outputs['rotated-groups']).toBe('');
      expect(errors(outcome)).toContain(
        `Group default: tokens not rotated: not confirmed: the API answered HTTP 200 without Rotate Group Auth Tokens' empty answer: ${PORTAL.body}`,
      );
      expect(outcome.evidence).toMatchObject({ rotations: [{ group: 'default', result: 'failed' }] });
    });

    it('revokes a departed person\'s token and invitation whose answers were lost, though the retries were told "not found"', async () => {
      standIn.removeMember('acme', 'jane');
      // Each request takes effect, its answer is lost, and the retry finds nothing left.
      standIn.script({ method: 'DELETE', route: 'api-token' }, { reset: true, afterEffect: true });
      standIn.script({ method: 'DELETE', route: 'invite' }, { reset: true, afterEffect: true });
      const outcome = await run({ username: 'jane' });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)).toEqual([
        {
          username: 'jane',
          result: 'removed',
          email: 'jane@acme.test',
          invite: 'revoked',
          tokens: [{ id: 'tok-jane', name: 'jane-ci', result: 'revoked' }],
          verified: 'gone',
          attempts: 1,
        },
      ]);
      expect(outcome.outputs).toMatchObject({
        result: 'removed',
        'removed-count': '0',
        'revoked-invites-count': '1',
        'revoked-tokens-count': '1',
      });
      expect(outcome.evidence?.people).toMatchObject([
        {
          result: 'removed',
          actions: expect.arrayContaining([
            expect.objectContaining({ kind: 'invitation', outcome: 'revoked', status: 404, mayHaveTakenEffect: true }),
            expect.objectContaining({ kind: 'token', outcome: 'revoked', status: 404, mayHaveTakenEffect: true }),
          ]) as unknown,
        },
      ]);
      expect(outcome.evidence?.people).toEqual([expect.not.objectContaining({ error: expect.anything() as unknown })]);
      const annotations = outcome.annotations.map((a) => a.message).join('\n');
      for (const text of [
        outcome.outputs.results,
        outcome.summary,
        JSON.stringify(outcome.evidence?.people),
        annotations,
      ]) {
        expect(text).not.toMatch(/not a member|not found/);
      }
      expect(outcome.evidence?.totals).toMatchObject({ invitationsRevoked: 1, tokensRevoked: 1, failed: 0 });
    });
  });
});
