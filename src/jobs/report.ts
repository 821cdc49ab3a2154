/**
 * The report action's job: read the roster's GitHub teams (when it names any) and the whole
 * organization, sending nothing but reads, and write the access review. The step fails only
 * when the organization (or the roster) cannot be read whole, or the review cannot be written:
 * never for a finding.
 */
import * as core from '@actions/core';
import { accessReview, type ReviewRoster } from '../model/access-review.ts';
import type { ReportJob } from '../model/settings.ts';
import { readWholeOrganization } from '../operations/access-review.ts';
import { reportReview, writeReviewFiles } from '../reporting/access-review.ts';
import type { Session } from './session.ts';

const DAY_MS = 86_400_000;

export async function reviewAccess(session: Session, job: ReportJob): Promise<void> {
  try {
    await review(session, job);
  } catch (error) {
    // A defect of ours: nothing more is sent, and the step fails once every request has ended.
    session.stop.abort(error);
    await session.transport.settled();
    throw error;
  }
}

async function review(session: Session, job: ReportJob): Promise<void> {
  const { api, log, redact, inputs } = session;
  const roster = await readRoster(session, job);
  if (roster === 'failed') return;
  const generatedAt = new Date();
  const since = new Date(generatedAt.getTime() - job.inactiveDays * DAY_MS);
  const read = await readWholeOrganization(api, since, inputs.concurrency, log);
  if ('problems' in read) {
    for (const problem of read.problems) log.error(problem);
    core.setFailed(
      redact(
        `The organization ${inputs.org} could not be read whole, so no review was written: ${read.problems.join('; ')}`,
      ),
    );
    return;
  }
  if ('unavailable' in read.auditLog) {
    log.warning(
      `The audit log is not available on the organization's plan (${read.auditLog.unavailable}): last activity is unavailable`,
    );
  }
  const reviewed = accessReview({
    org: inputs.org,
    generatedAt,
    ...read,
    roster,
    inactiveDays: job.inactiveDays,
    inviteGraceDays: job.inviteGraceDays,
  });
  let files;
  try {
    files = await writeReviewFiles(reviewed, session.run, redact);
  } catch (error) {
    core.setFailed(
      redact(
        `The review could not be written (RUNNER_TEMP): ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    return;
  }
  await reportReview(reviewed, files, log, redact);
}

/** The roster with its teams' members; undefined when none is given; `failed` (the step failed) when a team cannot be read. */
async function readRoster(session: Session, job: ReportJob): Promise<ReviewRoster | undefined | 'failed'> {
  if (job.keep.length === 0 && job.githubTeams.length === 0) return undefined;
  const base = { keep: job.keep, roster: job.roster, teamLogins: [] };
  if (job.githubTeams.length === 0 || session.github === undefined) return base;
  const teams = await session.github.readTeams(job.githubTeams);
  if ('problems' in teams) {
    for (const problem of teams.problems) session.log.error(problem);
    core.setFailed(
      session.redact(`The roster could not be read whole, so no review was written: ${teams.problems.join('; ')}`),
    );
    return 'failed';
  }
  return {
    keep: [...new Set([...job.keep, ...teams.logins])],
    roster: [...job.roster, ...teams.roster],
    teamLogins: teams.logins,
  };
}
