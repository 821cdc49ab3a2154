/**
 * No change from a stale read: an audit reads each member again (Retrieve Member) just before
 * their removal or role change, and leaves alone whoever is an owner now, the token's user, or
 * (for a role change) at or below the role planned. The stand-in changes the organization right
 * after the audit's first List Members is answered, as someone acting by hand would. On the
 * bundle as well: the two ways a stale read harmed people, as the results, the summary and the
 * evidence record show them.
 */
import { expect, it } from 'vitest';
import { results, warnings } from '../support/action-results.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs, type ActionRunner } from '../support/run-action.ts';
import { bundleAndSource, sourceOnly } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';
import { TOKEN_USER, type Member } from '../stand-in/server.ts';

const TOKEN = 'stale-read-token-0123456789';
const MEMBERS: Member[] = [
  { username: 'root', role: 'owner', email: 'root@acme.test' },
  { username: 'ada', role: 'admin', email: 'ada@acme.test' },
  { username: 'bob', role: 'member', email: 'bob@acme.test' },
  { username: 'cal', role: 'member', email: 'cal@acme.test' },
  { username: TOKEN_USER.username, role: 'admin', email: TOKEN_USER.email },
];
/** root and the token's user stay as they are, ada may be a member at most; bob and cal are not on it. */
const KEEP = `root, ${TOKEN_USER.username}, ada member`;

const standIn = useStandIn({ token: TOKEN, orgs: { acme: MEMBERS } });

/** Right after the audit's first List Members is answered, `change` is made in Turso. */
function afterTheListRead(change: () => void): void {
  standIn.afterAnswer({ method: 'GET', route: 'members' }, change);
}

const setRole = (username: string, role: Member['role']) => {
  const member = MEMBERS.find((m) => m.username === username);
  if (member === undefined) throw new Error(`no member ${username}`);
  standIn.addMember('acme', { ...member, role });
};
const roleOf = (username: string) => standIn.members('acme').find((m) => m.username === username)?.role;
const writes = () => standIn.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.username ?? ''}`);
/** The usernames Retrieve Member was asked for, in order. */
const reads = () => standIn.requestsTo('GET').flatMap((r) => (r.route === 'member' ? [r.username] : []));

function runner(runWith: ActionRunner) {
  return (inputs: Record<string, string> = {}) =>
    runWith({ action: 'audit', inputs: standInInputs(standIn, TOKEN, { ...MEMBERSHIP_ONLY, keep: KEEP, ...inputs }) });
}

bundleAndSource('a member changed by hand between the list read and the change', (runWith) => {
  const run = runner(runWith);

  it('leaves a member promoted to owner alone, and says so in the results, the summary and the evidence', async () => {
    afterTheListRead(() => setRole('cal', 'owner'));
    const outcome = await run();
    expect(outcome.exitCode).toBe(0);
    expect(roleOf('cal')).toBe('owner');
    expect(writes().toSorted()).toEqual(['DELETE bob', 'PATCH ada']);
    const reason = 'left alone: owner now (member when the audit started), and an audit never removes an owner';
    expect(results(outcome).find((r) => r.username === 'cal')).toEqual({
      username: 'cal',
      result: 'unchanged',
      email: 'cal@acme.test',
      role: 'owner',
      invite: 'skipped',
      tokens: [],
      verified: 'not-checked',
      error: reason,
    });
    expect(outcome.outputs['removed-count']).toBe('1');
    expect(outcome.outputs.member).toBe('bob');
    expect(warnings(outcome)).toContain(`cal: unchanged: ${reason}`);
    expect(outcome.summary).toContain(
      `<tr><td>cal (cal&#64;<wbr>acme&#46;test)</td><td>unchanged</td><td>kept</td><td>skipped</td><td>none</td><td>not-checked</td><td>role: owner; left alone&#58; owner now &#40;member when the audit started&#41;, and an audit never removes an owner</td><td>—</td></tr>`,
    );
    const people = outcome.evidence?.people as { username: string }[];
    expect(people.find((p) => p.username === 'cal')).toMatchObject({
      result: 'unchanged',
      membership: 'kept',
      actions: [],
      verified: 'not-checked',
      error: reason,
    });
    expect(outcome.evidence?.totals).toMatchObject({ removed: 1, unchanged: 1, failed: 0 });
  });

  it('never raises a member lowered by hand back up to the role the roster allows', async () => {
    afterTheListRead(() => setRole('ada', 'viewer'));
    const outcome = await run();
    expect(outcome.exitCode).toBe(0);
    expect(roleOf('ada')).toBe('viewer');
    expect(writes()).toEqual(['DELETE bob', 'DELETE cal']);
    const reason =
      'left alone: viewer now (admin when the audit started), below the member the roster allows (this action never raises a role)';
    expect(results(outcome).find((r) => r.username === 'ada')).toEqual({
      username: 'ada',
      result: 'unchanged',
      email: 'ada@acme.test',
      role: 'admin',
      role_change: { from: 'admin', to: 'member', after: 'viewer' },
      invite: 'skipped',
      tokens: [],
      verified: 'not-checked',
      error: reason,
    });
    expect(outcome.outputs['demoted-count']).toBe('0');
    expect(warnings(outcome)).toContain(`ada: unchanged: ${reason}`);
    expect(outcome.summary).toContain(
      '<tr><td>ada</td><td>admin</td><td>member</td><td>viewer</td><td>unchanged</td><td>not-checked</td></tr>',
    );
    const people = outcome.evidence?.people as { username: string }[];
    expect(people.find((p) => p.username === 'ada')).toMatchObject({
      result: 'unchanged',
      membership: 'kept',
      roleChange: { from: 'admin', to: 'member', after: 'viewer' },
      actions: [],
      error: reason,
    });
  });

  it('never writes the start of a token that an answer to the read just before broke off in', async () => {
    // An answer that echoes the request's header and breaks off within the token: what arrived
    // holds its first part, which no redaction of whole forms can match.
    const start = TOKEN.slice(0, 18);
    standIn.script(
      { method: 'GET', route: 'member', username: 'bob' },
      { status: 200, body: `{"debug": "authorization: Bearer ${start}`, bodyEnd: 'break' },
    );
    const outcome = await run();
    expect(outcome.everything).not.toContain(start);
    expect(writes().toSorted()).toEqual(['DELETE cal', 'PATCH ada']);
    expect(results(outcome).find((r) => r.username === 'bob')).toMatchObject({
      result: 'failed',
      error: expect.stringMatching(/^not removed: the read just before the change .*the answer broke off/) as unknown,
    });
  });
});

sourceOnly((runWith) => {
  const run = runner(runWith);

  it('reads each member just before their change, under the concurrency limit like every request', async () => {
    for (const member of ['dan', 'eve', 'fay', 'gus', 'hal', 'ivy']) {
      standIn.addMember('acme', { username: member, role: 'viewer', email: `${member}@acme.test` });
    }
    const outcome = await run({ concurrency: '2', 'max-removals': '10' });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.outputs['removed-count']).toBe('8');
    expect(standIn.maxInFlight).toBeLessThanOrEqual(2);
    const order = standIn.requests.map((r) => `${r.method} ${r.username ?? ''}`);
    for (const username of ['ada', 'bob', 'cal', 'dan', 'eve', 'fay', 'gus', 'hal', 'ivy']) {
      expect(order.filter((r) => r.endsWith(` ${username}`))[0]).toBe(`GET ${username}`);
    }
    expect(reads().toSorted()).toEqual(['ada', 'bob', 'cal', 'dan', 'eve', 'fay', 'gus', 'hal', 'ivy']);
  });

  it('sends no extra read in a dry run, which changes nothing', async () => {
    afterTheListRead(() => setRole('cal', 'owner'));
    const outcome = await run({ 'dry-run': 'true' });
    expect(outcome.exitCode).toBe(0);
    expect(reads()).toEqual([]);
    expect(results(outcome).map((r) => [r.username, r.result])).toEqual([
      ['bob', 'would-remove'],
      ['cal', 'would-remove'],
      ['ada', 'would-demote'],
    ]);
  });

  it('still removes a member promoted to admin: the roster says remove, and the removal reports the role read', async () => {
    afterTheListRead(() => setRole('cal', 'admin'));
    const outcome = await run();
    expect(outcome.exitCode).toBe(0);
    expect(writes().toSorted()).toEqual(['DELETE bob', 'DELETE cal', 'PATCH ada']);
    expect(results(outcome).find((r) => r.username === 'cal')).toMatchObject({
      result: 'removed',
      role: 'admin',
      verified: 'gone',
    });
  });

  it('leaves a member promoted to admin alone when Get Current User failed: any admin may be the token user', async () => {
    standIn.script({ route: 'user' }, { status: 403, body: '{"error":"forbidden"}' });
    afterTheListRead(() => setRole('cal', 'admin'));
    const outcome = await run();
    expect(writes()).toEqual(['DELETE bob']);
    expect(results(outcome).find((r) => r.username === 'cal')).toMatchObject({
      result: 'unchanged',
      role: 'admin',
      error:
        'left alone: admin now (member when the audit started), and Get Current User could not be read: any admin may be the user whose token runs the action',
    });
  });

  it("removes a member the read shows with the token user's email: an email two people show is neither's alone", async () => {
    afterTheListRead(() => standIn.addMember('acme', { username: 'cal', role: 'member', email: TOKEN_USER.email }));
    const outcome = await run();
    expect(writes().toSorted()).toEqual(['DELETE bob', 'DELETE cal', 'PATCH ada']);
    expect(results(outcome).find((r) => r.username === 'cal')).toMatchObject({ result: 'removed', verified: 'gone' });
    expect(roleOf(TOKEN_USER.username)).toBe('admin');
  });

  it('lowers from the role read when a member was lowered by hand, but not yet to the role planned', async () => {
    afterTheListRead(() => setRole('ada', 'member'));
    const outcome = await run({ keep: `root, ${TOKEN_USER.username}, ada viewer, bob, cal` });
    expect(outcome.exitCode).toBe(0);
    expect(writes()).toEqual(['PATCH ada']);
    expect(roleOf('ada')).toBe('viewer');
    expect(results(outcome)).toMatchObject([
      {
        username: 'ada',
        result: 'demoted',
        role: 'member',
        role_change: { from: 'member', to: 'viewer', after: 'viewer' },
        verified: 'at-role',
      },
    ]);
  });

  it('leaves a member lowered by hand to the role planned as they are, and a member promoted to owner', async () => {
    afterTheListRead(() => {
      setRole('ada', 'member');
      setRole('bob', 'owner');
    });
    const outcome = await run({ keep: `root, ${TOKEN_USER.username}, ada member, bob viewer, cal` });
    expect(outcome.exitCode).toBe(0);
    expect(writes()).toEqual([]);
    expect(results(outcome).map((r) => [r.username, r.result, r.error])).toEqual([
      ['ada', 'unchanged', 'left alone: member now (admin when the audit started), the role the roster allows'],
      [
        'bob',
        'unchanged',
        'left alone: owner now (member when the audit started), and an audit never changes an owner',
      ],
    ]);
  });

  it('sends nothing for a member the API no longer finds, but still revokes what they left behind', async () => {
    standIn.addToken('acme', {
      id: 'tok-cal',
      name: 'cal-ci',
      owner: { username: 'cal', email: 'cal@acme.test' },
      created_at: '2026-11-01',
    });
    afterTheListRead(() => {
      standIn.removeMember('acme', 'cal');
      standIn.removeMember('acme', 'ada');
    });
    const outcome = await run({ 'revoke-api-tokens': 'true' });
    expect(outcome.exitCode).toBe(0);
    expect(
      standIn
        .requestsTo('DELETE')
        .map((r) => r.rawPath)
        .toSorted(),
    ).toEqual(['/v1/organizations/acme/api-tokens/tok-cal', '/v1/organizations/acme/members/bob']);
    expect(standIn.tokens('acme')).toEqual([]);
    expect(results(outcome).map((r) => [r.username, r.result, r.verified, r.error])).toEqual([
      ['bob', 'removed', 'gone', undefined],
      ['cal', 'removed', 'gone', undefined],
      ['ada', 'not-member', 'gone', 'could not find member'],
    ]);
    expect(results(outcome)[1]?.tokens).toEqual([{ id: 'tok-cal', name: 'cal-ci', result: 'revoked' }]);
    const people = outcome.evidence?.people as { username: string }[];
    expect(people.find((p) => p.username === 'cal')).toMatchObject({ membership: 'not-member', listedAtStart: true });
  });

  it('fails a member whose read fails, and sends nothing of theirs', async () => {
    standIn.addToken('acme', {
      id: 'tok-cal',
      name: 'cal-ci',
      owner: { username: 'cal', email: 'cal@acme.test' },
      created_at: '2026-11-01',
    });
    standIn.script(
      { method: 'GET', route: 'member' },
      { status: 403, body: '{"error":"forbidden"}' },
      { status: 403, body: '{"error":"forbidden"}' },
    );
    const outcome = await run({ 'revoke-api-tokens': 'true', keep: `root, ${TOKEN_USER.username}, ada member, bob` });
    expect(outcome.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(standIn.tokens('acme')).toEqual(['tok-cal']);
    const [cal, ada] = [results(outcome)[0], results(outcome)[1]];
    expect(cal).toMatchObject({ username: 'cal', result: 'failed', tokens: [], verified: 'still-listed' });
    expect(cal?.error).toMatch(/^not removed: the read just before the change failed: HTTP 403: forbidden/);
    expect(ada).toMatchObject({ username: 'ada', result: 'failed', verified: 'not-at-role' });
    expect(ada?.error).toMatch(
      /^role not lowered to member: the read just before the change failed: HTTP 403: forbidden/,
    );
  });

  it("fails a member whose read answers with another member's record, and sends nothing of theirs", async () => {
    // cal is an owner now, and the read answers with bob's record: it says nothing of cal.
    afterTheListRead(() => setRole('cal', 'owner'));
    standIn.script(
      { method: 'GET', route: 'member', username: 'cal' },
      { status: 200, body: '{"member":{"username":"bob","role":"member","email":"bob@acme.test"}}' },
    );
    const outcome = await run({ keep: `root, ${TOKEN_USER.username}, ada, bob` });
    expect(outcome.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(roleOf('cal')).toBe('owner');
    expect(results(outcome)).toMatchObject([{ username: 'cal', result: 'failed' }]);
    expect(results(outcome)[0]?.error).toMatch(
      /^not removed: the read just before the change answered for another member: \{"member":\{"username":"bob"/,
    );
  });

  it('fails a member whose read answers 2xx without a role it can read, and sends nothing of theirs', async () => {
    standIn.script({ method: 'GET', route: 'member', username: 'cal' }, { status: 200, body: '{"member":"cal"}' });
    const outcome = await run({ keep: `root, ${TOKEN_USER.username}, ada, bob` });
    expect(outcome.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(results(outcome)).toMatchObject([
      {
        username: 'cal',
        result: 'failed',
        error:
          'not removed: the read just before the change was not the expected {"member": {"role": ...}} JSON: {"member":"cal"}; still listed after the run: membership of cal',
      },
    ]);
  });
});
