/**
 * `approval: require` applies only the plan that was approved: a push run whose commit is no
 * longer the head of its branch (a re-run of an old run) is refused, for its roster is older than
 * what was approved since. The bundle against the Turso and GitHub stand-ins, and src/main.ts.
 */
import { beforeEach, expect, it } from 'vitest';
import { errors, results } from '../support/action-results.ts';
import { GITHUB_TOKEN, GONE, OWNER_AND_STAYER, REPO } from '../support/audit-fixtures.ts';
import { removalOnEvent } from '../support/removal-run.ts';
import type { ActionRunner } from '../support/run-action.ts';
import { RUN_CONTEXT } from '../support/run-context.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'approved-plan-turso-token-0123';
/** The commit the push brought: the merge commit of the approved pull request. */
const MERGE_SHA = RUN_CONTEXT.GITHUB_SHA;
const BRANCH = `${REPO}/main`;

const turso = useStandIn({ token: TOKEN, orgs: { acme: [...OWNER_AND_STAYER, GONE] } });
const github = useGitHubStandIn(GITHUB_TOKEN);

beforeEach(() => {
  const pull = github.addPull(REPO, {
    author: 'dev',
    commits: ['c0ffee'],
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
