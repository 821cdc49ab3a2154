/**
 * Access that expires: a roster entry ending in `until YYYY-MM-DD` counts up to the day before
 * and is absent from that day (UTC), so its person is removed or lowered like anyone off the
 * roster; entries expiring within 14 days, and expired ones, are shown so that someone extends
 * them in time. Dates are computed from today's UTC date, as the run takes it. The bundle
 * against the Turso and GitHub stand-ins, and src/main.ts in this process.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { errors, results } from '../support/action-results.ts';
import { GITHUB_TOKEN, REPO } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';
import type { Member } from '../stand-in/server.ts';

const TOKEN = 'expiry-turso-token-0123456789';
const MEMBERS: Member[] = [
  { username: 'root', role: 'owner', email: 'root@acme.test' },
  { username: 'stays', role: 'member', email: 'stays@acme.test' },
  { username: 'carol', role: 'member', email: 'carol@acme.test' },
  { username: 'dave', role: 'admin', email: 'dave@acme.test' },
];

/** The UTC day `offset` days from today, YYYY-MM-DD. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const turso = useStandIn({ token: TOKEN, orgs: { acme: MEMBERS } });
const github = useGitHubStandIn(GITHUB_TOKEN, { 'acme-gh/contractors': ['carol'] });
let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'turso-expiry-'));
});

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

const deletes = () => turso.requestsTo('DELETE').map((r) => r.username);
const roleOf = (username: string) => turso.members('acme').find((m) => m.username === username)?.role;

bundleAndSource('roster entries that expire, as users date contracts in their rosters', (runWith) => {
  const audit = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runWith({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, { ...MEMBERSHIP_ONLY, 'max-removals': '10', ...inputs }),
      env: { GITHUB_WORKSPACE: workspace, GITHUB_API_URL: github.url, ...env },
    });

  it('removes the person of an entry from its until day on, and says in the results and the evidence that it expired', async () => {
    const outcome = await audit({ keep: `root, stays, dave, carol until ${day(0)}` });
    expect(outcome.exitCode).toBe(0);
    expect(deletes()).toEqual(['carol']);
    expect(results(outcome)).toMatchObject([{ username: 'carol', result: 'removed', roster_expired: day(0) }]);
    const [person] = (outcome.evidence?.people ?? []) as Record<string, unknown>[];
    expect(person).toMatchObject({ username: 'carol', rosterExpired: day(0) });
    expect(outcome.summary).toContain(`not on the keep list: the entry expired on ${day(0)}`);
  });

  it('keeps the person of an entry up to the day before its until', async () => {
    const outcome = await audit({ keep: `root, stays, dave, carol member until ${day(1)}` });
    expect(outcome.exitCode).toBe(0);
    expect(deletes()).toEqual([]);
    expect(results(outcome)).toEqual([]);
  });

  it('revokes the invitation of an email whose entry expired, like any off the roster', async () => {
    turso.addInvite('acme', 'new@acme.test');
    const outcome = await audit({
      keep: `root, stays, dave, carol, new@acme.test until ${day(0)}`,
      'revoke-invites': 'true',
      'invite-grace-days': '0',
    });
    expect(outcome.exitCode).toBe(0);
    expect(turso.invites('acme')).toEqual([]);
    expect(results(outcome)).toMatchObject([{ username: 'new@acme.test', invite: 'revoked' }]);
  });

  it('keeps the people of a roster whose every entry expires soon: a notice is no name that matches nobody', async () => {
    const outcome = await audit({
      keep: ['root', 'stays', 'carol', 'dave'].map((n) => `${n} until ${day(2)}`).join(', '),
    });
    expect(outcome.exitCode).toBe(0);
    expect(deletes()).toEqual([]);
  });

  it('counts the entries of a person that have not expired: one still there keeps them', async () => {
    const outcome = await audit({ keep: `root, stays, dave, carol until ${day(-3)}, carol` });
    expect(outcome.exitCode).toBe(0);
    expect(deletes()).toEqual([]);
  });

  it('lowers a person to the role of the entry left when the one allowing more expired', async () => {
    const outcome = await audit({ keep: `root, stays, carol, dave until ${day(-1)}, dave viewer` });
    expect(outcome.exitCode).toBe(0);
    expect(roleOf('dave')).toBe('viewer');
    expect(results(outcome)).toMatchObject([
      { username: 'dave', result: 'demoted', role_change: { from: 'admin', to: 'viewer' }, roster_expired: day(-1) },
    ]);
  });

  it('reads until in a keep-file line and in a keep-github-team line', async () => {
    await writeFile(join(workspace, 'roster.txt'), `root\nstays\ndave admin until ${day(-2)} # contract ended\n`);
    const outcome = await audit({
      'keep-file': 'roster.txt',
      'keep-github-team': `acme-gh/contractors viewer until ${day(-1)}`,
      'github-token': GITHUB_TOKEN,
    });
    expect(outcome.exitCode).toBe(0);
    expect(deletes().sort()).toEqual(['carol', 'dave']);
    expect(results(outcome)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: 'carol', roster_expired: day(-1) }),
        expect.objectContaining({ username: 'dave', roster_expired: day(-2) }),
      ]),
    );
  });

  it('counts the removals of expired entries under max-removals: over it, the plan is refused', async () => {
    const outcome = await audit({
      keep: `root, stays, dave until ${day(-1)}, carol until ${day(-1)}`,
      'max-removals': '1',
    });
    expect(outcome.exitCode).toBe(1);
    expect(deletes()).toEqual([]);
    expect(errors(outcome)[0]).toContain(
      'The audit would remove 2 member(s), revoke 0 invitation(s) and 0 token(s), 2 in all, more than max-removals allows (1); nothing was removed',
    );
  });

  const CALENDAR = 'is not a day of the calendar; give a date that exists (e.g. 2027-02-28)';
  const UNTIL_LAST =
    'until must end the entry, followed by the day from which it keeps no one, written YYYY-MM-DD (e.g. alice member until 2027-03-31)';
  it.each([
    ['keep', 'carol until 2027-02-30', `"carol until 2027-02-30": until "2027-02-30" ${CALENDAR}`],
    ['keep', 'carol member until 2027-13-01', `"carol member until 2027-13-01": until "2027-13-01" ${CALENDAR}`],
    [
      'keep',
      'carol until 27-01-01',
      '"carol until 27-01-01": until "27-01-01" is not a date written YYYY-MM-DD (e.g. 2027-03-31); write the date so',
    ],
    ['keep', 'carol until', `"carol until": ${UNTIL_LAST}`],
    ['keep', 'carol until 2027-01-31 viewer', `"carol until 2027-01-31 viewer": ${UNTIL_LAST}`],
    [
      'keep-github-team',
      'acme-gh/contractors viewer until 2027-02-29',
      `"acme-gh/contractors viewer until 2027-02\u2026": until "2027-02-29" ${CALENDAR}`,
    ],
  ])('refuses %s %j, naming the input, before any request', async (input, value, message) => {
    const outcome = await audit({ keep: 'root, stays', [input]: value, 'github-token': GITHUB_TOKEN });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toBe(`Input "${input}": ${message}`);
    expect(turso.requests).toEqual([]);
    expect(github.requests).toEqual([]);
  });

  it('refuses a keep-file date that is not a day of the calendar, naming the file and the line', async () => {
    await writeFile(join(workspace, 'roster.txt'), 'root\nstays\ncarol until 2026-02-29\n');
    const outcome = await audit({ 'keep-file': 'roster.txt' });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)).toContainEqual(
      'Input "keep-file": roster.txt, line 3: "carol until 2026-02-29": until "2026-02-29" is not a day of the calendar; give a date that exists (e.g. 2027-02-28)',
    );
    expect(turso.requests).toEqual([]);
  });

  it('shows an entry expiring within 14 days in the summary and as a notice in the log, and opens no drift issue for it', async () => {
    const outcome = await audit({
      keep: `root, stays, dave, carol member until ${day(5)}, ghost until ${day(30)}`,
      'github-token': GITHUB_TOKEN,
      'drift-issue': 'true',
    });
    expect(outcome.exitCode).toBe(0);
    expect(deletes()).toEqual([]);
    expect(outcome.summary).toContain(
      `<tr><td>carol</td><td>—</td><td>notice</td><td>expires in 5 days, on ${day(5)}: extend its until, or let it lapse</td></tr>`,
    );
    expect(outcome.summary).not.toContain(day(30));
    expect(outcome.annotations).toContainEqual({
      level: 'notice',
      message: `Roster entry carol expires in 5 days, on ${day(5)}: from that day the audit treats it as absent; extend its until if the access should last`,
    });
    expect(github.repoIssues(REPO)).toEqual([]);
  });

  it('shows an expired entry still in the roster in the drift issue, as drift, though its person is gone', async () => {
    const outcome = await audit({
      keep: `root, stays, dave, carol, ghost until ${day(-4)}`,
      'github-token': GITHUB_TOKEN,
      'drift-issue': 'true',
    });
    expect(outcome.exitCode).toBe(0);
    expect(deletes()).toEqual([]);
    const [issue] = github.repoIssues(REPO);
    expect(issue?.body).toContain(
      `| <code>ghost</code> | — | notice | expired on ${day(-4)}: it keeps no one; extend its until, or drop it |`,
    );
    expect(outcome.annotations).toContainEqual({
      level: 'notice',
      message: `Roster entry ghost expired on ${day(-4)}: it keeps no one (the audit treats it as absent); extend its until, or drop it from the roster`,
    });
  });

  it('shows the expiring entries of a team line by the team, and the removal, in the plan comment', async () => {
    const pull = github.addPull(REPO, { author: 'dev', commits: ['feedface'] });
    const eventPath = join(workspace, 'event.json');
    await writeFile(eventPath, JSON.stringify({ action: 'synchronize', pull_request: { number: pull.number } }));
    const outcome = await audit(
      {
        keep: `root, stays, dave until ${day(3)}`,
        'keep-github-team': `acme-gh/contractors until ${day(0)}`,
        'github-token': GITHUB_TOKEN,
        'pr-comment': 'true',
      },
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath },
    );
    expect(outcome.exitCode).toBe(0);
    expect(deletes()).toEqual([]);
    const body = pull.comments[0]?.body ?? '';
    expect(body).toContain(
      `| <code>carol</code> | <code>member</code> | would remove | not on the keep list: the entry expired on ${day(0)} |`,
    );
    expect(body).toContain(`| <code>acme-gh/contractors</code> | — | notice | expired on ${day(0)}`);
    expect(body).toContain(`| <code>dave</code> | — | notice | expires in 3 days, on ${day(3)}`);
  });
});
