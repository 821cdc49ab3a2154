/**
 * Offboarding a person: membership, pending invitation and organization API tokens, found by
 * username or email; and the audit doing the same for everyone not on the keep list. One happy
 * path and one failure run on the bundle as well; the rest in this process only (CONTRIBUTING.md,
 * "The test layers").
 */
import { describe, expect, it } from 'vitest';
import { plan, results, warnings } from '../support/action-results.ts';
import { standInInputs, type ActionRunner } from '../support/run-action.ts';
import { bundleAndSource, sourceOnly } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';
import type { ApiToken, Member } from '../stand-in/server.ts';

const TOKEN = 'offboarding-token-0123456789';
const MEMBERS: Member[] = [
  { username: 'alice', role: 'owner', email: 'alice@acme.test' },
  { username: 'jane', role: 'member', email: 'Jane.Doe@acme.test' },
  { username: 'ann', role: 'admin', email: 'ann@acme.test' },
];
const TOKENS: ApiToken[] = [
  { id: 'tok-j1', name: 'jane-ci', owner: { username: 'jane', email: 'jane.doe@acme.test' }, created_at: '2026-05-01' },
  {
    id: 'tok-j2',
    name: 'jane-laptop',
    owner: { username: 'jane', email: 'jane.doe@acme.test' },
    created_at: '2026-06-01',
  },
  { id: 'tok-a1', name: 'ann-ci', owner: { username: 'ann', email: 'ann@acme.test' }, created_at: '2026-05-01' },
  { id: 'tok-z1', name: 'zed-old', owner: { username: 'zed', email: 'zed@acme.test' }, created_at: '2025-01-01' },
];

const standIn = useStandIn({
  token: TOKEN,
  orgs: { acme: MEMBERS },
  invites: { acme: ['jane.doe@acme.test', 'zoe@acme.test', 'new@acme.test'] },
  tokens: { acme: TOKENS },
  groups: { acme: ['default', 'analytics'] },
});

const isLookUp = (r: { method: string; route?: string }) =>
  r.method === 'GET' && ['members', 'invites', 'api-tokens', 'user'].includes(r.route ?? '');
const changes = () => standIn.requests.filter((r) => r.method !== 'GET');
/** The look-ups sent before the first change (after it come the second read's). */
const lookUps = () => {
  const firstChange = standIn.requests.findIndex((r) => r.method !== 'GET');
  return standIn.requests.slice(0, firstChange === -1 ? undefined : firstChange).filter(isLookUp);
};

/** The action, started by `runWith`, against the stand-in's organization `acme`. */
function runner(runWith: ActionRunner, action: 'remove' | 'audit' = 'remove') {
  return (inputs: Record<string, string>) => runWith({ action, inputs: standInInputs(standIn, TOKEN, inputs) });
}

bundleAndSource('a person offboarded, and a failure after the removals, as they ship', (runWith) => {
  const run = runner(runWith);

  it('offboards a person named by email: membership, invitation and both tokens', async () => {
    const outcome = await run({ username: 'JANE.DOE@acme.test' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toEqual([
      {
        username: 'jane',
        result: 'removed',
        email: 'Jane.Doe@acme.test',
        member: 'jane',
        role: 'member',
        invite: 'revoked',
        tokens: [
          { id: 'tok-j1', name: 'jane-ci', result: 'revoked' },
          { id: 'tok-j2', name: 'jane-laptop', result: 'revoked' },
        ],
        verified: 'gone',
        audit_log: {
          created_at: standIn.auditLogs('acme')[0]?.created_at,
          author: standIn.auditLogs('acme')[0]?.author,
        },
        attempts: 1,
      },
    ]);
    expect(outcome.outputs).toMatchObject({
      member: 'jane',
      result: 'removed',
      'removed-count': '1',
      'revoked-invites-count': '1',
      'revoked-tokens-count': '2',
      'rotated-groups': '',
    });
    expect(standIn.members('acme').map((m) => m.username)).toEqual(['alice', 'ann']);
    expect(standIn.invites('acme')).toEqual(['zoe@acme.test', 'new@acme.test']);
    expect(standIn.tokens('acme')).toEqual(['tok-a1', 'tok-z1']);
    expect(outcome.summary).toContain(
      '<td>jane (Jane&#46;Doe&#64;<wbr>acme&#46;test)</td><td>removed</td><td>removed</td><td>revoked</td><td>jane-ci: revoked, jane-laptop: revoked</td>',
    );
    expect(outcome.summary).toContain("keep working until their group's tokens are rotated");
  });

  it('fails the step when a group cannot be rotated, after the removals', async () => {
    const outcome = await run({ username: 'ann', 'rotate-group-tokens': 'default, nosuchgroup' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.outputs['rotated-groups']).toBe('default');
    expect(outcome.annotations.at(-1)?.message).toBe('group tokens not rotated: nosuchgroup');
    expect(standIn.members('acme').map((m) => m.username)).toEqual(['alice', 'jane']);
  });
});

sourceOnly((runWith) => {
  const run = runner(runWith);

  it('looks each list and the token user up once, all four at once, before anything is removed', async () => {
    // No look-up is answered until all four are under way at once.
    const held = standIn.hold(isLookUp);
    void held.holding(4).then(() => held.release());
    const outcome = await run({ username: 'jane, ann, zoe@acme.test' });
    expect(outcome.exitCode).toBe(0);
    expect(held.peak).toBe(4);
    const lists = lookUps();
    expect(lists.map((r) => r.route).toSorted()).toEqual(['api-tokens', 'invites', 'members', 'user']);
    const lastAnswer = Math.max(...lists.map((r) => r.answeredAt ?? 0));
    expect(changes().every((r) => r.at >= lastAnswer)).toBe(true);
  });

  it('revokes the invitation of a person who was invited but never joined, found by email', async () => {
    const outcome = await run({ username: 'zoe@acme.test' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toEqual([
      {
        username: 'zoe@acme.test',
        result: 'removed',
        email: 'zoe@acme.test',
        invite: 'revoked',
        tokens: [],
        verified: 'gone',
      },
    ]);
    expect(outcome.outputs.member).toBe('');
    expect(outcome.outputs['removed-count']).toBe('0');
    expect(changes().map((r) => `${r.method} ${r.rawPath}`)).toEqual([
      'DELETE /v2/organizations/acme/invites/zoe%40acme.test',
    ]);
  });

  it('calls an email with no membership, invitation or token not a member', async () => {
    const outcome = await run({ username: 'nobody@acme.test', 'if-not-member': 'warn' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toEqual([
      {
        username: 'nobody@acme.test',
        result: 'not-member',
        email: 'nobody@acme.test',
        invite: 'none',
        tokens: [],
        verified: 'not-checked',
        error: 'no member of acme has the email nobody@acme.test',
      },
    ]);
    expect(changes()).toEqual([]);
  });

  it('reports in a dry run what would be removed, sending no DELETE or POST', async () => {
    const outcome = await run({ username: 'jane\nzoe@acme.test', 'dry-run': 'true', 'rotate-group-tokens': 'default' });
    expect(outcome.exitCode).toBe(0);
    expect(changes()).toEqual([]);
    expect(results(outcome).map((r) => [r.username, r.result, r.invite, r.tokens])).toEqual([
      [
        'jane',
        'would-remove',
        'would-revoke',
        [
          { id: 'tok-j1', name: 'jane-ci', result: 'would-revoke' },
          { id: 'tok-j2', name: 'jane-laptop', result: 'would-revoke' },
        ],
      ],
      ['zoe@acme.test', 'would-remove', 'would-revoke', []],
    ]);
    expect(outcome.outputs['rotated-groups']).toBe('');
    expect(standIn.rotations('acme')).toEqual({ default: 0, analytics: 0 });
  });

  it('rotates the named groups after a run that removed a membership', async () => {
    const outcome = await run({ username: 'ann', 'rotate-group-tokens': 'default, analytics' });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.outputs['rotated-groups']).toBe('default\nanalytics');
    expect(standIn.rotations('acme')).toEqual({ default: 1, analytics: 1 });
    expect(outcome.summary).toContain(
      'Group database tokens: <code>default</code> rotated, <code>analytics</code> rotated.',
    );
  });

  it('rotates nothing when no membership was removed', async () => {
    const outcome = await run({ username: 'zoe@acme.test', 'rotate-group-tokens': 'default' });
    expect(outcome.exitCode).toBe(0);
    expect(standIn.rotations('acme')).toEqual({ default: 0, analytics: 0 });
  });

  it('marks invitations unavailable, with one warning, on a plan without them, and fails nobody', async () => {
    standIn.removeInvitesFromPlan('acme');
    const outcome = await run({ username: 'jane, ann' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome).map((r) => r.invite)).toEqual(['unavailable', 'unavailable']);
    expect(warnings(outcome)).toHaveLength(1);
    expect(warnings(outcome)[0]).toMatch(/^Pending invitations could not be checked: the organization's plan/);
  });

  it('fails a person whose invitations could not be listed, but still removes the membership', async () => {
    standIn.script({ route: 'invites' }, ...Array.from({ length: 4 }, () => ({ status: 500 })));
    const outcome = await run({ username: 'jane' });
    expect(outcome.exitCode).toBe(1);
    expect(results(outcome)[0]).toMatchObject({ result: 'failed', invite: 'failed', member: 'jane' });
    expect(results(outcome)[0]?.error).toContain('invitation: could not list the invitations: HTTP 500');
    expect(standIn.members('acme').map((m) => m.username)).toEqual(['alice', 'ann']);
  });

  it('refuses an entry starting with @, with the hint to drop it', async () => {
    const outcome = await run({ username: '@jane' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.annotations[0]?.message).toBe(
      'Input "username": "@jane" starts with @, like a pasted handle; drop the @ and give the Turso username (or an email)',
    );
    expect(standIn.requests).toEqual([]);
  });

  describe('audit', () => {
    const audit = runner(runWith, 'audit');
    it('revokes invitations not on the keep list and tokens whose owner is no member, counting invitations', async () => {
      const outcome = await audit({ keep: 'alice\njane.doe@acme.test\nnew@acme.test', 'max-removals': '4' });
      expect(outcome.exitCode).toBe(0);
      expect(plan(outcome)).toMatchObject({
        remove: ['ann'],
        keep: ['alice', 'jane'],
        revokeInvites: ['zoe@acme.test'],
        revokeTokens: [
          { id: 'tok-a1', name: 'ann-ci', owner: 'ann' },
          { id: 'tok-z1', name: 'zed-old', owner: 'zed' },
        ],
      });
      expect(results(outcome).map((r) => [r.username, r.result, r.invite, (r.tokens as unknown[]).length])).toEqual([
        ['ann', 'removed', 'none', 1],
        ['zoe@acme.test', 'removed', 'revoked', 0],
        ['zed', 'removed', 'none', 1],
      ]);
      expect(standIn.invites('acme')).toEqual(['jane.doe@acme.test', 'new@acme.test']);
      expect(standIn.tokens('acme')).toEqual(['tok-j1', 'tok-j2']);
      expect(outcome.outputs['revoked-tokens-count']).toBe('2');
      expect(outcome.summary).toContain('1 of 3 members removed; 1 invitation(s) and 2 token(s) to revoke.');
    });

    it('counts invitations toward max-removals, and says so in the refused plan rows', async () => {
      const outcome = await audit({ keep: 'alice, jane', 'max-removals': '1' });
      expect(outcome.exitCode).toBe(1);
      expect(changes()).toEqual([]);
      expect(outcome.annotations.at(-1)?.message).toContain(
        'would remove 1 member(s), revoke 2 invitation(s) and 2 token(s), 5 in all',
      );
      expect(outcome.summary).toContain('<td>ann</td><td>admin</td><td>not removed: plan refused</td>');
      expect(outcome.summary).toContain(
        '<td>zoe&#64;<wbr>acme&#46;test</td><td>invited</td><td>not revoked: plan refused</td>',
      );
    });

    it('never revokes a token whose owner is not shown, and reports it', async () => {
      standIn.script(
        { route: 'api-tokens' },
        { status: 200, body: JSON.stringify({ tokens: [{ id: 'tok-x', name: 'mystery', organization: 'acme' }] }) },
      );
      const outcome = await audit({ keep: 'alice, jane, ann', 'revoke-invites': 'false' });
      expect(outcome.exitCode).toBe(0);
      expect(changes()).toEqual([]);
      expect(plan(outcome)).toMatchObject({
        tokensOwnerUnknown: [{ id: 'tok-x', name: 'mystery' }],
      });
      expect(outcome.annotations.map((a) => a.message)).toContain(
        'Token mystery (tok-x): the API does not show who minted it, so it is not revoked; check it by hand',
      );
    });
  });
});
