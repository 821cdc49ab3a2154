/**
 * `approval: require` applies only the plan that was approved: a push run whose commit is no
 * longer the head of its branch (a re-run of an old run) is refused, for its roster is older than
 * what was approved since; an audit pushed applies its plan only when the merged pull request's
 * plan comment, planned for the head commit merged, showed every row of it. The bundle against
 * the Turso and GitHub stand-ins, and src/main.ts.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import type { PullRequest } from '../stand-in/github.ts';
import { errors, results } from '../support/action-results.ts';
import { GITHUB_TOKEN, GONE, OWNER_AND_STAYER, REPO } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { removalOnEvent } from '../support/removal-run.ts';
import { standInInputs, type ActionRunner } from '../support/run-action.ts';
import { RUN_CONTEXT } from '../support/run-context.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'approved-plan-turso-token-0123';
/** The commit the push brought: the merge commit of the approved pull request. */
const MERGE_SHA = RUN_CONTEXT.GITHUB_SHA;
const BRANCH = `${REPO}/main`;

/** The pull request's last head commit, the one merged. */
const PR_HEAD = 'b0b0b0b0';

const turso = useStandIn({
  token: TOKEN,
  orgs: { acme: [...OWNER_AND_STAYER, GONE, { username: 'bob', role: 'member', email: 'bob@acme.test' }] },
});
const github = useGitHubStandIn(GITHUB_TOKEN);

let pull: PullRequest;
beforeEach(() => {
  pull = github.addPull(REPO, {
    author: 'dev',
    commits: ['c0ffee'],
    head: PR_HEAD,
    merged: { sha: MERGE_SHA, at: '2026-12-02T09:00:00Z', by: 'lead' },
  });
  pull.reviews.push({ login: 'rev', state: 'APPROVED', submittedAt: '2026-12-01T10:00:00Z' });
});

const tursoWrites = () => turso.requests.filter((r) => r.method !== 'GET');

const offboard = (runWith: ActionRunner, env: Record<string, string> = {}) =>
  removalOnEvent(runWith, { turso, github, token: TOKEN }, { approval: 'require' }, 'push', env);

bundleAndSource('the commit run is the branch head', (runWith) => {
  it('refuses a re-run of an old push run: its commit is no longer the head of the branch', async () => {
    github.branches.set(BRANCH, 'later-merge-commit');
    const outcome = await offboard(runWith, { GITHUB_RUN_ATTEMPT: '2', GITHUB_TRIGGERING_ACTOR: 'lead' });
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'failed' }]);
    expect(errors(outcome).at(-1)).toMatch(
      new RegExp(`commit ${MERGE_SHA}: it is no longer the head of branch main \\(later-merge-commit\\)`),
    );
    expect(outcome.evidence).toMatchObject({
      approval: { branchHead: { branch: 'main', commit: MERGE_SHA, head: 'later-merge-commit' } },
    });
  });

  it('refuses when the head of the branch cannot be read, saying what the token needs', async () => {
    void github.script(/\/branches\/main$/, 403, { message: 'Resource not accessible by integration' });
    const outcome = await offboard(runWith);
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(errors(outcome).at(-1)).toMatch(/could not read the head of branch main/);
    expect(errors(outcome).at(-1)).toMatch(/the github-token needs contents: read/);
  });

  it('applies the approved commit while it is the head of its branch', async () => {
    github.branches.set(BRANCH, MERGE_SHA);
    const outcome = await offboard(runWith);
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'removed' }]);
    expect(outcome.evidence).toMatchObject({
      approval: { branchHead: { branch: 'main', commit: MERGE_SHA, head: MERGE_SHA } },
    });
  });
});

/** A pull_request event's payload for the pull request at head commit `head`, as the runner leaves it. */
async function pullRequestEvent(head: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'approved-plan-')), 'event.json');
  await writeFile(
    path,
    JSON.stringify({ action: 'synchronize', pull_request: { number: pull.number, head: { sha: head } } }),
  );
  return path;
}

bundleAndSource('the plan that runs is the plan that was approved', (runWith) => {
  const audit = (keep: string, inputs: Record<string, string>, env: Record<string, string>) =>
    runWith({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, { keep, 'github-token': GITHUB_TOKEN, ...MEMBERSHIP_ONLY, ...inputs }),
      env: { GITHUB_API_URL: github.url, ...env },
    });
  /** The plan written on the pull request by its run at head commit `head`, as a reviewer sees it. */
  const planOnPullRequest = async (keep: string, head = PR_HEAD) => {
    const planned = await audit(
      keep,
      { 'pr-comment': 'true' },
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: await pullRequestEvent(head) },
    );
    expect(planned.exitCode).toBe(0);
    expect(pull.comments).toHaveLength(1);
  };
  const pushed = (keep: string) => audit(keep, { approval: 'require' }, { GITHUB_EVENT_NAME: 'push' });
  const commentUrl = () =>
    `https://github.example/${REPO}/pull/${pull.number}#issuecomment-${pull.comments[0]?.id ?? 0}`;

  it('applies the plan the merged pull request showed, and records it', async () => {
    await planOnPullRequest('root, stays, gone');
    const outcome = await pushed('root, stays, gone');
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toMatchObject([{ username: 'bob', result: 'removed' }]);
    expect(outcome.evidence).toMatchObject({
      approval: { approvedPlan: { url: commentUrl(), head: PR_HEAD, rows: ['remove bob'] } },
    });
  });

  it('refuses a row the reviewer never saw: a removal pushed straight to the branch under a pull request that only adds carol', async () => {
    // The pull request, made before bob was dropped from the roster on the branch, only adds carol.
    await planOnPullRequest('root, stays, gone, bob, carol');
    const outcome = await pushed('root, stays, gone, carol');
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(results(outcome)).toMatchObject([{ username: 'bob', result: 'failed' }]);
    expect(errors(outcome).at(-1)).toMatch(/did not show, which nobody approved: remove bob\b/);
    expect(outcome.evidence).toMatchObject({
      policy: { kind: 'refused' },
      approval: { approvedPlan: { url: commentUrl(), head: PR_HEAD, rows: [] } },
    });
  });

  it('takes a plan of an earlier push to the pull request for no approved plan', async () => {
    await planOnPullRequest('root, stays, gone', 'a1a1a1a1');
    const outcome = await pushed('root, stays, gone');
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(errors(outcome).at(-1)).toMatch(
      new RegExp(`was planned for commit a1a1a1a1, not for the head commit merged \\(${PR_HEAD}\\)`),
    );
  });

  it('refuses when the pull request has no plan comment, saying to post the plan on pull requests', async () => {
    const outcome = await pushed('root, stays, gone');
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(results(outcome)).toMatchObject([{ username: 'bob', result: 'failed' }]);
    expect(errors(outcome).at(-1)).toMatch(/has no plan comment: post the plan on pull requests \(pr-comment/);
  });

  it('refuses a push whose commit came from no merged pull request, an environment approval or not', async () => {
    delete pull.merged;
    github.branches.set(BRANCH, MERGE_SHA);
    github.runReviews.set(`${REPO}/${RUN_CONTEXT.GITHUB_RUN_ID}`, [
      { login: 'ops', state: 'approved', environments: ['production'], comment: '' },
    ]);
    const outcome = await audit(
      'root, stays, gone',
      { approval: 'require', 'approval-environment': 'production' },
      { GITHUB_EVENT_NAME: 'push' },
    );
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(errors(outcome).at(-1)).toMatch(/came from no merged pull request, so nobody approved its plan/);
  });

  it('takes a plan marked stale by a later run on the pull request for no approved plan', async () => {
    await planOnPullRequest('root, stays, gone');
    // As a later run on the pull request that failed before planning marks it.
    const comment = pull.comments[0];
    if (comment !== undefined) comment.body = comment.body.replace('\n', '\n**Stale:** a later run failed\n');
    const outcome = await pushed('root, stays, gone');
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(errors(outcome).at(-1)).toMatch(/is marked stale/);
  });
});
