/**
 * Audits from the roster a company already keeps: GitHub teams read through a local stand-in of
 * the GitHub REST API (GITHUB_API_URL, as on GitHub Enterprise Server), and the drift issue. What
 * loads the bundle's GitHub chunk, a refusal and the GitHub token in the real log run on the
 * bundle as well; the rest in this process only (CONTRIBUTING.md, "The test layers").
 */
import { expect, it } from 'vitest';
import { errors, plan } from '../support/action-results.ts';
import { GITHUB_TOKEN, issueUrl, REPO } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs, WORKFLOW_TOKEN, type ActionRunner } from '../support/run-action.ts';
import { bundleAndSource, sourceOnly } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';
import type { Member } from '../stand-in/server.ts';

const TOKEN = 'roster-turso-token-0123456789';
const MEMBERS: Member[] = [
  { username: 'root', role: 'owner', email: 'root@acme.test' },
  { username: 'Alice', role: 'member', email: 'alice@acme.test' },
  { username: 'bob', role: 'admin', email: 'bob@acme.test' },
  { username: 'carol', role: 'member', email: 'carol@acme.test' },
  { username: 'dave', role: 'viewer', email: 'dave@acme.test' },
];
/** A team of 250, so that reading it takes three pages. */
const ENGINEERING = ['alice', ...Array.from({ length: 249 }, (_, i) => `engineer-${i}`)];

const turso = useStandIn({ token: TOKEN, orgs: { acme: MEMBERS } });
/** A team of exactly one full page: GitHub sends no link to a next page. */
const HUNDRED = ['alice', ...Array.from({ length: 99 }, (_, i) => `hundred-${i}`)];
const github = useGitHubStandIn(GITHUB_TOKEN, {
  'acme-gh/engineering': ENGINEERING,
  'acme-gh/hundred': HUNDRED,
  'acme-gh/empty': [],
});

// Sent at once, so in no set order.
const deletes = () =>
  turso
    .requestsTo('DELETE')
    .map((r) => r.username)
    .toSorted();

/** The action, started by `runWith`, against both stand-ins, with the app token for GitHub. */
function runner(runWith: ActionRunner) {
  return (inputs: Record<string, string>) =>
    runWith({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, {
        'github-token': GITHUB_TOKEN,
        ...MEMBERSHIP_ONLY,
        ...inputs,
      }),
      env: { GITHUB_API_URL: github.url },
    });
}

bundleAndSource('the GitHub chunk, a refusal and the GitHub token in the real log', (runWith) => {
  const run = runner(runWith);

  it('keeps every member of a GitHub team, read page by page, plus the people mapped by keep', async () => {
    const outcome = await run({ 'keep-github-team': 'acme-gh/engineering', keep: 'carol' });
    expect(outcome.exitCode).toBe(0);
    expect(deletes()).toEqual(['bob', 'dave']);
    const teamPages = github.requests.filter((r) => r.path.startsWith('/orgs/acme-gh/teams/engineering/members'));
    expect(teamPages).toHaveLength(3);
    expect(teamPages.every((r) => r.authorization === `token ${GITHUB_TOKEN}`)).toBe(true);
    expect(plan(outcome)).toMatchObject({ keep: ['Alice', 'carol'], remove: ['bob', 'dave'] });
    expect(outcome.stdout).toContain('Roster: 250 GitHub login(s) from acme-gh/engineering');
  });

  it('refuses the whole audit when a team cannot be read, naming it and the permission needed', async () => {
    const outcome = await run({ 'keep-github-team': 'acme-gh/engineering, acme-gh/missing', keep: 'carol' });
    expect(outcome.exitCode).toBe(1);
    expect(turso.requests).toEqual([]);
    const message = errors(outcome).at(-1) ?? '';
    expect(message).toContain(
      'The audit of acme was refused, and nothing was removed: team acme-gh/missing could not be read (HTTP 404)',
    );
    expect(message).toContain('"Members: read" organization permission');
    expect(outcome.summary).toContain('<p>Organization <code>acme</code>: nothing was removed.</p>');
  });

  it('refuses the audit when a full team page has no link to the next, and the next is not empty', async () => {
    const firstPage = ENGINEERING.slice(0, 100).map((login, i) => ({ login, id: 1_000 + i, type: 'User' }));
    void github.script(/\/teams\/engineering\/members$/, 200, firstPage);
    const outcome = await run({ 'keep-github-team': 'acme-gh/engineering', keep: 'carol', 'max-removals': '100' });
    expect(outcome.exitCode).toBe(1);
    expect(turso.requests).toEqual([]);
    expect(errors(outcome).at(-1)).toContain(
      'The audit of acme was refused, and nothing was removed: team acme-gh/engineering could not be read whole: page 1 holds 100 logins and no link to the next, yet page 2 is not empty',
    );
  });

  it('masks the GitHub token and never writes it, even when GitHub echoes it', async () => {
    void github.script(/\/teams\/engineering\/members$/, 422, { message: `token ${GITHUB_TOKEN} is odd` });
    const outcome = await run({ 'keep-github-team': 'acme-gh/engineering' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stdout).toContain(`::add-mask::${GITHUB_TOKEN}`);
    expect(outcome.everything).not.toContain(GITHUB_TOKEN);
  });

  it('never talks to GitHub for a plain removal, whatever github-token is', async () => {
    const outcome = await runWith({
      action: 'remove',
      inputs: standInInputs(turso, TOKEN, { username: 'bob' }),
      env: { GITHUB_API_URL: github.url },
    });
    expect(outcome.exitCode).toBe(0);
    expect(github.requests).toEqual([]);
    expect(outcome.stdout).toContain(`::add-mask::${WORKFLOW_TOKEN}`);
  });
});

sourceOnly((runWith) => {
  it('reads a team of exactly one full page whole once the page after it is empty', async () => {
    const outcome = await runner(runWith)({ 'keep-github-team': 'acme-gh/hundred', keep: 'carol' });
    expect(outcome.exitCode).toBe(0);
    expect(deletes()).toEqual(['bob', 'dave']);
    expect(github.requests.map((r) => r.path)).toEqual([
      '/orgs/acme-gh/teams/hundred/members?per_page=100',
      '/orgs/acme-gh/teams/hundred/members?per_page=100&page=2',
    ]);
  });

  const run = runner(runWith);

  it('never reads an empty team as "remove everyone"', async () => {
    const outcome = await run({ 'keep-github-team': 'acme-gh/empty' });
    expect(outcome.exitCode).toBe(1);
    expect(turso.requests).toEqual([]);
    expect(errors(outcome).at(-1)).toContain('team acme-gh/empty has no members, or none the github-token can see');
  });

  it("waits out a GitHub secondary rate limit with Octokit's throttling, then reads the team", async () => {
    void github.script(
      /\/teams\/engineering\/members$/,
      403,
      { message: 'You have exceeded a secondary rate limit' },
      {
        'retry-after': '1',
      },
    );
    const outcome = await run({ 'keep-github-team': 'acme-gh/engineering', keep: 'carol', 'dry-run': 'true' });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toMatch(/GitHub secondary rate limit on GET .*: retrying in 1 s/);
  });

  it('keeps one drift issue: opened, then updated in place, then closed with a comment when the drift is gone', async () => {
    const report = {
      'keep-github-team': 'acme-gh/engineering',
      keep: 'carol',
      'dry-run': 'true',
      'drift-issue': 'true',
    };
    const first = await run(report);
    expect(first.exitCode).toBe(0);
    const issues = github.repoIssues(REPO);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      title: 'Turso membership drift in acme',
      state: 'open',
      labels: ['turso-drift'],
    });
    expect(issues[0]?.body).toContain(
      '| <code>bob</code> | <code>admin</code> | would remove | not on the keep list |',
    );
    expect(issues[0]?.body).toContain('nothing was removed');
    expect(first.outputs['drift-issue-url']).toBe(issueUrl(1));
    expect(first.summary).toContain(issueUrl(1));
    expect(turso.requestsTo('DELETE')).toEqual([]);

    const second = await run({ ...report, keep: 'carol, dave' });
    expect(second.outputs['drift-issue-url']).toBe(issueUrl(1));
    expect(github.repoIssues(REPO)).toHaveLength(1);
    expect(issues[0]?.body).not.toContain('<code>dave</code>');
    expect(issues[0]?.body).toContain('<code>bob</code>');

    const third = await run({ ...report, keep: 'carol, dave, bob, root' });
    expect(third.exitCode).toBe(0);
    expect(third.outputs['drift-issue-url']).toBe('');
    expect(issues[0]?.state).toBe('closed');
    expect(issues[0]?.comments[0]).toMatch(
      /^No drift any more: \[run 4242\]\(https:\/\/github.com\/acme\/platform\/actions\/runs\/4242\)/,
    );
  });

  it('fails the step, after the audit, when the drift issue cannot be kept', async () => {
    void github.script(/\/repos\/acme\/platform\/issues$/, 403, { message: 'Resource not accessible by integration' });
    const outcome = await run({ keep: 'carol, Alice', 'dry-run': 'true', 'drift-issue': 'true' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.outputs.result).toBe('would-remove');
    expect(errors(outcome).at(-1)).toMatch(
      /^the drift issue could not be kept in acme\/platform: GitHub refused the github-token \(HTTP 403; it needs issues: write\): Resource not accessible by integration/,
    );
    expect(outcome.evidence).toMatchObject({
      github: [
        {
          write: 'drift-issue',
          error: expect.stringMatching(
            /^the drift issue could not be kept in acme\/platform: GitHub refused/,
          ) as unknown,
          failsStep: true,
        },
      ],
    });
    expect(outcome.summary).toContain(
      'The drift issue was not written: the drift issue could not be kept in acme/platform&#58; GitHub refused the github-token',
    );
  });

  it.each([
    [{ 'keep-github-team': 'engineering' }, 'keep-github-team', 'is not org/team-slug'],
    [{ keep: 'carol', 'drift-issue': 'maybe' }, 'drift-issue', 'is not a boolean'],
    [{ 'keep-github-team': 'acme-gh/engineering', 'github-token': '' }, 'github-token', 'is empty'],
  ])('refuses %o before any request', async (inputs, input, message) => {
    const outcome = await run(inputs);
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toMatch(new RegExp(`^Input "${input}": .*${message}`));
    expect(turso.requests).toEqual([]);
    expect(github.requests).toEqual([]);
  });

  it('refuses drift-issue on the root action, naming the audit action it belongs to, before any request', async () => {
    const outcome = await runWith({
      action: 'remove',
      inputs: standInInputs(turso, TOKEN, { username: 'bob', 'drift-issue': 'true' }),
      env: { GITHUB_API_URL: github.url },
    });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toBe(
      'Input "drift-issue": belongs to turso-offboard/remove-member-action/audit, not to turso-offboard/remove-member-action; use that action for it, or remove it from this step',
    );
    expect(turso.requests).toEqual([]);
    expect(github.requests).toEqual([]);
  });
});
