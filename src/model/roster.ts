/**
 * What an audit asks of GitHub, as plain interfaces: `github/` implements them and main.ts hands
 * them to the audit, so that operations never load GitHub's client themselves.
 */
import type { ApprovedPlan } from './approved-plan.ts';
import type { AuditPlan } from './audit-plan.ts';
import type { RosterEntry } from './roles.ts';
import type { RunContext } from './run-context.ts';
import type { MergedHead, PlanCommentTarget, TeamRef } from './settings.ts';

/**
 * The logins of the teams' members, and each login as a roster entry of its team (with the team's
 * role, if it names one); or why the roster cannot be trusted.
 */
export type TeamRosterRead = { logins: string[]; roster: RosterEntry[] } | { problems: string[] };

export interface DriftContext {
  org: string;
  repository: string;
  planOnly: boolean;
  /** The plan was refused (max-removals, or a keep list it cannot resolve), so nothing was removed. */
  refused: boolean;
  /** Deletions (memberships, invitations, tokens) done, roles lowered, and people not wholly offboarded. */
  done: { deletions: number; rolesLowered: number; failedPeople: number };
  run: RunContext;
  /** The `reference` input, if given: inert text wherever it is shown. */
  reference?: string;
}

export interface PlanCommentContext extends PlanCommentTarget {
  org: string;
  run: RunContext;
  reference?: string;
  /** Why the run on the merged roster would be refused (max-removals, a roster that reads as nobody). */
  wouldBeRefused?: string;
}

export type PlanCommentOutcome = { url: string } | { warning: string } | { failure: string };

export interface AuditGitHub {
  readTeams(teams: readonly TeamRef[]): Promise<TeamRosterRead>;
  /** Opens, updates or closes the drift issue; resolves to its URL while drift remains, else ''. */
  keepDriftIssue(plan: AuditPlan, context: DriftContext): Promise<string>;
  /**
   * Writes or updates the plan comment: its URL, or why not: a `warning` when GitHub refused the
   * token (the step's outcome stays as it is), a `failure` otherwise.
   */
  keepPlanComment(plan: AuditPlan, context: PlanCommentContext): Promise<PlanCommentOutcome>;
  /** Marks the plan comment, if any, stale: this run stopped before planning, for `why`. */
  markPlanCommentStale(context: PlanCommentContext, why: string): Promise<PlanCommentOutcome>;
  /** The plan the merged pull request showed its reviewers, or why there is none (a failed read included). */
  readApprovedPlan(repository: string, pull: MergedHead, org: string): Promise<ApprovedPlan | string>;
}
