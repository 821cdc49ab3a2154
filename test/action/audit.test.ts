/**
 * The audit action (keep / keep-file) against the local API stand-in. One happy path and one refused
 * plan run on the bundle as well; the rest in this process only (CONTRIBUTING.md, "The test
 * layers").
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { errors, plan, results, warnings } from '../support/action-results.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs, type ActionRunner } from '../support/run-action.ts';
import { bundleAndSource, sourceOnly } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';
import type { Member } from '../stand-in/server.ts';

const TOKEN = 'audit-token';
const MEMBERS: Member[] = [
  { username: 'alice', role: 'owner', email: '' },
  { username: 'bob', role: 'admin', email: '' },
  { username: 'carol', role: 'member', email: '' },
  { username: 'Dave', role: 'member', email: '' },
  { username: 'erin', role: 'viewer', email: '' },
  { username: 'root2', role: 'owner', email: '' },
];

const standIn = useStandIn({ token: TOKEN, orgs: { acme: MEMBERS } });
let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'turso-workspace-'));
});

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

const listRequests = () => standIn.requests.filter((r) => r.method === 'GET' && r.username === undefined);

/** The action, started by `runWith`, against the stand-in's organization `acme`, in this test's workspace. */
function runner(runWith: ActionRunner) {
  return (inputs: Record<string, string>) =>
    runWith({
      action: 'audit',
      // Invitations and tokens in an audit: see offboarding.test.ts.
      inputs: standInInputs(standIn, TOKEN, { ...MEMBERSHIP_ONLY, ...inputs }),
      env: { GITHUB_WORKSPACE: workspace },
    });
}

bundleAndSource('an audit and a refused plan, as they ship', (runWith) => {
  const run = runner(runWith);

  it('removes everyone not on the keep list, but never an owner, comparing without case', async () => {
    const outcome = await run({ keep: 'alice, DAVE\nerin, typo-name' });
    expect(outcome.exitCode).toBe(0);
    expect(standIn.requestsTo('DELETE').map((r) => r.username)).toEqual(['bob', 'carol']);
    expect(standIn.members('acme').map((m) => m.username)).toEqual(['alice', 'Dave', 'erin', 'root2']);
    expect(plan(outcome)).toEqual({
      remove: ['bob', 'carol'],
      keep: ['alice', 'Dave', 'erin'],
      demote: [],
      belowRole: [],
      ownersAboveRole: [],
      tokenUserNotLowered: [],
      invitesAboveRole: [],
      tokenUserKept: [],
      ownersKept: ['root2'],
      unknownRoleKept: [],
      notMembers: ['typo-name'],
      teamNotMembers: [],
      revokeInvites: [],
      invitesKept: [],
      revokeTokens: [],
      tokensOwnerUnknown: [],
      keepUnresolved: [],
    });
    expect(results(outcome)).toMatchObject([
      { username: 'bob', result: 'removed', member: 'bob', role: 'admin', invite: 'skipped', tokens: [], attempts: 1 },
      {
        username: 'carol',
        result: 'removed',
        member: 'carol',
        role: 'member',
        invite: 'skipped',
        tokens: [],
        attempts: 1,
      },
    ]);
    expect(results(outcome).map((r) => [r.verified, r.audit_log === undefined])).toEqual([
      ['gone', false],
      ['gone', false],
    ]);
    expect(outcome.outputs['removed-count']).toBe('2');
    expect(outcome.outputs.member).toBe('bob\ncarol');
    expect(outcome.outputs.result).toBe('removed');
    expect(outcome.annotations).toEqual([
      {
        level: 'warning',
        message: 'On the keep list but not members of acme (typos, or invitations not yet accepted?): typo-name',
      },
    ]);
    expect(outcome.summary).toContain('<h2>Turso membership audit</h2>');
    expect(outcome.summary).toContain(
      '<tr><td>bob</td><td>admin</td><td>remove</td><td>not on the keep list</td></tr>',
    );
    expect(outcome.summary).toContain(
      '<tr><td>root2</td><td>owner</td><td>keep: fix by hand</td><td>owner (an audit never removes owners)</td></tr>',
    );
    expect(outcome.summary).toContain('<tr><td>Dave</td><td>member</td><td>keep</td><td>on the keep list</td></tr>');
    expect(outcome.summary).toContain('<td>typo-name</td><td>—</td><td>none</td>');
  });

  it('refuses a plan larger than max-removals before removing anyone', async () => {
    const outcome = await run({ keep: 'alice, erin', 'max-removals': '2' });
    expect(outcome.exitCode).toBe(1);
    expect(standIn.requestsTo('DELETE')).toHaveLength(0);
    expect(errors(outcome).at(-1)).toContain(
      'would remove 3 member(s), revoke 0 invitation(s) and 0 token(s), 3 in all, more than max-removals allows (2)',
    );
    expect(errors(outcome).at(-1)).toContain('set max-removals to at least 3');
    expect(outcome.outputs.result).toBe('failed');
    expect(plan(outcome).remove).toEqual(['bob', 'carol', 'Dave']);
  });
});

sourceOnly((runWith) => {
  const run = runner(runWith);

  it('reads keep-file, ignoring blank lines and comments, merged with keep', async () => {
    await mkdir(join(workspace, 'org'));
    await writeFile(join(workspace, 'org', 'roster.txt'), '# who stays\nalice\n\n  carol  # platform\nerin\n');
    const outcome = await run({ keep: 'dave', 'keep-file': 'org/roster.txt' });
    expect(outcome.exitCode).toBe(0);
    expect(standIn.requestsTo('DELETE').map((r) => r.username)).toEqual(['bob']);
  });

  it('reads a roster with CRLF line endings, a byte-order mark and comments like its LF twin', async () => {
    await writeFile(join(workspace, 'lf.txt'), '# who stays\nalice\n\ncarol  # platform lead\nerin\n');
    await writeFile(
      join(workspace, 'crlf.txt'),
      '\uFEFF# who stays\r\nalice\r\n\r\ncarol  # platform lead\r\nerin\r\n',
    );
    const lf = await run({ 'keep-file': 'lf.txt', 'dry-run': 'true' });
    const crlf = await run({ 'keep-file': 'crlf.txt', 'dry-run': 'true' });
    expect(crlf.exitCode).toBe(0);
    expect(crlf.outputs.plan).toBe(lf.outputs.plan);
    expect(plan(crlf).keep).toEqual(['alice', 'carol', 'erin']);
  });

  it('compares roles without case, and never removes a member whose role it cannot read', async () => {
    const members = [
      { username: 'alice', role: 'Owner' },
      { username: 'root2', role: 'OWNER' },
      { username: 'bob', role: 'Admin' },
      { username: 'carol' },
      { username: 'dave', role: 'superuser' },
    ];
    standIn.script({ route: 'members' }, { status: 200, body: JSON.stringify({ members }) });
    const outcome = await run({ keep: 'alice, erin' });
    expect(outcome.exitCode).toBe(0);
    expect(standIn.requestsTo('DELETE').map((r) => r.username)).toEqual(['bob']);
    expect(plan(outcome)).toMatchObject({
      remove: ['bob'],
      keep: ['alice'],
      ownersKept: ['root2'],
      unknownRoleKept: ['carol', 'dave'],
    });
    expect(warnings(outcome)).toEqual([
      'carol: role (none) is not one of owner, admin, member, viewer; kept (an audit removes no one whose role it cannot read)',
      'dave: role superuser is not one of owner, admin, member, viewer; kept (an audit removes no one whose role it cannot read)',
      'On the keep list but not members of acme (typos, or invitations not yet accepted?): erin',
    ]);
  });

  it('refuses the whole audit when any listed entry has no usable username, naming the entries', async () => {
    const members = [
      { username: 'bob', role: 'admin' },
      { role: 'member', email: 'x@acme.test' },
      { username: '../admin', role: 'member' },
      { username: '', role: 'viewer' },
      null,
    ];
    standIn.script({ route: 'members' }, { status: 200, body: JSON.stringify({ members }) });
    const outcome = await run({ keep: 'alice', 'max-removals': '10' });
    expect(outcome.exitCode).toBe(1);
    expect(standIn.requestsTo('DELETE')).toHaveLength(0);
    const message = errors(outcome).at(-1) ?? '';
    expect(message).toContain(
      'The audit of acme was refused, and nothing was removed: could not read the members: the members list has 4 entries that cannot be acted on',
    );
    expect(message).toContain('entry 2 has no username');
    expect(message).toContain('entry 3 has a username that contains a slash or backslash');
    expect(message).toContain('entry 4 has a username that is empty');
    expect(message).toContain('entry 5 is not an object');
    expect(outcome.outputs.result).toBe('failed');
  });

  it('refuses the audit when the member list breaks off', async () => {
    standIn.script({ route: 'members' }, { status: 200, body: '{"members":[{"username":"bob"', bodyEnd: 'break' });
    const outcome = await run({ keep: 'alice' });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome).at(-1)).toMatch(
      /^The audit of acme was refused, and nothing was removed: could not list the members: the answer broke off/,
    );
    expect(standIn.requestsTo('DELETE')).toHaveLength(0);
  });

  it('removes nothing in a dry run, and shows the plan', async () => {
    const outcome = await run({ keep: 'alice', 'dry-run': 'true' });
    expect(outcome.exitCode).toBe(0);
    expect(standIn.requestsTo('DELETE')).toHaveLength(0);
    expect(standIn.members('acme')).toHaveLength(MEMBERS.length);
    expect(results(outcome).map((r) => r.result)).toEqual([
      'would-remove',
      'would-remove',
      'would-remove',
      'would-remove',
    ]);
    expect(outcome.outputs.result).toBe('would-remove');
    expect(outcome.outputs['removed-count']).toBe('0');
    expect(outcome.summary).toContain('Turso membership audit (dry run)');
    expect(outcome.summary).toContain('<td>would remove</td>');
  });

  it('does nothing when everyone stays', async () => {
    const outcome = await run({ keep: 'bob,carol,dave,erin' });
    expect(outcome.exitCode).toBe(0);
    expect(standIn.requestsTo('DELETE')).toHaveLength(0);
    expect(outcome.outputs.results).toBe('[]');
    expect(outcome.outputs.result).toBe('');
  });

  it('retries the member list like any other call', async () => {
    standIn.script({ method: 'GET', route: 'members' }, { status: 503 }, { status: 503 });
    const outcome = await run({ keep: 'alice,bob,carol,dave' });
    expect(outcome.exitCode).toBe(0);
    // Twice refused, then read; and read again once, to verify the removal.
    expect(
      listRequests()
        .filter((r) => r.route === 'members')
        .map((r) => r.answer),
    ).toEqual([503, 503, 200, 200]);
    expect(standIn.requestsTo('DELETE').map((r) => r.username)).toEqual(['erin']);
  });

  it('fails without removing anyone when the member list cannot be read', async () => {
    standIn.script((r) => r.method === 'GET' && r.username === undefined, { status: 403, body: '{"error":"no"}' });
    const outcome = await run({ keep: 'alice' });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome).at(-1)).toContain(
      'The audit of acme was refused, and nothing was removed: could not list the members: HTTP 403: no',
    );
    expect(standIn.requestsTo('DELETE')).toHaveLength(0);
    expect(outcome.outputs.result).toBe('failed');
  });

  it.each([
    [{ keep: ' , ' }, 'keep', 'the keep list is empty'],
    [{ 'keep-file': 'empty.txt' }, 'keep-file', 'the keep list is empty'],
    [{ 'keep-file': '../outside.txt' }, 'keep-file', 'outside the workspace'],
    [{ 'keep-file': 'escape.txt' }, 'keep-file', 'outside the workspace'],
    [{ 'keep-file': 'missing.txt' }, 'keep-file', 'does not exist'],
    [
      { keep: 'alice', username: 'bob' },
      'username',
      'belongs to turso-offboard/remove-member-action and turso-offboard/remove-member-action/demote, not to turso-offboard/remove-member-action/audit;',
    ],
    [{ keep: 'alice', 'max-removals': '-1' }, 'max-removals', 'not a number of deletions'],
    [{ keep: 'alice/admin' }, 'keep', 'slash'],
  ])('refuses %o before any request', async (inputs, input, message) => {
    await writeFile(join(workspace, 'empty.txt'), '# nobody\n\n');
    const outside = join(workspace, '..', `outside-${process.pid}.txt`);
    await writeFile(outside, 'alice\n');
    await symlink(outside, join(workspace, 'escape.txt'));
    try {
      const outcome = await run(inputs);
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toMatch(new RegExp(`^Input "${input}": .*${message}`));
      expect(standIn.requests).toHaveLength(0);
    } finally {
      await rm(outside, { force: true });
    }
  });
  it('refuses keep on the root action, naming the audit and report actions it belongs to, before any request', async () => {
    const outcome = await runWith({
      action: 'remove',
      inputs: standInInputs(standIn, TOKEN, { username: 'bob', keep: 'alice' }),
      env: { GITHUB_WORKSPACE: workspace },
    });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toBe(
      'Input "keep": belongs to turso-offboard/remove-member-action/audit and turso-offboard/remove-member-action/report, not to turso-offboard/remove-member-action; use that action for it, or remove it from this step',
    );
    expect(standIn.requests).toHaveLength(0);
  });
});
