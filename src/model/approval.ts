/**
 * Who approved a run, as GitHub shows it: the reviews of the pull request a pushed commit came
 * from, and the approvals of the environment named by `approval-environment`. `approval: require`
 * acts only when someone with write access to the repository approved it who had no hand in the
 * change or the run: not a bot, not who started or re-ran the run, not the pull request's author,
 * nor an author or committer of its commits (four eyes); what could not be read counts as none.
 */
import type { ApprovedPlan } from './approved-plan.ts';
import { sameName } from './names.ts';
import type { ApprovalPolicy } from './settings.ts';
import { personResult, type PersonResult } from './people.ts';

/** A reviewer whose latest review of the pull request approves it. */
export interface ReviewApproval {
  login: string;
  /** When the review was submitted, ISO 8601. */
  submittedAt: string;
}

/** The merged pull request a pushed commit came from. */
export interface MergedPullRequest {
  number: number;
  url: string;
  author: string;
  mergedBy?: string;
  mergedAt: string;
  /** Its last head commit, the one merged ('' when GitHub did not show it). */
  head: string;
  approvals: ReviewApproval[];
  /** Who wrote or committed its commits, as GitHub links them to accounts. */
  contributors: string[];
}

/** One review of a deployment to the job's environments. GitHub gives it no time. */
export interface EnvironmentApproval {
  login: string;
  /** A GitHub App or bot account: no second pair of eyes. */
  bot: boolean;
  state: string;
  environments: string[];
  comment: string;
}

/** What the look-ups found; each part is undefined when it could not be read (see `unavailable`). */
export interface ApprovalRecord {
  policy: Exclude<ApprovalPolicy, 'none'>;
  /** `null`: the commit came from no merged pull request (or the run is not a push). */
  pullRequest?: MergedPullRequest | null;
  environmentApprovals?: EnvironmentApproval[];
  /** Each look-up that failed: what it was, why, and the permission it needs. */
  unavailable: string[];
  /** Who started the run (GITHUB_ACTOR). */
  actor?: string;
  /** Who started this attempt of it, a re-run's (GITHUB_TRIGGERING_ACTOR). */
  triggeringActor?: string;
  /** The environment whose approvals count (`approval-environment`); absent: none does. */
  environment?: string;
  /**
   * Each approver's permission on the repository (Get Repository Permissions for a User):
   * `admin`, `maintain`, `write`, `triage`, `read`, `none`, or '' when it could not be read.
   */
  permissions: { login: string; permission: string }[];
  /** When the step started: environment approvals come before it, and GitHub gives them no time. */
  stepStartedAt: string;
  /**
   * For a push under `approval: require`: the commit the run is for (GITHUB_SHA), its branch,
   * and the branch's head as read now ('' when it could not be read, see `unavailable`).
   */
  branchHead?: { branch: string; commit: string; head: string };
  /** The plan the merged pull request showed its reviewers, when the audit found it. */
  approvedPlan?: ApprovedPlan;
}

/** The permissions whose holder may approve: they can change the repository, the roster with it. */
const WRITERS = new Set(['admin', 'maintain', 'write']);

/**
 * The logins of the approvals that count for four eyes before their permission is read: a review
 * approval of the pull request, or an approval of the environment `approval-environment` names,
 * by someone who is not a bot, not who started or re-ran the run, not the pull request's author
 * nor an author or committer of its commits. None when the actors are unknown, or the pull
 * request of a push could not be read (its people unknown): nobody can be told apart from them.
 */
export function candidateApprovers(record: ApprovalRecord): string[] {
  const { actor, environment } = record;
  if (actor === undefined || record.pullRequest === undefined) return [];
  const pr = record.pullRequest;
  const involved = [actor, record.triggeringActor, pr?.author, ...(pr?.contributors ?? [])].filter(
    (login) => login !== undefined && login !== '',
  );
  const logins = [
    ...(pr?.approvals ?? []).map((a) => a.login),
    ...(environment === undefined ? [] : (record.environmentApprovals ?? []))
      .filter((a) => a.state === 'approved' && !a.bot && a.environments.some((e) => sameName(e, environment)))
      .map((a) => a.login),
  ];
  // A login GitHub did not show ('') is nobody's.
  const others = logins.filter((login) => login !== '' && !involved.some((name) => sameName(login, name)));
  return others.filter((login, i) => others.findIndex((other) => sameName(other, login)) === i);
}

/** The approvers that count: the candidates whose write access to the repository was read. */
export function independentApprovers(record: ApprovalRecord): string[] {
  return candidateApprovers(record).filter((login) =>
    record.permissions.some((p) => sameName(p.login, login) && WRITERS.has(p.permission)),
  );
}

/** What the look-ups found, in words: for the refusal and the log. */
export function describeApprovals(record: ApprovalRecord): string {
  const pr = record.pullRequest;
  const parts = [
    pr === undefined
      ? 'the pull request could not be read'
      : pr === null
        ? 'no merged pull request'
        : `pull request #${pr.number} by ${pr.author}, ${pr.approvals.length === 0 ? 'approved by nobody' : `approved by ${pr.approvals.map((a) => a.login).join(', ')}`}`,
    record.environmentApprovals === undefined
      ? 'the environment approvals could not be read'
      : record.environmentApprovals.length === 0
        ? 'no environment approval'
        : `environment reviews by ${record.environmentApprovals.map((a) => `${a.login} (${a.state})`).join(', ')}`,
  ];
  const rerun =
    record.triggeringActor === undefined || sameName(record.triggeringActor, record.actor)
      ? ''
      : `, this attempt by ${record.triggeringActor}`;
  return `${parts.join('; ')}; started by ${record.actor ?? 'an unknown actor (GITHUB_ACTOR is not set)'}${rerun}; environment approvals count for ${record.environment ?? 'no environment (approval-environment is empty)'}`;
}

/** Who an approval that counts comes from, in words: for the refusal and the summary. */
export const INDEPENDENT =
  "someone with write access to the repository other than a bot, the run's actors, and the pull request's author and committers";

/**
 * Why a push run is no longer the one approved: a re-run of an old run is of a commit that is no
 * longer its branch's head, and would apply an old roster over changes approved since.
 */
function staleCommit({ branchHead, unavailable }: ApprovalRecord): string | undefined {
  if (branchHead === undefined || branchHead.head === branchHead.commit) return undefined;
  const rerun = 'Run the workflow on the branch head instead of re-running an old run';
  return branchHead.head === ''
    ? `approval: require could not read the head of branch ${branchHead.branch}, so whether commit ${branchHead.commit} is still its head is unknown (${unavailable.join('; ')}). ${rerun}`
    : `approval: require refuses commit ${branchHead.commit}: it is no longer the head of branch ${branchHead.branch} (${branchHead.head}), so this run (a re-run of an old run) would apply an old roster. ${rerun}`;
}

/** Why `approval: require` refuses the run, or undefined when it may go on: at least one approval that counts, for the branch head. */
export function approvalRefusal(record: ApprovalRecord): string | undefined {
  if (record.policy !== 'require') return undefined;
  const stale = staleCommit(record);
  if (stale !== undefined) return stale;
  if (independentApprovers(record).length > 0) return undefined;
  const unread = record.unavailable.length === 0 ? '' : ` (${record.unavailable.join('; ')})`;
  return `approval: require found no approval by ${INDEPENDENT}: ${describeApprovals(record)}${unread}. Merge the change through a pull request another person with write access approves, or run the job in an environment with required reviewers and name it in approval-environment`;
}

/** A person's result once `approval: require` refused the run: failed, with what was planned for them kept. */
export function refusedResult(result: PersonResult, refusal: string): PersonResult {
  return personResult({ ...result, refusal });
}
