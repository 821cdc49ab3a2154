/**
 * Who approved a run, as GitHub shows it: the reviews of the pull request a pushed commit came
 * from, and the approvals of the environments the job waited for. `approval: require` acts only
 * when someone other than the person who started the run, and other than the pull request's
 * author, approved it (four eyes); what could not be read counts as no approval.
 */
import { sameName } from './names.ts';
import type { PersonResult } from './people.ts';

export type ApprovalPolicy = 'none' | 'record' | 'require';

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
  approvals: ReviewApproval[];
}

/** One review of a deployment to the job's environments. GitHub gives it no time. */
export interface EnvironmentApproval {
  login: string;
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
  /** When the step started: environment approvals come before it, and GitHub gives them no time. */
  stepStartedAt: string;
}

/**
 * The logins of the approvals that count for four eyes: a review approval of the pull request,
 * or an approved environment review, by someone other than the actor and the pull request's
 * author. None when the actor is unknown, or the pull request of a push could not be read (its
 * author unknown): nobody can be told apart from them.
 */
export function independentApprovers(record: ApprovalRecord): string[] {
  const { actor } = record;
  if (actor === undefined || record.pullRequest === undefined) return [];
  const author = record.pullRequest?.author;
  const logins = [
    ...(record.pullRequest?.approvals ?? []).map((a) => a.login),
    ...(record.environmentApprovals ?? []).filter((a) => a.state === 'approved').map((a) => a.login),
  ];
  // A login GitHub did not show ('') is nobody's.
  const others = logins.filter(
    (login) => login !== '' && !sameName(login, actor) && (author === undefined || !sameName(login, author)),
  );
  return [...new Set(others)];
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
  return `${parts.join('; ')}; started by ${record.actor ?? 'an unknown actor (GITHUB_ACTOR is not set)'}`;
}

/**
 * Why `approval: require` refuses the run, or undefined when it may go on: at least one approval
 * from someone other than the actor and the pull request's author.
 */
export function approvalRefusal(record: ApprovalRecord): string | undefined {
  if (record.policy !== 'require' || independentApprovers(record).length > 0) return undefined;
  const unread = record.unavailable.length === 0 ? '' : ` (${record.unavailable.join('; ')})`;
  return `approval: require found no approval by someone other than the person who started the run and the pull request's author: ${describeApprovals(record)}${unread}. Merge the change through a pull request someone else approves, or run the job in an environment with required reviewers`;
}

/** A person's result once `approval: require` refused the run: failed, with what was planned for them kept. */
export function refusedResult(result: PersonResult, refusal: string): PersonResult {
  const why = `not carried out: ${refusal}`;
  return { ...result, result: 'failed', error: why, problems: { ...result.problems, others: [why] } };
}
