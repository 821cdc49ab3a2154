/**
 * Who a name is, decided one way in every mode (src/model/identity.ts): a name that several
 * members share without case, or that the member list and a token's owner pair with different
 * emails, is refused and nothing of anyone's is touched; a value that cannot be one path segment
 * is that person's failure, never sent; and the token's own user, or with Get Current User
 * unread any admin or owner, is never removed or changed. On the bundle, since each is a way
 * the shipped action could touch the wrong person.
 */
import { expect, it } from 'vitest';
import { errors, results } from '../support/action-results.ts';
import { standInInputs, type ActionRunner } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';
import type { ApiToken, Member } from '../stand-in/server.ts';
import type { JobName } from '../../src/model/settings.ts';

const TOKEN = 'identity-token-0123456789';
const MEMBERS: Member[] = [
  { username: 'Alice', role: 'member', email: 'alice.smith@acme.test' },
  { username: 'alice', role: 'admin', email: 'alice.jones@acme.test' },
  { username: 'carol', role: 'member', email: 'carol@acme.test' },
  { username: 'dan', role: 'admin', email: 'dan@acme.test' },
  { username: 'erin', role: 'owner', email: 'erin@acme.test' },
  { username: 'fay', role: 'member', email: 'fay@acme.test' },
];
const token = (id: string, username: string, email: string): ApiToken => ({
  id,
  name: `${id}-ci`,
  owner: { username, email },
  created_at: '2026-05-01',
});
const TOKENS: ApiToken[] = [
  token('tok-big-alice', 'Alice', 'alice.smith@acme.test'),
  token('tok-small-alice', 'alice', 'alice.jones@acme.test'),
  // The member list says carol is carol@acme.test; this token's owner pairs her with bob's email.
  token('tok-carol', 'carol', 'bob@acme.test'),
];

const standIn = useStandIn({ token: TOKEN, orgs: { acme: MEMBERS }, tokens: { acme: TOKENS } });

const writes = () => standIn.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.rawPath}`);

function runner(runWith: ActionRunner) {
  const start = (action: JobName, inputs: Record<string, string>) =>
    runWith({ action, inputs: standInInputs(standIn, TOKEN, { retries: '0', ...inputs }) });
  return {
    run: (inputs: Record<string, string>) => start('remove', { 'revoke-invites': 'false', ...inputs }),
    audit: (inputs: Record<string, string>) => start('audit', { 'revoke-invites': 'false', ...inputs }),
    demote: (inputs: Record<string, string>) => start('demote', inputs),
  };
}

bundleAndSource('who a name is, as the shipped action decides it', (runWith) => {
  const { run, audit, demote } = runner(runWith);

  it.each(['Alice', 'ALICE'])(
    'refuses %s while members Alice and alice both exist, naming them, and touches neither',
    async (entry) => {
      const outcome = await run({ username: entry });
      expect(outcome.exitCode).toBe(1);
      expect(writes()).toEqual([]);
      expect(standIn.members('acme').map((m) => m.username)).toEqual(MEMBERS.map((m) => m.username));
      expect(standIn.tokens('acme')).toEqual(TOKENS.map((t) => t.id));
      expect(results(outcome)).toMatchObject([{ username: entry, result: 'failed', tokens: [] }]);
      expect(results(outcome)[0]?.error).toContain(`${entry} matches 2 members, Alice, alice`);
    },
  );

  it('refuses to lower Alice while alice exists too, and never reports a role it did not change', async () => {
    const outcome = await demote({ username: 'Alice', role: 'viewer' });
    expect(outcome.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(results(outcome)).toMatchObject([{ username: 'Alice', result: 'failed', verified: 'not-checked' }]);
    expect(outcome.outputs['demoted-count']).toBe('0');
  });

  it("refuses an email that a token's owner pairs with another member's username, and removes no one", async () => {
    const outcome = await run({ username: 'bob@acme.test' });
    expect(outcome.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(standIn.members('acme').map((m) => m.username)).toContain('carol');
    expect(results(outcome)[0]?.error).toContain(
      'the member list and the token owners pair carol with different emails (bob@acme.test, carol@acme.test)',
    );
  });

  it.each([
    ['..', 'the organization itself'],
    ['.', 'the member list'],
  ])('fails an email whose token owner is named %s, sending nothing (it would address %s)', async (owner) => {
    standIn.addToken('acme', token('tok-odd', owner, 'gone@acme.test'));
    const outcome = await run({ username: 'gone@acme.test' });
    expect(outcome.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(standIn.tokens('acme')).toContain('tok-odd');
    expect(results(outcome)).toMatchObject([{ result: 'failed' }]);
    expect(results(outcome)[0]?.error).toContain(`the username "${owner}" cannot be sent in a request`);
  });

  it('removes no admin or owner when Get Current User cannot be read, and still removes a member', async () => {
    standIn.script({ route: 'user' }, { status: 403, body: '{"error":"forbidden"}' });
    const outcome = await run({ username: 'dan, erin, fay', 'revoke-api-tokens': 'false' });
    expect(outcome.exitCode).toBe(1);
    expect(writes()).toEqual(['DELETE /v1/organizations/acme/members/fay']);
    expect(results(outcome).map((r) => [r.username, r.result])).toEqual([
      ['dan', 'failed'],
      ['erin', 'failed'],
      ['fay', 'removed'],
    ]);
    expect(errors(outcome)).toContain(
      'dan: not removed: Get Current User could not be read, and any admin or owner may be the user whose token runs the action',
    );
  });

  it('refuses an audit whose keep list names a name that members Alice and alice share', async () => {
    const outcome = await audit({ keep: 'alice, carol, dan, erin, fay', 'max-removals': '10' });
    expect(outcome.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(errors(outcome).at(-1)).toContain('the keep list names alice: alice matches 2 members, Alice, alice');
  });
});
