import { describe, expect, it } from 'vitest';
import { eventBranches, keepsDriftIssue, runPolicy, type RunFacts } from '../../src/model/run-policy.ts';

const MAIN = { ref: 'refs/heads/main', defaultBranch: 'main' };
const FEATURE = { ref: 'refs/heads/feature', defaultBranch: 'main' };

/** Each event with its payload's branches, and whether it runs the merged roster. */
const EVENTS: [string, Omit<RunFacts, 'dryRun' | 'approvalRefusal'>, boolean][] = [
  ['push to the default branch', { eventName: 'push', ...MAIN }, true],
  ['push to another branch', { eventName: 'push', ...FEATURE }, false],
  ['push whose payload names no default branch', { eventName: 'push', ref: MAIN.ref, defaultBranch: undefined }, false],
  ['workflow_dispatch on the default branch', { eventName: 'workflow_dispatch', ...MAIN }, true],
  ['workflow_dispatch on another ref', { eventName: 'workflow_dispatch', ...FEATURE }, false],
  [
    'workflow_dispatch on a tag',
    { eventName: 'workflow_dispatch', ref: 'refs/tags/main', defaultBranch: 'main' },
    false,
  ],
  ['schedule', { eventName: 'schedule', ...MAIN }, true],
  ['repository_dispatch', { eventName: 'repository_dispatch', ...MAIN }, true],
  ['pull_request', { eventName: 'pull_request', ...MAIN }, false],
  ['pull_request_target', { eventName: 'pull_request_target', ...MAIN }, false],
  ['pull_request_review', { eventName: 'pull_request_review', ...MAIN }, false],
  ['pull_request_review_comment', { eventName: 'pull_request_review_comment', ...MAIN }, false],
  ['merge_group', { eventName: 'merge_group', ...MAIN }, false],
  ['issue_comment', { eventName: 'issue_comment', ...MAIN }, false],
  ['workflow_run', { eventName: 'workflow_run', ...MAIN }, false],
  ['workflow_call (a name GitHub never gives)', { eventName: 'workflow_call', ...MAIN }, false],
  ['release', { eventName: 'release', ...MAIN }, false],
  ['no GITHUB_EVENT_NAME', { eventName: undefined, ...MAIN }, false],
];

const REFUSAL = 'no approval by someone other than the person who started the run';

/** What the approvals found, as the policy sees it: only `require` without an approval refuses. */
const APPROVALS: [string, string | undefined][] = [
  ['none', undefined],
  ['record', undefined],
  ['require, approval found', undefined],
  ['require, no approval found', REFUSAL],
];

describe('the run policy', () => {
  const table = EVENTS.flatMap(([event, facts, merged]) =>
    [false, true].flatMap((dryRun) =>
      APPROVALS.map(([approval, approvalRefusal]) => ({ event, facts, merged, dryRun, approval, approvalRefusal })),
    ),
  );

  it.each(table)('$event, dry-run $dryRun, approval $approval', ({ event, facts, merged, dryRun, approvalRefusal }) => {
    const policy = runPolicy({ ...facts, dryRun, approvalRefusal });
    if (!merged) {
      expect(policy).toMatchObject({ kind: 'plan-only', by: 'event' });
      expect(policy.reason).toContain(facts.eventName ?? 'no GITHUB_EVENT_NAME');
      expect(keepsDriftIssue(policy)).toBe(false);
      return;
    }
    if (dryRun) {
      expect(policy).toEqual({ kind: 'plan-only', by: 'dry-run', reason: 'dry-run is true' });
    } else if (approvalRefusal !== undefined) {
      expect(policy).toEqual({ kind: 'refused', reason: REFUSAL });
    } else {
      expect(policy).toMatchObject({ kind: 'apply' });
      expect(policy.reason).toContain(facts.eventName);
    }
    expect(keepsDriftIssue(policy), event).toBe(true);
  });
});

describe('the event payload', () => {
  it('reads ref and repository.default_branch', () => {
    expect(eventBranches({ ref: 'refs/heads/main', repository: { default_branch: 'main' } })).toEqual(MAIN);
  });

  it.each([undefined, null, 'text', { ref: 7, repository: 'acme' }, { ref: '', repository: { default_branch: '' } }])(
    'reads nothing it cannot trust from %j',
    (payload) => {
      expect(eventBranches(payload)).toEqual({ ref: undefined, defaultBranch: undefined });
    },
  );
});
