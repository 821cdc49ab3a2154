/**
 * Who approved the run, read from GitHub: for a push, the merged pull request the commit came
 * from (who wrote it, who committed to it, who merged it, who approved it); for any run, the
 * approvals of the environments its jobs waited for; then, once per approver who may count, their
 * permission on the repository. Each look-up that fails is recorded as unavailable, with the
 * permission it needs, and the others are still recorded.
 */
import {
  candidateApprovers,
  type ApprovalRecord,
  type EnvironmentApproval,
  type MergedPullRequest,
  type ReviewApproval,
} from '../model/approval.ts';
import type { ApprovalPolicy } from '../model/settings.ts';
import type { RunContext } from '../model/run-context.ts';
import { errorStatus, errorText, type GitHubClient } from './client.ts';

/** Review states that settle a reviewer's verdict; a comment leaves an earlier approval standing, as on GitHub. */
const VERDICTS = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

/** A field of GitHub's answer as text; '' when it is missing or not text, which counts for no one. */
const text = (value: unknown) => (typeof value === 'string' ? value : '');

interface ListedReview {
  user?: { login?: string; type?: string } | null;
  state?: string;
  submitted_at?: string | null;
  commit_id?: string | null;
}

/**
 * The people whose latest verdict approves the commit that was merged (`head`), each with when
 * they approved. An approval of an earlier commit is stale: the author pushed after it, as GitHub's
 * "dismiss stale approvals" has it. A bot's review is no second pair of eyes: a workflow whose
 * token may approve pull requests approves its author's.
 */
export function latestApprovals(reviews: readonly ListedReview[], head: string): ReviewApproval[] {
  const latest = new Map<string, ListedReview>();
  for (const review of reviews) {
    const login = text(review.user?.login);
    if (login === '' || review.user?.type === 'Bot' || !VERDICTS.has(review.state ?? '')) continue;
    latest.set(login.toLowerCase(), review);
  }
  return [...latest.values()].flatMap((review) =>
    review.state === 'APPROVED' && head !== '' && text(review.commit_id) === head
      ? [{ login: text(review.user?.login), submittedAt: text(review.submitted_at) }]
      : [],
  );
}

function unavailable(what: string, permissions: string, error: unknown): string {
  const status = errorStatus(error);
  const refused = status === 401 || status === 403 || status === 404;
  return `${what} could not be read (${errorText(error)})${refused ? `; the github-token needs ${permissions}` : ''}`;
}

async function mergedPullRequest(
  github: GitHubClient,
  owner: string,
  repo: string,
  sha: string,
): Promise<MergedPullRequest | null> {
  const associated = await github.paginate(github.rest.repos.listPullRequestsAssociatedWithCommit, {
    owner,
    repo,
    commit_sha: sha,
    per_page: 100,
  });
  // The pull request whose merge made this very commit; one that merely contains it was not merged by it.
  const merged = associated.find((pr) => pr.merge_commit_sha === sha && pr.merged_at !== null);
  if (merged?.merged_at == null) return null;
  const [pull, reviews, commits] = await Promise.all([
    github.rest.pulls.get({ owner, repo, pull_number: merged.number }),
    github.paginate(github.rest.pulls.listReviews, { owner, repo, pull_number: merged.number, per_page: 100 }),
    github.paginate(github.rest.pulls.listCommits, { owner, repo, pull_number: merged.number, per_page: 100 }),
  ]);
  // GitHub lists at most 250 commits of a pull request: who wrote the others is unknown.
  if (typeof pull.data.commits === 'number' && commits.length < pull.data.commits) {
    throw new Error(`GitHub lists ${commits.length} of its ${pull.data.commits} commits`);
  }
  // A commit whose author or committer GitHub links to no account names nobody who could approve.
  const contributors = commits.flatMap((c) => [text(c.author?.login), text(c.committer?.login)]).filter(Boolean);
  const found: MergedPullRequest = {
    number: merged.number,
    url: text(merged.html_url),
    author: text(merged.user?.login),
    mergedAt: text(merged.merged_at),
    head: text(pull.data.head.sha),
    approvals: latestApprovals(reviews, text(pull.data.head.sha)),
    contributors: [...new Set(contributors)],
  };
  const mergedBy = text(pull.data.merged_by?.login);
  if (mergedBy !== '') found.mergedBy = mergedBy;
  return found;
}

/** The commit at the head of `branch` now. */
async function branchHead(github: GitHubClient, owner: string, repo: string, branch: string): Promise<string> {
  const { data } = await github.rest.repos.getBranch({ owner, repo, branch });
  return text(data.commit.sha);
}

async function environmentApprovals(
  github: GitHubClient,
  owner: string,
  repo: string,
  runId: number,
): Promise<EnvironmentApproval[]> {
  const { data } = await github.rest.actions.getReviewsForRun({ owner, repo, run_id: runId });
  return data.map((review) => ({
    login: text(review.user.login),
    bot: review.user.type === 'Bot',
    state: text(review.state),
    environments: review.environments.map((environment) => text(environment.name)),
    comment: text(review.comment),
  }));
}

/** GitHub's own repository roles; a custom role is taken at its base permission. */
const ROLES = new Set(['admin', 'maintain', 'write', 'triage', 'read']);

/** The permission `login` holds on the repository, or '' when it could not be read (recorded as unavailable). */
async function permissionOf(github: GitHubClient, owner: string, repo: string, login: string, record: ApprovalRecord) {
  try {
    const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: login });
    // `permission` gives maintain as write and triage as read; `role_name` names them, and a custom role by its own name.
    const role = text(data.role_name);
    return ROLES.has(role) ? role : text(data.permission);
  } catch (error) {
    record.unavailable.push(unavailable(`the permission of ${login} on the repository`, 'metadata: read', error));
    return '';
  }
}

export async function readApprovals(
  github: GitHubClient,
  policy: Exclude<ApprovalPolicy, 'none'>,
  environment: string,
  run: RunContext,
  stepStartedAt: Date,
): Promise<ApprovalRecord> {
  const record: ApprovalRecord = {
    policy,
    unavailable: [],
    permissions: [],
    stepStartedAt: stepStartedAt.toISOString(),
  };
  if (run.actor !== undefined) record.actor = run.actor;
  if (run.triggeringActor !== undefined) record.triggeringActor = run.triggeringActor;
  if (environment !== '') record.environment = environment;
  const [owner = '', repo = ''] = (run.repository ?? '').split('/');
  if (owner === '' || repo === '') {
    record.unavailable.push('nothing could be read: GITHUB_REPOSITORY is not set');
    return record;
  }
  const repository = { github, owner, repo };
  await Promise.all([
    readPushApproval(repository, policy, run, record),
    readEnvironmentApprovals(repository, run, record),
  ]);
  // Read only for who may count otherwise: one request per approver, none for the run's own people.
  const approvers = candidateApprovers(record);
  const permissions = await Promise.all(approvers.map((login) => permissionOf(github, owner, repo, login, record)));
  record.permissions = approvers.map((login, i) => ({ login, permission: permissions[i] ?? '' }));
  return record;
}

interface Repository {
  github: GitHubClient;
  owner: string;
  repo: string;
}

/** A push: the merged pull request its commit came from, and under `require` its branch's head. */
async function readPushApproval(
  { github, owner, repo }: Repository,
  policy: Exclude<ApprovalPolicy, 'none'>,
  run: RunContext,
  record: ApprovalRecord,
): Promise<void> {
  if (run.eventName !== 'push' || run.sha === undefined) {
    record.pullRequest = null;
    return;
  }
  const { sha } = run;
  const lookUps = [
    mergedPullRequest(github, owner, repo, sha).then(
      (pr) => void (record.pullRequest = pr),
      (error: unknown) =>
        void record.unavailable.push(
          unavailable(`the pull request of commit ${sha}`, 'contents: read and pull-requests: read', error),
        ),
    ),
  ];
  const branch = run.ref?.startsWith('refs/heads/') === true ? run.ref.slice('refs/heads/'.length) : '';
  if (policy === 'require') {
    const checked = { branch, commit: sha, head: '' };
    record.branchHead = checked;
    if (branch === '')
      record.unavailable.push('the head of the pushed branch could not be read: GITHUB_REF names no branch');
    else {
      lookUps.push(
        branchHead(github, owner, repo, branch).then(
          (head) => void (checked.head = head),
          (error: unknown) =>
            void record.unavailable.push(unavailable(`the head of branch ${branch}`, 'contents: read', error)),
        ),
      );
    }
  }
  await Promise.all(lookUps);
}

/** The approvals of the environments the run waited for. */
async function readEnvironmentApprovals(
  { github, owner, repo }: Repository,
  run: RunContext,
  record: ApprovalRecord,
): Promise<void> {
  const runId = Number(run.runId);
  if (!Number.isSafeInteger(runId) || runId <= 0) {
    record.unavailable.push('the environment approvals could not be read: GITHUB_RUN_ID is not set');
    return;
  }
  await environmentApprovals(github, owner, repo, runId).then(
    (approvals) => void (record.environmentApprovals = approvals),
    (error: unknown) =>
      void record.unavailable.push(unavailable('the environment approvals of the run', 'actions: read', error)),
  );
}
