/**
 * Least privilege from the roster: an entry may name the highest role its person may hold, and an
 * audit lowers whoever is above it (never an owner, never the token's own user, never raising
 * anyone), proven by the second read like a removal. On the bundle as well: the roles are read
 * from the inputs as the runner passes them, and the role changes reach the outputs, the summary
 * and the evidence record the bundle writes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errors, plan, results, warnings } from '../support/action-results.ts';
import { GITHUB_TOKEN, REPO } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource, bundleOnly } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';
import { TOKEN_USER, type Member } from '../stand-in/server.ts';

const TOKEN = 'roles-token-0123456789';
const MEMBERS: Member[] = [
  { username: 'root', role: 'owner', email: 'root@acme.test' },
  { username: 'ada', role: 'admin', email: 'ada@acme.test' },
  { username: 'ben', role: 'admin', email: 'ben@acme.test' },
  { username: 'cal', role: 'member', email: 'cal@acme.test' },
  { username: 'dee', role: 'viewer', email: 'dee@acme.test' },
  { username: 'gone', role: 'member', email: 'gone@acme.test' },
  { username: TOKEN_USER.username, role: 'admin', email: TOKEN_USER.email },
];
/**
 * ada may be a viewer; ben a member by one entry and an admin by another (the highest wins); cal
 * a viewer by one entry and anything by the other (no role: no limit); dee an admin (she is
 * below: never raised); root, an owner, a member; the token's user a viewer.
 */
const ROSTER = [
  'root member',
  'ada VIEWER',
  'ben\tmember',
  'ben@acme.test admin',
  'cal viewer',
  'cal',
  'dee admin',
  `${TOKEN_USER.username} viewer`,
].join('\n');

const standIn = useStandIn({ token: TOKEN, orgs: { acme: MEMBERS } });
const github = useGitHubStandIn(GITHUB_TOKEN, { 'acme-gh/support': ['ada', 'ben'] });
let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'turso-roles-'));
});

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

const writes = () =>
  standIn.requests.filter((r) => r.method !== 'GET').map((r) => [r.method, r.username, r.body] as const);
const roleOf = (username: string) => standIn.members('acme').find((m) => m.username === username)?.role;

bundleAndSource('roles on the roster, as the runner passes them and the bundle reports them', (runWith) => {
  const run = (inputs: Record<string, string>) =>
    runWith({
      action: 'audit',
      inputs: standInInputs(standIn, TOKEN, { ...MEMBERSHIP_ONLY, ...inputs }),
      env: { GITHUB_WORKSPACE: workspace, GITHUB_API_URL: github.url },
    });
  const audit = async (roster: string, inputs: Record<string, string> = {}) => {
    await writeFile(join(workspace, 'roster.txt'), roster);
    return run({ 'keep-file': 'roster.txt', ...inputs });
  };

  describe('read before any request', () => {
    it('refuses a role that is not admin, member or viewer, naming the entry and its keep-file line', async () => {
      const outcome = await audit('ada viewer\n# staff\nben boss\n');
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toBe(
        'Input "keep-file": roster.txt, line 3: "ben boss": "boss" is not a role; after a name give admin, member or viewer (the highest role that person may hold), and separate names with commas or newlines',
      );
      expect(standIn.requests).toEqual([]);
      expect(outcome.outputs.result).toBe('failed');
    });

    it('refuses owner as a role with its own message', async () => {
      const outcome = await run({ keep: 'ada viewer, root Owner' });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toBe(
        `Input "keep": "root Owner": owner cannot be a roster role: the API cannot make anyone an owner, and this action never changes an owner's role; drop the role (no role keeps any role), or give admin, member or viewer`,
      );
      expect(standIn.requests).toEqual([]);
    });

    it.each([
      ['keep-github-team', 'acme-gh/support superuser', '"acme-gh/support superuser": "superuser" is not a role'],
      ['keep', 'ada viewer member', '"ada viewer member": "viewer member" is not a role'],
    ])('refuses %s %j', async (input, value, message) => {
      const outcome = await run({ [input]: value, 'github-token': 'ghs_x' });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toContain(`Input "${input}": ${message}`);
      expect(standIn.requests).toEqual([]);
    });
  });

  it("never counts a refused role change as this run's, though the second read shows the role lowered", async () => {
    // Someone lowered ada in Turso as the request was refused.
    standIn.script({ method: 'PATCH' }, { status: 403, body: '{"error":"forbidden"}', afterEffect: true });
    const outcome = await audit(ROSTER);
    expect(outcome.exitCode).toBe(1);
    expect(roleOf('ada')).toBe('viewer');
    expect(outcome.outputs['demoted-count']).toBe('0');
    const ada = results(outcome).find((r) => r.username === 'ada');
    expect(ada).toMatchObject({ result: 'failed', verified: 'at-role' });
    expect(ada?.error).toMatch(
      /^role not lowered to viewer: HTTP 403: forbidden\. .*; the second read lists ada as viewer, but not lowered by this run: its request was refused$/,
    );
  });

  it('lowers a member above the role the roster allows, and only that member, proven by the second read', async () => {
    const outcome = await audit(ROSTER);
    expect(outcome.exitCode).toBe(0);
    expect(writes().toSorted()).toEqual([
      ['DELETE', 'gone', undefined],
      ['PATCH', 'ada', { role: 'viewer' }],
    ]);
    expect(standIn.members('acme').map((m) => [m.username, m.role])).toEqual([
      ['root', 'owner'],
      ['ada', 'viewer'],
      ['ben', 'admin'],
      ['cal', 'member'],
      ['dee', 'viewer'],
      [TOKEN_USER.username, 'admin'],
    ]);
    expect(plan(outcome)).toMatchObject({
      remove: ['gone'],
      demote: [{ username: 'ada', email: 'ada@acme.test', from: 'admin', to: 'viewer' }],
      belowRole: [{ username: 'dee', email: 'dee@acme.test', from: 'viewer', to: 'admin' }],
      ownersAboveRole: [{ username: 'root', email: 'root@acme.test', from: 'owner', to: 'member' }],
      tokenUserNotLowered: [{ username: TOKEN_USER.username, email: TOKEN_USER.email, from: 'admin', to: 'viewer' }],
    });
    const ada = results(outcome).find((r) => r.username === 'ada');
    expect(ada).toEqual({
      username: 'ada',
      result: 'demoted',
      email: 'ada@acme.test',
      role: 'admin',
      role_change: { from: 'admin', to: 'viewer', after: 'viewer' },
      invite: 'skipped',
      tokens: [],
      verified: 'at-role',
      attempts: 1,
    });
    expect(outcome.outputs['demoted-count']).toBe('1');
    expect(outcome.outputs['removed-count']).toBe('1');
    expect(outcome.outputs.result).toBe('removed');
    expect(warnings(outcome)).toContainEqual(
      expect.stringContaining(`${TOKEN_USER.username}: admin, above the viewer`),
    );
    expect(outcome.summary).toContain('<h3>Roles lowered</h3>');
    expect(outcome.summary).toContain(
      '<tr><td>ada</td><td>admin</td><td>viewer</td><td>viewer</td><td>demoted</td><td>at-role</td></tr>',
    );
    expect(outcome.summary).toContain(
      '<tr><td>root</td><td>owner</td><td>change by hand</td><td>the roster allows at most member, and this action never changes an owner: change the role in Turso by hand</td></tr>',
    );
    expect(outcome.summary).toContain(
      '<tr><td>dee</td><td>viewer</td><td>keep</td><td>on the keep list, below the admin the roster allows (this action never raises a role)</td></tr>',
    );
    const people = outcome.evidence?.people as { username: string; roleChange?: unknown; actions: unknown[] }[];
    expect(people.find((p) => p.username === 'ada')).toMatchObject({
      result: 'demoted',
      membership: 'kept',
      verified: 'at-role',
      roleChange: { from: 'admin', to: 'viewer', after: 'viewer' },
      actions: [
        { kind: 'role', target: 'ada', outcome: 'demoted', status: 200, attempts: 1, mayHaveTakenEffect: true },
      ],
    });
    expect(outcome.evidence?.totals).toMatchObject({ demoted: 1, rolesLowered: 1, verifiedAtRole: 1 });
  });

  it('gives every member of a team with a role that role at most, unless another entry names none', async () => {
    const outcome = await run({
      'keep-github-team': 'acme-gh/support Viewer',
      'github-token': GITHUB_TOKEN,
      keep: `root, ben, cal, dee, gone, ${TOKEN_USER.username}`,
    });
    expect(outcome.exitCode).toBe(0);
    expect(writes()).toEqual([['PATCH', 'ada', { role: 'viewer' }]]);
    expect(plan(outcome)).toMatchObject({
      demote: [{ username: 'ada', from: 'admin', to: 'viewer' }],
      belowRole: [],
      ownersAboveRole: [],
    });
    expect(roleOf('ben')).toBe('admin');
  });

  it('shows the roles lowered and an owner above the roster in the drift issue, until the roster and Turso agree', async () => {
    const withIssue = { 'drift-issue': 'true', 'github-token': GITHUB_TOKEN };
    const first = await audit(`${ROSTER}\ngone`, withIssue);
    expect(first.exitCode).toBe(0);
    const [issue] = github.repoIssues(REPO);
    expect(issue?.state).toBe('open');
    expect(issue?.body).toContain(
      'The audit removed or revoked 0 of the 0 planned, and lowered 1 of the 1 role(s) planned.',
    );
    expect(issue?.body).toContain(
      '| <code>ada</code> | <code>admin</code> | lower to viewer | the roster allows at most viewer |',
    );
    expect(issue?.body).toContain('| <code>root</code> | <code>owner</code> | change by hand |');
    // ada is a viewer now; root's drift remains, since an owner is never changed.
    const second = await audit(`${ROSTER}\ngone`, withIssue);
    expect(second.outputs['drift-issue-url']).toBe(first.outputs['drift-issue-url']);
    expect(issue?.state).toBe('open');
    expect(issue?.body).not.toContain('<code>ada</code>');
    // The token's user is drift too while the roster allows it less than it holds.
    const agreed = await audit(
      `${ROSTER.replace('root member', 'root').replace(`${TOKEN_USER.username} viewer`, TOKEN_USER.username)}\ngone`,
      withIssue,
    );
    expect(agreed.outputs['drift-issue-url']).toBe('');
    expect(issue?.state).toBe('closed');
    expect(writes().filter(([method]) => method === 'PATCH')).toEqual([['PATCH', 'ada', { role: 'viewer' }]]);
  });

  it('writes a lowered member whose name is markup into the summary and the drift issue as data', async () => {
    standIn.addMember('acme', { username: '<b>lead**[x](y)', role: 'admin', email: 'lead@acme.test' });
    // The roster names them by email: a name of markup is no username a roster may give.
    const outcome = await audit(`${ROSTER}\ngone\nlead@acme.test member`, {
      'drift-issue': 'true',
      'github-token': GITHUB_TOKEN,
      'dry-run': 'true',
    });
    expect(outcome.exitCode).toBe(0);
    expect(plan(outcome).demote).toContainEqual(expect.objectContaining({ username: '<b>lead**[x](y)', to: 'member' }));
    const body = github.repoIssues(REPO)[0]?.body ?? '';
    for (const text of [outcome.summary ?? '', body]) {
      expect(text).not.toMatch(/<b>|\*\*/);
      // The run's own link is the only one.
      expect(text.match(/\]\(/g) ?? []).toHaveLength(text === body ? 1 : 0);
    }
    expect(body).toMatch(/\| <code>[^|]*lead[^|]*<\/code> \| <code>admin<\/code> \| would lower to member \|/);
    expect(outcome.summary).toMatch(
      /<tr><td>[^<]*lead[^<]*<\/td><td>admin<\/td><td>member<\/td><td>—<\/td><td>would-demote<\/td>/,
    );
  });

  it('plans a role change as would-demote in a dry run and sends nothing', async () => {
    const outcome = await audit(ROSTER, { 'dry-run': 'true' });
    expect(outcome.exitCode).toBe(0);
    expect(writes()).toEqual([]);
    expect(roleOf('ada')).toBe('admin');
    expect(results(outcome).find((r) => r.username === 'ada')).toMatchObject({
      result: 'would-demote',
      role_change: { from: 'admin', to: 'viewer' },
      verified: 'not-checked',
    });
    expect(outcome.outputs['demoted-count']).toBe('0');
    expect(outcome.summary).toContain('<h3>Roles to lower</h3>');
    expect(outcome.summary).toContain('<td>ada</td><td>admin</td><td>would lower to viewer</td>');
  });

  it('fails a member the second read still lists above the planned role, naming the role held', async () => {
    // Answered as done, but not carried out.
    standIn.script({ method: 'PATCH' }, { status: 200, body: '{"member":{"username":"ada","role":"viewer"}}' });
    const outcome = await audit(ROSTER);
    expect(outcome.exitCode).toBe(1);
    expect(results(outcome).find((r) => r.username === 'ada')).toMatchObject({
      result: 'failed',
      verified: 'not-at-role',
      role_change: { from: 'admin', to: 'viewer', after: 'admin' },
      error: 'still admin after the run (planned: viewer)',
    });
    expect(errors(outcome)).toContain('ada: still admin after the run (planned: viewer)');
    expect(outcome.outputs['demoted-count']).toBe('0');
  });

  it('retries an ambiguous role change, and lets the second read decide', async () => {
    // Carried out, but every answer is a gateway error: the answers say failed, the read says done.
    standIn.script({ method: 'PATCH' }, { status: 502, afterEffect: true }, { status: 502, afterEffect: true });
    const outcome = await audit(ROSTER, { retries: '1' });
    expect(outcome.exitCode).toBe(0);
    expect(standIn.requestsTo('PATCH').map((r) => r.answer)).toEqual([502, 502]);
    expect(results(outcome).find((r) => r.username === 'ada')).toMatchObject({
      result: 'demoted',
      verified: 'at-role',
      role_change: { after: 'viewer' },
      attempts: 2,
    });
    expect(outcome.outputs['demoted-count']).toBe('1');
  });

  it('counts role changes against max-removals, as a number and as a share', async () => {
    const byCount = await audit(ROSTER, { 'max-removals': '1' });
    expect(byCount.exitCode).toBe(1);
    expect(errors(byCount).at(-1)).toContain(
      'would remove 1 member(s), lower 1 role(s), revoke 0 invitation(s) and 0 token(s), 2 in all, more than max-removals allows (1)',
    );
    // 7 members: 28% allows 1.
    const byShare = await audit(ROSTER, { 'max-removals': '28%' });
    expect(byShare.exitCode).toBe(1);
    expect(errors(byShare).at(-1)).toContain('2 in all, more than max-removals allows (28% of 7 member(s) (1))');
    expect(writes()).toEqual([]);
  });

  it('reports an invitation above the role the roster allows for its email, and leaves it', async () => {
    standIn.addInvite('acme', 'new@acme.test', 'admin');
    const outcome = await audit(`${ROSTER}\nnew@acme.test viewer\ngone`, { 'revoke-invites': 'true' });
    expect(outcome.exitCode).toBe(0);
    expect(standIn.invites('acme')).toEqual(['new@acme.test']);
    expect(plan(outcome).invitesAboveRole).toEqual([{ email: 'new@acme.test', role: 'admin', allowed: 'viewer' }]);
    expect(outcome.summary).toContain(
      '<td>new&#64;<wbr>acme&#46;test</td><td>invited as admin</td><td>change by hand</td>',
    );
  });
});

bundleAndSource('demote, as the runner passes it', (runWith) => {
  const run = (inputs: Record<string, string>) =>
    runWith({ action: 'demote', inputs: standInInputs(standIn, TOKEN, inputs) });

  it('lowers each person named instead of removing them, leaving invitations and tokens, and those at or below unchanged', async () => {
    standIn.addInvite('acme', 'ada@acme.test', 'admin');
    const outcome = await run({ username: 'ada, ben@acme.test, cal, dee', role: 'Member' });
    expect(outcome.exitCode).toBe(0);
    expect(writes()).toEqual([
      ['PATCH', 'ada', { role: 'member' }],
      ['PATCH', 'ben', { role: 'member' }],
    ]);
    expect(standIn.requests.filter((r) => r.method === 'GET').map((r) => r.route)).not.toContain('invites');
    expect(standIn.invites('acme')).toEqual(['ada@acme.test']);
    expect(results(outcome).map((r) => [r.username, r.result, r.verified, r.role_change])).toEqual([
      ['ada', 'demoted', 'at-role', { from: 'admin', to: 'member', after: 'member' }],
      ['ben', 'demoted', 'at-role', { from: 'admin', to: 'member', after: 'member' }],
      ['cal', 'unchanged', 'not-checked', undefined],
      ['dee', 'unchanged', 'not-checked', undefined],
    ]);
    expect(outcome.outputs['demoted-count']).toBe('2');
    expect(outcome.outputs).not.toHaveProperty('removed-count');
    expect(outcome.outputs.result).toBe('demoted');
    expect(outcome.summary).toContain('2 of 4 people lowered.');
    expect(outcome.evidence?.inputs).toMatchObject({ role: 'Member' });
  });

  it('lowers no admin when Get Current User cannot be read: any of them may be the token user', async () => {
    standIn.script({ route: 'user' }, { status: 403, body: '{"error":"no"}' }, { status: 403, body: '{"error":"no"}' });
    const outcome = await run({ username: `${TOKEN_USER.username}, cal`, role: 'viewer', retries: '0' });
    expect(outcome.exitCode).toBe(1);
    expect(writes()).toEqual([['PATCH', 'cal', { role: 'viewer' }]]);
    expect(roleOf(TOKEN_USER.username)).toBe('admin');
    expect(results(outcome).map((r) => [r.username, r.result])).toEqual([
      [TOKEN_USER.username, 'failed'],
      ['cal', 'demoted'],
    ]);
    expect(errors(outcome)).toContain(
      `${TOKEN_USER.username}: not lowered: Get Current User could not be read, and any admin or owner may be the user whose token runs the action (it could break this and every later run)`,
    );
  });

  it('fails everyone, changing nothing, when the members cannot be read', async () => {
    standIn.script({ route: 'members' }, { status: 403, body: '{"error":"members hidden"}' });
    const outcome = await run({ username: 'ada', role: 'viewer', retries: '0' });
    expect(outcome.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(results(outcome)).toMatchObject([{ username: 'ada', result: 'failed' }]);
    expect(results(outcome)[0]?.error).toMatch(
      /^the members could not be read, so the role is not changed: .*members hidden/,
    );
  });

  it('never changes an owner or the token user, failing them, and sends nothing in a dry run', async () => {
    const outcome = await run({
      username: `root, ${TOKEN_USER.username}, ada`,
      role: 'viewer',
      'dry-run': 'true',
    });
    expect(outcome.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(results(outcome).map((r) => [r.username, r.result])).toEqual([
      ['root', 'failed'],
      [TOKEN_USER.username, 'failed'],
      ['ada', 'would-demote'],
    ]);
    expect(errors(outcome)).toContain(
      "root: owner: this action never changes an owner's role; change it in Turso by hand",
    );
    expect(errors(outcome)).toContain(
      `${TOKEN_USER.username}: not lowered: this is the user whose token runs the action (it could break this and every later run)`,
    );
  });

  it.each([
    [
      { username: 'ada', role: 'owner' },
      'role',
      '"owner" is not admin, member or viewer (the API cannot make anyone an owner)',
    ],
    [{ username: 'ada', role: 'guest' }, 'role', '"guest" is not admin, member or viewer;'],
    [{ username: 'ada' }, 'role', 'is required; set it to admin, member or viewer'],
    [
      { keep: 'ada', role: 'viewer' },
      'keep',
      'belongs to turso-offboard/remove-member-action/audit and turso-offboard/remove-member-action/report, not to turso-offboard/remove-member-action/demote;',
    ],
    [
      { username: 'ada', role: 'viewer', 'if-not-member': 'warn' },
      'if-not-member',
      'belongs to turso-offboard/remove-member-action, not to turso-offboard/remove-member-action/demote;',
    ],
    [
      { username: 'ada', role: 'viewer', 'revoke-invites': 'true' },
      'revoke-invites',
      'belongs to turso-offboard/remove-member-action and turso-offboard/remove-member-action/audit, not to turso-offboard/remove-member-action/demote;',
    ],
    [
      { username: 'ada', 'demote-to': 'viewer' },
      'demote-to',
      'is not an input of turso-offboard/remove-member-action/demote;',
    ],
  ])('refuses %o before any request', async (inputs, input, message) => {
    const outcome = await run(inputs);
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toContain(`Input "${input}": ${message}`);
    expect(standIn.requests).toEqual([]);
  });
});

bundleOnly(
  'cancelling an audit that lowers roles: a signal sent in this process would reach the test runner',
  (runWith) => {
    it('says how many of the roles planned were lowered when the job is cancelled', async () => {
      const roleUnderWay = standIn.hold({ method: 'PATCH' });
      const outcome = await runWith({
        action: 'audit',
        inputs: standInInputs(standIn, TOKEN, { ...MEMBERSHIP_ONLY, keep: ROSTER, concurrency: '1' }),
        interrupt: roleUnderWay.holding(1),
      });
      expect(outcome.exitCode).toBe(1);
      // Whichever of the two writes went first, at concurrency 1 the other never started.
      const removed = standIn.requestsTo('DELETE').length;
      const cancelled = `The run was cancelled after removing ${removed} of 1 (memberships, invitations and tokens the audit planned), and lowering 0 of 1 role(s); nothing more was sent`;
      expect(errors(outcome).at(-1)?.startsWith(cancelled)).toBe(true);
      expect(outcome.summary).toContain(`<p><strong>${cancelled}.</strong></p>`);
      expect(results(outcome).find((r) => r.username === 'ada')).toMatchObject({ result: 'failed' });
      expect(outcome.outputs['demoted-count']).toBe('0');
    });
  },
);
