/** What a run is asked to do, as the inputs said it: the job and how to carry it out. */
import type { RemovalLimit } from './removal-limit.ts';
import type { AssignableRole, RosterEntry } from './roles.ts';
import type { RunPolicy } from './run-policy.ts';

export type IfNotMember = 'error' | 'warn' | 'ignore';

export type ApprovalPolicy = 'none' | 'record' | 'require';

/** Offboard these people: Turso usernames or emails. */
export interface RemoveJob {
  kind: 'remove';
  entries: string[];
}

/** Lower these people (Turso usernames or emails) to `role`. */
export interface DemoteJob {
  kind: 'demote';
  entries: string[];
  role: AssignableRole;
}

/** Remove every member who is not on the keep list (owners excepted). */
export interface AuditJob {
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
  /** pr-comment: write the plan on the pull request of a pull-request run. */
  prComment: boolean;
  /** Write the plan on this pull request (a `pull_request` run with pr-comment). */
  planComment?: PlanCommentTarget;
  /**
   * A push under `approval: require`: the merged pull request whose plan comment the plan
   * must be contained in (`null`: the commit came from none, so no plan was approved).
   */
  approvedPlanOf?: { repository: string; pullRequest: MergedHead | null };
  /** When the run started (the job sets it, not an input): the day roster entries expire by. */
  startedAt?: Date;
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
export interface RotateJob {
  kind: 'rotate';
}

/** Read the whole organization and report it against the roster, if one is given; change nothing. */
export interface ReportJob {
  kind: 'report';
  /** As an audit's (all empty: no roster given). */
  keep: string[];
  roster: RosterEntry[];
  githubTeams: TeamRef[];
  /** A member with no audit-log entry as author within this many days is a finding. */
  inactiveDays: number;
  /** A pending invitation older than this many days is a finding. */
  inviteGraceDays: number;
}

/** The job a run does: each is an action of its own. */
export type Job = RemoveJob | AuditJob | DemoteJob | RotateJob | ReportJob;
export type JobName = Job['kind'];

/** A GitHub team, `org/team-slug`. */
export interface TeamRef {
  org: string;
  slug: string;
  /** The highest role the team's members may hold; none: no limit. */
  role?: AssignableRole;
  /** The day (YYYY-MM-DD) from which the team's line keeps no one. */
  until?: string;
}

/** How a job carries out its plans, and what besides memberships it revokes. */
export interface RunSettings {
  /** What this run may do: only `apply` sends a change. */
  policy: RunPolicy;
  ifNotMember: IfNotMember;
  revokeInvites: boolean;
  revokeApiTokens: boolean;
  /** Look for the audit-log entry of each removal. */
  auditLog: boolean;
}

/** Everything the inputs say, read and checked once: what a run starts from. */
export interface RunInputs {
  org: string;
  job: Job;
  token: string;
  apiUrl: URL;
  /** Only plan: with the event and the approvals, it makes the run's policy. */
  dryRun: boolean;
  /** How the job is carried out, but for the run's policy (decided once the approvals are read). */
  settings: Omit<RunSettings, 'policy'>;
  /** Groups whose database auth tokens are rotated: after a removal, or (rotate) by themselves. */
  rotateGroupTokens: string[];
  /** The token for GitHub; empty when no feature of this run uses GitHub. */
  githubToken: string;
  retries: number;
  requestTimeoutMs: number;
  /** Turso requests on the wire at once. */
  concurrency: number;
  /** Look up who approved the run, and with `require` refuse a run nobody else approved. */
  approval: ApprovalPolicy;
  /** The environment whose reviewers' approvals count; '' when environment approvals do not. */
  approvalEnvironment: string;
  /** A ticket or change number that travels with the run, as given. */
  reference: string | undefined;
}
