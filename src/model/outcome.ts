/** What a run found out and did, as the operations hand it to reporting. */
import type { ApprovalRecord } from './approval.ts';
import type { ApprovedPlan } from './approved-plan.ts';
import { countOf, plannedDeletions, type AuditPlan } from './audit-plan.ts';
import type { TokenUser } from './organization.ts';
import type { PersonResult, RotationResult } from './people.ts';
import type { RunPolicy } from './run-policy.ts';
import type { JobName } from './settings.ts';

/** What a removal or an audit found out and did, before verification. */
export interface JobOutcome {
  /** An audit only; undefined when the organization could not be read. */
  plan?: AuditPlan;
  results: PersonResult[];
  /** The user whose token runs the action, when Get Current User could be read. */
  tokenUser?: TokenUser;
  /** Why the audit stopped before removing anyone. */
  problem?: string;
  /** The drift issue's URL while drift remains; '' when there is none; undefined when not kept. */
  driftIssueUrl?: string;
  /** The plan comment on the pull request, once written. */
  planCommentUrl?: string;
  /** Why a real run would be refused, found by a run that only plans (max-removals, a roster of nobody). */
  wouldBeRefused?: string;
  /** The run policy once the plan is known, refused when it is not the approved plan. */
  policy?: RunPolicy;
  /** The plan the merged pull request showed its reviewers (a push under `approval: require`). */
  approvedPlan?: ApprovedPlan;
  /** The writes to GitHub that failed (the audit itself is done). */
  githubFailures?: GitHubWriteFailure[];
}

/** A write to GitHub that failed, and why. */
export interface GitHubWriteFailure {
  write: 'drift-issue' | 'plan-comment';
  error: string;
  /**
   * False only for a plan comment GitHub refused the token (a fork's pull request): the plan is
   * still in the summary and outputs, so that is a warning.
   */
  failsStep: boolean;
}

/** Everything a run found out, for the outputs and the summary. */
export interface RunReport {
  results: readonly PersonResult[];
  /** An audit only. */
  plan?: AuditPlan | undefined;
  /** Why the run stopped before removing anyone, if it did. */
  problem?: string | undefined;
  rotations: readonly RotationResult[];
  /** Audit with drift-issue only: the open drift issue, or '' when there is none. */
  driftIssueUrl?: string | undefined;
  /** The job was cancelled (SIGINT or SIGTERM): nothing was sent after that. */
  cancelled?: boolean;
  /** Pull-request runs with pr-comment only: the plan comment. */
  planCommentUrl?: string | undefined;
  /** The writes to GitHub (drift issue, plan comment) that failed. */
  githubFailures?: readonly GitHubWriteFailure[] | undefined;
  /** What approval found; undefined with `approval: none`. */
  approval?: ApprovalRecord | undefined;
  /** The `reference` input, if given. */
  reference?: string | undefined;
}

/** The deletions done: memberships removed, invitations and tokens revoked. */
export function deletionsDone(results: readonly PersonResult[]): number {
  return results.reduce(
    (n, r) =>
      n +
      (r.membership === 'removed' ? 1 : 0) +
      (r.invite === 'revoked' ? 1 : 0) +
      r.tokens.filter((t) => t.result === 'revoked').length,
    0,
  );
}

/** What a cancelled run of `job` did, counted from its results: "cancelled after removing 1 of 6". */
export function cancelledAfter(report: Pick<RunReport, 'plan' | 'results' | 'rotations'>, job: JobName): string {
  const { plan, results, rotations } = report;
  const rest = 'nothing more was sent';
  if (plan !== undefined) {
    const lowering = countOf(plan, 'demote');
    const roles =
      lowering === 0
        ? ''
        : `, and lowering ${results.filter((r) => r.result === 'demoted').length} of ${lowering} role(s)`;
    return `The run was cancelled after removing ${deletionsDone(results)} of ${plannedDeletions(plan)} (memberships, invitations and tokens the audit planned)${roles}; ${rest}`;
  }
  if (job === 'rotate') {
    const rotated = rotations.filter((r) => r.result === 'rotated').length;
    return `The run was cancelled after rotating ${rotated} of ${rotations.length} group(s); ${rest}`;
  }
  const people = (doing: string, done: PersonResult['result']) =>
    `The run was cancelled after ${doing} ${results.filter((r) => r.result === done).length} of ${results.length} person(s); ${rest}`;
  if (results.length === 0) {
    return `The run was cancelled before ${job === 'demote' ? 'any role was lowered' : 'anything was removed'}; ${rest}`;
  }
  if (job === 'demote') return people('lowering', 'demoted');
  return people('offboarding', 'removed');
}
