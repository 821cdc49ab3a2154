/**
 * One drift issue per organization, found by the hidden marker that begins its body: by its label
 * in one request, else through a dropped label past the first page of open issues, among
 * duplicates, and never another organization's, a pull request, or an issue quoting the marker.
 * The bundle against the Turso and GitHub stand-ins, and src/main.ts in this process.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { A_MEMBER, type Issue } from '../stand-in/github.ts';
import { TOKEN_USER } from '../stand-in/server.ts';
import {
  DRIFT_MARKER,
  GITHUB_TOKEN,
  GONE,
  issueUrl,
  openIssue,
  OWNER_AND_STAYER,
  REPO,
} from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'drift-turso-token-0123456789';

const turso = useStandIn({ token: TOKEN, orgs: { acme: [...OWNER_AND_STAYER, GONE] } });
const github = useGitHubStandIn(GITHUB_TOKEN);

/** Puts an open issue in the repository, as a person or an earlier run left it. */
const seed = (fields: Partial<Issue>) => openIssue(github, fields);

const writes = () => github.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
const listings = () => github.requests.filter((r) => r.method === 'GET').map((r) => r.path);
const LISTED = `/repos/${REPO}/issues?state=open&sort=created&direction=asc&per_page=100`;

bundleAndSource('the drift issue through the GitHub chunk, as it ships', (runWith) => {
  const audit = (keep: string, more: Record<string, string> = {}, env: Record<string, string> = {}) =>
    runWith({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, {
        keep,
        'github-token': GITHUB_TOKEN,
        'drift-issue': 'true',
        'dry-run': 'true',
        ...MEMBERSHIP_ONLY,
        ...more,
      }),
      env: { GITHUB_API_URL: github.url, ...env },
    });

  it('finds its issue by the marker when the label was dropped, updates it and adds the label back', async () => {
    // 120 other open issues first, so that the drift issue is on the second page.
    for (let i = 0; i < 120; i += 1) seed({ title: `Bug ${i}`, labels: ['bug'] });
    const drift = seed({ title: 'Turso drift (renamed by someone)', body: `${DRIFT_MARKER}\nold plan` });
    const outcome = await audit('stays');
    expect(outcome.exitCode).toBe(0);
    expect(github.repoIssues(REPO)).toHaveLength(121);
    expect(drift.body).toMatch(new RegExp(`^${DRIFT_MARKER}\\n`));
    expect(drift.body).toContain('| <code>gone</code> | <code>member</code> | would remove |');
    expect(drift.labels).toEqual(['turso-drift']);
    expect(outcome.outputs['drift-issue-url']).toBe(issueUrl(drift.number));
    expect(writes()).toEqual([`PATCH /repos/${REPO}/issues/121`, `POST /repos/${REPO}/issues/121/labels`]);
    // No labelled issue is its own, so every open issue is looked through.
    expect(listings()).toEqual([`${LISTED}&labels=turso-drift`, LISTED, `${LISTED}&page=2`]);
  });

  it('finds its labelled issue in one request, past other open issues and a marked pull request', async () => {
    seed({ title: 'Add the audit', body: `${DRIFT_MARKER}\ncopied`, labels: ['turso-drift'], pullRequest: true });
    for (let i = 0; i < 120; i += 1) seed({ title: `Bug ${i}`, labels: ['bug'] });
    const drift = seed({
      title: 'Turso membership drift in acme',
      body: `${DRIFT_MARKER}\nold plan`,
      labels: ['bug', 'turso-drift'],
    });
    const outcome = await audit('stays');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.outputs['drift-issue-url']).toBe(issueUrl(drift.number));
    expect(drift.body).toContain('| <code>gone</code> | <code>member</code> | would remove |');
    expect(listings()).toEqual([`${LISTED}&labels=turso-drift`]);
    expect(writes()).toEqual([`PATCH /repos/${REPO}/issues/${drift.number}`]);
    expect(github.repoIssues(REPO)[0]).toMatchObject({ state: 'open', body: `${DRIFT_MARKER}\ncopied`, comments: [] });
  });

  it('takes no issue that only quotes the marker for its own: its text stays, and the real one is kept', async () => {
    const question = `Why does the audit write \`${DRIFT_MARKER}\` at the top of its issue?`;
    const quoting = seed({ title: 'Question about the drift issue', body: question, labels: ['turso-drift'] });
    const drift = seed({
      title: 'Turso membership drift in acme',
      body: `${DRIFT_MARKER}\nold plan`,
      labels: ['turso-drift'],
    });
    const outcome = await audit('stays');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.outputs['drift-issue-url']).toBe(issueUrl(drift.number));
    expect(quoting).toMatchObject({ state: 'open', body: question, comments: [] });
    expect(drift).toMatchObject({ state: 'open', comments: [] });
    expect(drift.body).toContain('<code>gone</code>');
    expect(writes()).toEqual([`PATCH /repos/${REPO}/issues/${drift.number}`]);
  });

  it('opens a new issue rather than overwrite one that only quotes the marker', async () => {
    const question = `The action put this in our last issue:\n\n${DRIFT_MARKER}\n\nwhat is it for?`;
    const quoting = seed({ title: 'What is this comment?', body: question });
    const outcome = await audit('stays');
    expect(outcome.exitCode).toBe(0);
    expect(quoting).toMatchObject({ state: 'open', body: question, comments: [] });
    expect(outcome.outputs['drift-issue-url']).toBe(issueUrl(2));
    expect(github.repoIssues(REPO)[1]?.body.split('\n')[0]).toBe(DRIFT_MARKER);
    expect(writes()).toEqual([`POST /repos/${REPO}/issues`]);
  });

  it('keeps the oldest of several open marked issues and closes the others with a comment linking it', async () => {
    const oldest = seed({
      title: 'Turso membership drift in acme',
      body: `${DRIFT_MARKER}\nfirst`,
      labels: ['turso-drift'],
    });
    seed({ title: 'Unrelated', labels: ['turso-drift'] });
    const second = seed({
      title: 'Turso membership drift in acme',
      body: `${DRIFT_MARKER}\nsecond`,
      labels: ['turso-drift'],
    });
    const third = seed({
      title: 'Turso membership drift in acme',
      body: `${DRIFT_MARKER}\nthird`,
      labels: ['turso-drift'],
    });
    const otherOrg = seed({
      title: 'Turso membership drift in acme-eu',
      body: '<!-- turso-remove-member-action drift-issue org=acme-eu -->\nplan',
      labels: ['turso-drift'],
    });
    const outcome = await audit('stays');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.outputs['drift-issue-url']).toBe(issueUrl(oldest.number));
    expect(oldest).toMatchObject({ state: 'open', comments: [] });
    expect(oldest.body).toContain('<code>gone</code>');
    for (const duplicate of [second, third]) {
      expect(duplicate.state).toBe('closed');
      expect(duplicate.comments).toEqual([
        `A duplicate of ${issueUrl(oldest.number)}, which [run 4242](https://github.com/acme/platform/actions/runs/4242) keeps as the drift issue of this organization. Closing.`,
      ]);
    }
    expect(otherOrg).toMatchObject({ state: 'open', body: expect.stringContaining('plan') as unknown, comments: [] });
    expect(github.repoIssues(REPO).filter((i) => i.state === 'open')).toHaveLength(3);
  });

  it('ignores a marked issue an outsider opened: it gets no plan, and the real one is not closed for it', async () => {
    const planted = seed({
      title: 'Everything is fine, nothing to see',
      body: `${DRIFT_MARKER}\nplanted`,
      author: { login: 'stranger', type: 'User', association: 'NONE' },
    });
    const drift = seed({
      title: 'Turso membership drift in acme',
      body: `${DRIFT_MARKER}\nold`,
      labels: ['turso-drift'],
    });
    const outcome = await audit('stays');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.outputs['drift-issue-url']).toBe(issueUrl(drift.number));
    expect(planted).toMatchObject({ state: 'open', body: `${DRIFT_MARKER}\nplanted`, labels: [], comments: [] });
    expect(drift.state).toBe('open');
  });

  it('closes every open marked issue when there is no drift, and adopts one left by a version without markers', async () => {
    const issues = [
      seed({
        title: 'Turso membership drift in acme',
        body: `${DRIFT_MARKER}\nplan`,
        labels: ['turso-drift'],
      }),
      seed({ title: 'Renamed by someone', body: `${DRIFT_MARKER}\nplan`, labels: ['turso-drift'] }),
      // Before markers, the label and the title named the issue.
      seed({ title: 'Turso membership drift in acme', body: 'plan', labels: ['turso-drift'] }),
    ];
    const outcome = await audit('root, stays, gone');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.outputs['drift-issue-url']).toBe('');
    for (const issue of issues) {
      expect(issue.state).toBe('closed');
      expect(issue.comments).toEqual([
        'No drift any more: [run 4242](https://github.com/acme/platform/actions/runs/4242) found the organization matching the roster. Closing.',
      ]);
    }
  });

  const PLATFORM_BOT = { username: TOKEN_USER.username, email: TOKEN_USER.email };
  it.each([
    ['an owner the roster does not name', 'stays, gone', () => undefined, 'root'],
    [
      "the token's user, whom the roster does not name",
      'root, stays, gone',
      () => turso.addMember('acme', { ...PLATFORM_BOT, role: 'admin' }),
      'platform-bot',
    ],
    [
      'a member whose role cannot be read',
      'root, stays, gone',
      () => {
        const members = [...turso.members('acme'), { username: 'odd', role: 'superuser', email: 'odd@acme.test' }];
        turso.script({ route: 'members' }, { status: 200, body: JSON.stringify({ members }) });
      },
      'odd',
    ],
    [
      'a token whose owner is not shown',
      'root, stays, gone',
      () => {
        turso.addToken('acme', { id: 't1', name: 'ci', created_at: '2026-01-01' });
        return { 'revoke-api-tokens': 'true' };
      },
      'token ci',
    ],
    [
      'an admin kept because Get Current User failed',
      'root, stays, gone',
      () => {
        turso.addMember('acme', { username: 'ada', role: 'admin', email: 'ada@acme.test' });
        turso.script({ route: 'user' }, { status: 403, body: '{"error":"no"}' });
      },
      'ada',
    ],
  ])('keeps the drift issue open while %s remains, with the row to fix by hand', async (_kind, keep, arrange, who) => {
    const more = arrange() ?? {};
    const drift = seed({
      title: 'Turso membership drift in acme',
      body: `${DRIFT_MARKER}\nold`,
      labels: ['turso-drift'],
    });
    const outcome = await audit(keep, more);
    expect(outcome.exitCode).toBe(0);
    expect(drift.state).toBe('open');
    expect(drift.comments).toEqual([]);
    expect(outcome.outputs['drift-issue-url']).toBe(issueUrl(drift.number));
    expect(drift.body).toContain(`| <code>${who}</code>`);
    expect(drift.body).toMatch(/\| keep: fix by hand \|/);
    expect(drift.body).not.toContain('<code>gone</code>');
  });

  it("keeps the drift issue open while the token's user is on the roster at a lower role than it holds", async () => {
    turso.addMember('acme', { ...PLATFORM_BOT, role: 'admin' });
    const workspace = await mkdtemp(join(tmpdir(), 'drift-roster-'));
    await writeFile(join(workspace, 'roster.txt'), 'root\nstays\ngone\nplatform-bot member\n');
    const drift = seed({
      title: 'Turso membership drift in acme',
      body: `${DRIFT_MARKER}\nold`,
      labels: ['turso-drift'],
    });
    const outcome = await audit('', { 'keep-file': 'roster.txt' }, { GITHUB_WORKSPACE: workspace });
    expect(outcome.exitCode).toBe(0);
    expect(drift.state).toBe('open');
    expect(drift.body).toContain(
      '| <code>platform-bot</code> | <code>admin</code> | keep: fix by hand | the roster allows at most member, but this is the user whose token runs the action: never lowered |',
    );
  });

  it('takes no marked issue a member of the repository opened for the drift issue: she could edit it after every run', async () => {
    const planted = seed({
      title: 'Turso membership drift in acme',
      body: `${DRIFT_MARKER}\nall is well`,
      labels: ['turso-drift'],
      author: A_MEMBER,
    });
    const outcome = await audit('stays');
    expect(outcome.exitCode).toBe(0);
    expect(planted).toMatchObject({ state: 'open', body: `${DRIFT_MARKER}\nall is well`, comments: [] });
    const created = github.repoIssues(REPO)[1];
    expect(created?.body).toContain('would remove');
    expect(outcome.outputs['drift-issue-url']).toBe(issueUrl(2));
  });

  it('puts a failed write of the drift issue in the evidence record and the summary, and fails the step', async () => {
    void github.script(/\/repos\/acme\/platform\/issues$/, 422, { message: 'Validation Failed' });
    const outcome = await audit('stays');
    expect(outcome.exitCode).toBe(1);
    const why = 'the drift issue could not be kept in acme/platform: Validation Failed';
    expect(outcome.annotations.at(-1)?.message).toMatch(new RegExp(`^${why}`));
    expect(outcome.evidence).toMatchObject({
      github: [
        { write: 'drift-issue', error: expect.stringMatching(new RegExp(`^${why}`)) as unknown, failsStep: true },
      ],
    });
    expect(outcome.summary).toContain(
      'The drift issue was not written: the drift issue could not be kept in acme/platform&#58; Validation Failed',
    );
  });

  it('opens one issue, with the marker and the label, when there is none', async () => {
    seed({ title: 'Turso membership drift in acme', body: 'a person wrote this' });
    const outcome = await audit('stays');
    expect(outcome.exitCode).toBe(0);
    const created = github.repoIssues(REPO)[1];
    expect(created).toMatchObject({ title: 'Turso membership drift in acme', labels: ['turso-drift'] });
    expect(created?.body.split('\n')[0]).toBe(DRIFT_MARKER);
    expect(github.repoIssues(REPO)[0]?.state).toBe('open');
  });

  it('carries the reference, as inert text', async () => {
    const outcome = await audit('stays', { reference: 'HR-4521 <b>@acme/security</b>' });
    expect(outcome.exitCode).toBe(0);
    expect(github.repoIssues(REPO)[0]?.body).toContain(
      'Reference: <code>HR-4521 &#60;b&#62;&#64;<wbr>acme/security&#60;/b&#62;</code>',
    );
  });
});
