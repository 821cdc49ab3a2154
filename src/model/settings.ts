/** What a run is asked to do, as the inputs said it: the mode and how to carry it out. */
import type { RemovalLimit } from './removal-limit.ts';
import type { AssignableRole, RosterEntry } from './roles.ts';
import type { RunPolicy } from './run-policy.ts';

export type IfNotMember = 'error' | 'warn' | 'ignore';

/** Offboard these people: Turso usernames or emails. */
export interface RemoveMode {
  kind: 'remove';
  entries: string[];
  /** Lower each person to this role instead of removing them. */
  demoteTo?: AssignableRole;
}

/** Remove every member who is not on the keep list (owners excepted). */
export interface AuditMode {
  kind: 'audit';
  /** From keep and keep-file; the members of `githubTeams` are added when the audit runs. */
  keep: string[];
  /** The entries of keep and keep-file, each with the highest role it allows, if it names one. */
  roster: RosterEntry[];
  githubTeams: TeamRef[];
  /** Keep an issue in `repository` that shows the drift until it is gone. */
  driftIssue: { repository: string } | undefined;
  maxRemovals: RemovalLimit;
  /** Pending invitations younger than this many days are kept; 0 revokes them whatever their age. */
  inviteGraceDays: number;
  /** Write the plan on this pull request (a `pull_request` run with pr-comment). */
  planComment?: PlanCommentTarget;
  /**
   * A push under `approval: require`: the merged pull request whose plan comment the plan
   * must be contained in (`null`: the commit came from none, so no plan was approved).
   */
  approvedPlanOf?: { repository: string; pullRequest: MergedHead | null };
}

/** A merged pull request, as its approved plan is looked for: its number and the head commit merged. */
export interface MergedHead {
  number: number;
  head: string;
}

/** Where the plan comment goes: the pull request of a `pull_request` or `pull_request_target` run. */
export interface PlanCommentTarget {
  repository: string;
  pullRequest: number;
  /** The pull request's head commit the plan is for (the event payload's `pull_request.head.sha`). */
  head?: string;
}

/** Rotate the groups' database tokens and nothing else: how a failed rotation is finished. */
export interface RotateMode {
  kind: 'rotate';
}

export type RunMode = RemoveMode | AuditMode | RotateMode;

/** A GitHub team, `org/team-slug`. */
export interface TeamRef {
  org: string;
  slug: string;
  /** The highest role the team's members may hold; none: no limit. */
  role?: AssignableRole;
}

/** How either mode carries out its plans, and what besides memberships it revokes. */
export interface RunSettings {
  /** What this run may do: only `apply` sends a change. */
  policy: RunPolicy;
  ifNotMember: IfNotMember;
  revokeInvites: boolean;
  revokeApiTokens: boolean;
  /** Look for the audit-log entry of each removal. */
  auditLog: boolean;
}
