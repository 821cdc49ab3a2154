/**
 * Whose approval counts under `approval: require`: someone with write, maintain or admin
 * permission on the repository, who is not a bot, not who started or re-ran the run, not the
 * pull request's author nor an author or committer of its commits, approving the commit merged
 * or the environment `approval-environment` names. The bundle against the Turso and GitHub
 * stand-ins, and src/main.ts.
 */
import { beforeEach, expect, it } from 'vitest';
import type { PullRequest } from '../stand-in/github.ts';
import { errors, results } from '../support/action-results.ts';
import { GITHUB_TOKEN, GONE, OWNER_AND_STAYER, REPO } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { RUN_CONTEXT } from '../support/run-context.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'approvers-turso-token-0123456789';
const MERGE_SHA = RUN_CONTEXT.GITHUB_SHA;
const RUN_REVIEWS = `${REPO}/${RUN_CONTEXT.GITHUB_RUN_ID}`;
const APPROVED_AT = '2026-12-01T10:00:00Z';

const turso = useStandIn({ token: TOKEN, orgs: { acme: [...OWNER_AND_STAYER, GONE] } });
const github = useGitHubStandIn(GITHUB_TOKEN);

let pull: PullRequest;
beforeEach(() => {
  pull = github.addPull(REPO, {
    author: 'dev',
    commits: ['c0ffee', MERGE_SHA],
    merged: { sha: MERGE_SHA, at: '2026-12-02T09:00:00Z', by: 'lead' },
  });
});

const tursoWrites = () => turso.requests.filter((r) => r.method !== 'GET');
const approvedBy = (login: string) => pull.reviews.push({ login, state: 'APPROVED', submittedAt: APPROVED_AT });

bundleAndSource('whose approval counts', (runWith) => {
  /** A removal of `gone` under `approval: require`, with the runner's environment given. */
  const offboard = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runWith({
      inputs: standInInputs(turso, TOKEN, {
        username: 'gone',
        'github-token': GITHUB_TOKEN,
        approval: 'require',
        ...MEMBERSHIP_ONLY,
        ...inputs,
      }),
      env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'push', ...env },
    });

  const expectRefused = (outcome: Awaited<ReturnType<typeof offboard>>) => {
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'failed' }]);
    expect(outcome.evidence).toMatchObject({ approval: { independentApprovers: [] } });
  };

  it.each(['read', 'triage', 'none'])(
    'counts no review by someone whose permission on the repository is %s',
    async (permission) => {
      approvedBy('outsider');
      github.permissions.set(`${REPO}/outsider`, permission);
      const outcome = await offboard({});
      expectRefused(outcome);
      expect(github.requests.map((r) => r.path)).toContain(`/repos/${REPO}/collaborators/outsider/permission`);
      expect(outcome.evidence).toMatchObject({ approval: { permissions: [{ login: 'outsider', permission }] } });
      expect(errors(outcome).at(-1)).toContain('found no approval by someone with write access to the repository');
    },
  );

  it("counts no review whose approver's permission cannot be read, saying which permission is needed", async () => {
    approvedBy('rev');
    void github.script(/\/collaborators\/[^/]+\/permission$/, 403, {
      message: 'Resource not accessible by integration',
    });
    const outcome = await offboard({});
    expectRefused(outcome);
    expect(outcome.evidence).toMatchObject({
      approval: {
        permissions: [{ login: 'rev', permission: '' }],
        unavailable: [
          'the permission of rev on the repository could not be read (Resource not accessible by integration); the github-token needs metadata: read',
        ],
      },
    });
  });

  it('counts a review by someone with write, maintain or admin permission, each read once', async () => {
    approvedBy('writer');
    approvedBy('maintainer');
    github.permissions.set(`${REPO}/maintainer`, 'maintain');
    github.runReviews.set(RUN_REVIEWS, [
      { login: 'Maintainer', state: 'approved', environments: ['production'], comment: '' },
    ]);
    const outcome = await offboard({ 'approval-environment': 'production' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'removed' }]);
    expect(github.requests.filter((r) => r.path.includes('/collaborators/')).map((r) => r.path)).toEqual([
      `/repos/${REPO}/collaborators/writer/permission`,
      `/repos/${REPO}/collaborators/maintainer/permission`,
    ]);
    expect(outcome.evidence).toMatchObject({
      approval: { environment: 'production', independentApprovers: ['writer', 'maintainer'] },
    });
    expect(outcome.summary).toContain('approvals of environment <code>production</code> count');
  });

  it('counts no approval of the environment by whoever re-ran the run, and records both actors', async () => {
    github.runReviews.set(RUN_REVIEWS, [
      { login: 'ops', state: 'approved', environments: ['production'], comment: '' },
    ]);
    const outcome = await offboard(
      { 'approval-environment': 'production' },
      { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_TRIGGERING_ACTOR: 'ops', GITHUB_RUN_ATTEMPT: '2' },
    );
    expectRefused(outcome);
    expect(outcome.evidence).toMatchObject({
      run: { actor: RUN_CONTEXT.GITHUB_ACTOR, triggeringActor: 'ops' },
      approval: { actor: RUN_CONTEXT.GITHUB_ACTOR, triggeringActor: 'ops' },
    });
    expect(outcome.summary).toContain(
      `started by <code>${RUN_CONTEXT.GITHUB_ACTOR}</code> (this attempt by <code>ops</code>)`,
    );
    expect(outcome.summary).toContain(
      `started by <code>${RUN_CONTEXT.GITHUB_ACTOR}</code>, this attempt by <code>ops</code>`,
    );
    expect(errors(outcome).at(-1)).toContain(`started by ${RUN_CONTEXT.GITHUB_ACTOR}, this attempt by ops;`);
  });

  it('counts no approval of another environment of the run (staging-preview)', async () => {
    github.runReviews.set(RUN_REVIEWS, [
      { login: 'previewer', state: 'approved', environments: ['staging-preview'], comment: '' },
    ]);
    const outcome = await offboard(
      { 'approval-environment': 'production' },
      { GITHUB_EVENT_NAME: 'workflow_dispatch' },
    );
    expectRefused(outcome);
    expect(errors(outcome).at(-1)).toContain('environment approvals count for production');
  });

  it("counts no bot's approval of the environment", async () => {
    github.runReviews.set(RUN_REVIEWS, [
      { login: 'deployer[bot]', bot: true, state: 'approved', environments: ['production'], comment: '' },
    ]);
    const outcome = await offboard(
      { 'approval-environment': 'production' },
      { GITHUB_EVENT_NAME: 'workflow_dispatch' },
    );
    expectRefused(outcome);
    expect(outcome.evidence).toMatchObject({ approval: { environmentApprovals: [{ bot: true }] } });
  });

  it('counts no environment approval at all when approval-environment is empty', async () => {
    github.runReviews.set(RUN_REVIEWS, [
      { login: 'ops', state: 'approved', environments: ['production'], comment: '' },
    ]);
    const outcome = await offboard({}, { GITHUB_EVENT_NAME: 'workflow_dispatch' });
    expectRefused(outcome);
    expect(outcome.evidence?.approval).not.toHaveProperty('environment');
    expect(outcome.summary).toContain('no environment approval counts (<code>approval-environment</code> is empty)');
  });

  it.each([
    ['wrote', { author: 'pair', committer: 'web-flow' }],
    ['committed', { author: null, committer: 'pair' }],
  ])('counts no review by someone who %s a commit of the pull request, on any page of them', async (_, people) => {
    // 120 commits: the one by `pair` is on the second page.
    pull.commits = [...Array.from({ length: 120 }, (_, i) => `c${i}`), MERGE_SHA];
    pull.commitPeople = { c110: people };
    approvedBy('pair');
    const outcome = await offboard({});
    expectRefused(outcome);
    expect(github.requests.map((r) => r.path)).toContain(
      `/repos/${REPO}/pulls/${pull.number}/commits?per_page=100&page=2`,
    );
    expect(outcome.evidence).toMatchObject({
      approval: { pullRequest: { contributors: expect.arrayContaining(['pair']) as unknown } },
    });
  });

  it('refuses when GitHub lists only some of the commits (250): who wrote the others is unknown', async () => {
    pull.commits = [...Array.from({ length: 260 }, (_, i) => `c${i}`), MERGE_SHA];
    approvedBy('rev');
    const outcome = await offboard({});
    expectRefused(outcome);
    expect(outcome.evidence).toMatchObject({
      approval: {
        unavailable: [
          `the pull request of commit ${MERGE_SHA} could not be read (GitHub lists 250 of its 260 commits)`,
        ],
      },
    });
  });

  it("refuses when the pull request's commits cannot be read: any approver may have written one", async () => {
    approvedBy('rev');
    void github.script(/\/pulls\/\d+\/commits$/, 403, { message: 'Resource not accessible by integration' });
    const outcome = await offboard({});
    expectRefused(outcome);
    expect(errors(outcome).at(-1)).toMatch(/the github-token needs contents: read and pull-requests: read/);
  });

  it.each([
    [
      { approval: 'none', 'approval-environment': 'production' },
      'Input "approval-environment": names an environment, but approval is none; set approval: require, or remove it',
    ],
    [
      { 'approval-environment': 'production\nstaging' },
      'Input "approval-environment": is no environment name; give one name of at most 255 characters, on one line, as the job\'s environment: says, e.g. production',
    ],
  ])('refuses %o before any request', async (inputs, message) => {
    const outcome = await offboard(inputs);
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toBe(message);
    expect(turso.requests).toEqual([]);
    expect(github.requests).toEqual([]);
  });
});
