/**
 * The audit's GitHub side, around the audit of the organization: the roster's teams and the
 * approved plan read before it, the plan comment and the drift issue written after it. Only the
 * parts the run asks for are done.
 */
import type { OrganizationApi } from '../api/organization.ts';
import type { ApprovedPlan } from '../model/approved-plan.ts';
import type { Log } from '../model/log.ts';
import { deletionsDone, type JobOutcome } from '../model/outcome.ts';
import type { AuditGitHub, PlanCommentOutcome } from '../model/roster.ts';
import type { RunContext } from '../model/run-context.ts';
import { reportsAsPlan } from '../model/run-policy.ts';
import type { RunProgress } from '../model/run-record.ts';
import type { AuditJob, PlanCommentTarget, RunSettings } from '../model/settings.ts';
import { runAudit, type TeamRoster } from '../operations/audit.ts';

/** Read anew each time: a cancellation can come while the drift issue is being written. */
const isCancelled = (signal: AbortSignal) => signal.aborted;

type AuditGitHubContext = { client: AuditGitHub; run: RunContext; reference: string | undefined };

export async function auditWithGitHub(
  job: AuditJob,
  settings: RunSettings,
  api: OrganizationApi,
  github: AuditGitHubContext | undefined,
  log: Log,
  progress: RunProgress,
  /** The run's cancellation: after it, the drift issue is not touched. */
  signal: AbortSignal,
): Promise<JobOutcome> {
  if (github === undefined) return runAudit(job, settings, api, log, progress);

  let teams: TeamRoster = { logins: [], roster: [] };
  if (job.githubTeams.length > 0) {
    const read = await github.client.readTeams(job.githubTeams);
    if ('problems' in read) {
      const refused: JobOutcome = {
        results: [],
        problem: `The audit of ${api.org} was refused, and nothing was removed: ${read.problems.join('; ')}`,
      };
      if (job.planComment !== undefined) await writePlanComment(job.planComment, refused, github, api.org, log, signal);
      return refused;
    }
    log.info(
      `Roster: ${read.logins.length} GitHub login(s) from ${job.githubTeams.map((t) => `${t.org}/${t.slug}`).join(', ')}`,
    );
    teams = read;
  }
  const approved =
    job.approvedPlanOf === undefined ? undefined : await approvedPlan(job.approvedPlanOf, github, api.org);
  const outcome = await runAudit(job, settings, api, log, progress, teams, approved);
  if (job.planComment !== undefined) await writePlanComment(job.planComment, outcome, github, api.org, log, signal);
  if (job.driftIssue !== undefined) {
    await keepDriftIssue(job.driftIssue.repository, outcome, settings, github, api.org, log, signal);
  }
  return outcome;
}

/** The drift issue after the audit: left as it is when the drift is unknown or the run was cancelled. */
async function keepDriftIssue(
  repository: string,
  outcome: JobOutcome,
  settings: RunSettings,
  github: AuditGitHubContext,
  org: string,
  log: Log,
  signal: AbortSignal,
): Promise<void> {
  if (outcome.plan === undefined) {
    log.warning('The drift issue was left as it is: the organization could not be read, so the drift is unknown');
    return;
  }
  if (signal.aborted) {
    log.warning('The drift issue was left as it is: the run was cancelled');
    return;
  }
  try {
    const context = {
      org,
      repository,
      planOnly: reportsAsPlan(settings.policy),
      refused: outcome.problem !== undefined || (outcome.policy ?? settings.policy).kind === 'refused',
      done: {
        deletions: deletionsDone(outcome.results),
        rolesLowered: outcome.results.filter((r) => r.result === 'demoted').length,
        failedPeople: outcome.results.filter((r) => r.result === 'failed').length,
      },
      run: github.run,
      ...(github.reference !== undefined && { reference: github.reference }),
    };
    outcome.driftIssueUrl = await github.client.keepDriftIssue(outcome.plan, context);
    log.info(
      outcome.driftIssueUrl === '' ? 'No drift: no drift issue is open' : `Drift issue: ${outcome.driftIssueUrl}`,
    );
  } catch (error) {
    // The body written (if it was) says what was done; what was left is not started after a cancel.
    if (isCancelled(signal)) {
      log.warning('The drift issue may be unfinished: the run was cancelled while it was written');
    } else {
      const why = `the drift issue could not be kept in ${repository}: ${error instanceof Error ? error.message : String(error)}`;
      outcome.githubFailures = [
        ...(outcome.githubFailures ?? []),
        { write: 'drift-issue', error: why, failsStep: true },
      ];
    }
  }
}

/** The plan the merged pull request showed its reviewers, or why there is none. */
function approvedPlan(
  of: NonNullable<AuditJob['approvedPlanOf']>,
  github: { client: AuditGitHub },
  org: string,
): Promise<ApprovedPlan | string> {
  if (of.pullRequest === null) {
    return Promise.resolve(
      'the pushed commit came from no merged pull request, so nobody approved its plan. Change the roster through a pull request',
    );
  }
  return github.client.readApprovedPlan(of.repository, of.pullRequest, org);
}

/**
 * The plan on the pull request, or, when the run stopped before planning (the organization or
 * a team could not be read), the plan there marked stale; a refused token is a warning, anything else fails the step.
 */
async function writePlanComment(
  target: PlanCommentTarget,
  outcome: JobOutcome,
  github: AuditGitHubContext,
  org: string,
  log: Log,
  signal: AbortSignal,
): Promise<void> {
  if (signal.aborted) {
    log.warning('The plan was not written on the pull request: the run was cancelled');
    return;
  }
  const context = {
    ...target,
    org,
    run: github.run,
    ...(github.reference !== undefined && { reference: github.reference }),
    ...(outcome.wouldBeRefused !== undefined && { wouldBeRefused: outcome.wouldBeRefused }),
  };
  let written: PlanCommentOutcome;
  if (outcome.plan === undefined) {
    log.warning('The plan was not written on the pull request: the run stopped before planning');
    written = await github.client.markPlanCommentStale(context, outcome.problem ?? 'the run stopped before planning');
    if ('url' in written && written.url !== '')
      log.info(`The plan on the pull request is marked stale: ${written.url}`);
  } else {
    written = await github.client.keepPlanComment(outcome.plan, context);
    if ('url' in written) {
      outcome.planCommentUrl = written.url;
      log.info(`Plan on the pull request: ${written.url}`);
    }
  }
  if ('url' in written) return;
  const failure =
    'warning' in written
      ? { write: 'plan-comment' as const, error: written.warning, failsStep: false }
      : { write: 'plan-comment' as const, error: written.failure, failsStep: true };
  if ('warning' in written) log.warning(written.warning);
  outcome.githubFailures = [...(outcome.githubFailures ?? []), failure];
}
