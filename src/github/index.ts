/** What a run asks of GitHub; main.ts imports this module only when a feature needs it. */
import type { ApprovalRecord } from '../model/approval.ts';
import type { ApprovalPolicy } from '../model/settings.ts';
import type { Log } from '../model/log.ts';
import type { AuditGitHub } from '../model/roster.ts';
import type { RunContext } from '../model/run-context.ts';
import type { Redactor } from '../model/safe-text.ts';
import { readApprovals } from './approvals.ts';
import { createGitHubClient, errorText } from './client.ts';
import { driftIssueProblem, keepDriftIssue } from './drift-issue.ts';
import { keepPlanComment, markPlanCommentStale, planCommentProblem, readApprovedPlan } from './plan-comment.ts';
import { readTeams } from './teams.ts';

export interface RunGitHub extends AuditGitHub {
  readApprovals(
    policy: Exclude<ApprovalPolicy, 'none'>,
    environment: string,
    run: RunContext,
    stepStartedAt: Date,
  ): Promise<ApprovalRecord>;
}

export function createGitHub(
  token: string,
  log: Log,
  redact: Redactor,
  signal: AbortSignal,
  requestTimeoutMs: number,
): RunGitHub {
  const client = createGitHubClient(token, log, signal, requestTimeoutMs);
  return {
    readTeams: (teams) => readTeams(client, teams),
    keepDriftIssue: (plan, context) =>
      keepDriftIssue(client, plan, context, redact).catch((error: unknown) => {
        throw new Error(driftIssueProblem(error), { cause: error });
      }),
    keepPlanComment: (plan, context) =>
      keepPlanComment(client, plan, context, redact).then((url) => ({ url }), planCommentProblem),
    markPlanCommentStale: (context, why) =>
      markPlanCommentStale(client, context, why, redact).then((url) => ({ url }), planCommentProblem),
    readApprovedPlan: (repository, pull, org) =>
      readApprovedPlan(client, repository, pull, org).catch(
        (error: unknown) =>
          `the comments of pull request #${pull.number} could not be read (${errorText(error)}; the github-token needs pull-requests: read)`,
      ),
    readApprovals: (policy, environment, run, stepStartedAt) =>
      readApprovals(client, policy, environment, run, stepStartedAt),
  };
}
