/**
 * Turso is changed only on events that run a merged roster: a push to the default branch,
 * schedule, workflow_dispatch and repository_dispatch on it. Any other event, a push or a dispatch
 * on another ref, and a run with no GITHUB_EVENT_NAME only plan, whatever dry-run, approval and
 * pr-comment say, and keep no drift issue. The bundle against the Turso and GitHub stand-ins, with
 * the event and its payload as the runner gives them, and src/main.ts in this process.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { results } from '../support/action-results.ts';
import { DRIFT_MARKER, GITHUB_TOKEN, GONE, OWNER_AND_STAYER, REPO } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'run-policy-turso-token-0123';

const turso = useStandIn({ token: TOKEN, orgs: { acme: [...OWNER_AND_STAYER, GONE] } });
const github = useGitHubStandIn(GITHUB_TOKEN);

const tursoWrites = () => turso.requests.filter((r) => r.method !== 'GET');
const driftIssues = () => (github.issues.get(REPO) ?? []).filter((issue) => issue.body.startsWith(DRIFT_MARKER));

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'run-policy-event-'));
});

/** The event's payload written where the runner leaves it (GITHUB_EVENT_PATH). */
async function payloadFile(payload: object): Promise<string> {
  const path = join(folder, `event-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(payload));
  return path;
}

const ON_MAIN = { repository: { full_name: REPO, default_branch: 'main' } };

/** Events whose roster may not be merged, each with a payload as GitHub sends it. */
const UNMERGED: [string, string, object][] = [
  ['merge_group', 'merge_group', { ...ON_MAIN, merge_group: { head_ref: 'refs/heads/gh-readonly-queue/main/pr-7' } }],
  ['issue_comment on a pull request', 'issue_comment', { ...ON_MAIN, issue: { number: 7, pull_request: {} } }],
  ['workflow_run', 'workflow_run', { ...ON_MAIN, workflow_run: { head_branch: 'feature' } }],
  ['a push to another branch', 'push', { ...ON_MAIN, ref: 'refs/heads/feature' }],
  ['a workflow_dispatch on another ref', 'workflow_dispatch', { ...ON_MAIN, ref: 'refs/heads/feature' }],
];

bundleAndSource('Turso changed only on events that run a merged roster', (runWith) => {
  const audit = (inputs: Record<string, string>, env: Record<string, string>) =>
    runWith({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, {
        keep: 'stays',
        'github-token': GITHUB_TOKEN,
        'pr-comment': 'true',
        'drift-issue': 'true',
        ...MEMBERSHIP_ONLY,
        ...inputs,
      }),
      env: { GITHUB_API_URL: github.url, ...env },
    });

  it.each(
    UNMERGED.flatMap(([what, event, payload]) => ['none', 'record'].map((a) => [what, a, event, payload] as const)),
  )(
    'an audit on %s, with approval: %s, only plans and keeps no drift issue',
    async (_what, approval, event, payload) => {
      const outcome = await audit(
        { approval, 'dry-run': 'false' },
        { GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: await payloadFile(payload) },
      );
      expect(tursoWrites()).toEqual([]);
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'would-remove' }]);
      expect(driftIssues()).toEqual([]);
      const notices = outcome.annotations.filter((a) => a.level === 'notice' && a.message.startsWith('Nothing is'));
      expect(notices).toHaveLength(1);
      expect(notices[0]?.message).toContain(event);
      expect(outcome.evidence).toMatchObject({ planOnly: true, policy: { kind: 'plan-only', by: 'event' } });
      expect(outcome.summary).toContain('Run policy: <code>plan-only</code>');
    },
  );

  it('an audit with no GITHUB_EVENT_NAME only plans', async () => {
    const outcome = await audit({ 'dry-run': 'false' }, { GITHUB_EVENT_NAME: '' });
    expect(tursoWrites()).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    expect(driftIssues()).toEqual([]);
    expect(outcome.evidence).toMatchObject({
      policy: { kind: 'plan-only', by: 'event', reason: expect.stringContaining('no GITHUB_EVENT_NAME') as unknown },
    });
  });

  it('a removal (username) on merge_group only plans', async () => {
    const outcome = await runWith({
      inputs: standInInputs(turso, TOKEN, { username: 'gone', 'dry-run': 'false', ...MEMBERSHIP_ONLY }),
      env: { GITHUB_EVENT_NAME: 'merge_group', GITHUB_EVENT_PATH: await payloadFile(ON_MAIN) },
    });
    expect(tursoWrites()).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'would-remove' }]);
  });

  it('an audit on a push to the default branch changes Turso and keeps the drift issue', async () => {
    const outcome = await audit(
      { 'dry-run': 'false', 'pr-comment': 'false' },
      { GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: await payloadFile({ ...ON_MAIN, ref: 'refs/heads/main' }) },
    );
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'removed' }]);
    expect(tursoWrites()).not.toEqual([]);
    expect(outcome.evidence).toMatchObject({ planOnly: false, policy: { kind: 'apply' } });
    expect(outcome.summary).toContain('Run policy: <code>apply</code>');
  });

  it('a dry run on schedule changes nothing and still keeps the drift issue', async () => {
    const outcome = await audit({ 'dry-run': 'true', 'pr-comment': 'false' }, { GITHUB_EVENT_NAME: 'schedule' });
    expect(outcome.exitCode).toBe(0);
    expect(tursoWrites()).toEqual([]);
    expect(driftIssues()).toHaveLength(1);
    expect(outcome.evidence).toMatchObject({
      planOnly: true,
      policy: { kind: 'plan-only', by: 'dry-run', reason: 'dry-run is true' },
    });
  });
});
