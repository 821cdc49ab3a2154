/**
 * How every job ends: its work guarded so that a defect of ours stops all of it and loses no
 * result, then the record written once, then the step failed with every reason there is.
 */
import * as core from '@actions/core';
import { refusedResult, type ApprovalRecord } from '../model/approval.ts';
import { cancelledAfter, type JobOutcome, type RunReport } from '../model/outcome.ts';
import { isFailure, isProvenRemoval, wouldChange, type PersonResult, type RotationResult } from '../model/people.ts';
import { changesTurso, type RunPolicy } from '../model/run-policy.ts';
import { RunRecord } from '../model/run-record.ts';
import type { IfNotMember, JobName } from '../model/settings.ts';
import { rotateGroupTokens } from '../operations/rotation.ts';
import { logPersonResult } from '../reporting/person-log.ts';
import { writeRecord } from '../reporting/record.ts';
import type { Session } from './session.ts';

/** What a job's work ended with: its outcome, or the defect that stopped it. */
export interface JobEnd {
  outcome: (JobOutcome & { rotations: RotationResult[] }) | undefined;
  /** Each person's result as far as it was known when a defect stopped the work. */
  record: RunRecord;
  unexpected?: string;
}

/**
 * Runs a job's work. Whatever is thrown in it, even by a defect of ours, every planned person's
 * result is kept in `record`: nothing more is sent, what is under way is abandoned, and the end
 * waits until every request has ended and been told.
 */
export async function guarded(
  session: Session,
  work: (record: RunRecord) => Promise<JobOutcome & { rotations: RotationResult[] }>,
): Promise<JobEnd> {
  const record = new RunRecord();
  try {
    return { outcome: await work(record), record };
  } catch (error) {
    const unexpected = error instanceof Error ? error.message : String(error);
    session.log.error(`Unexpected error: ${error instanceof Error ? (error.stack ?? unexpected) : unexpected}`);
    session.stop.abort(error);
    await session.transport.settled();
    return { outcome: undefined, record, unexpected };
  }
}

/** Whether the groups are due for rotation: a rotation job always, others after a proven removal. */
export function rotationDue(session: Session, results: readonly PersonResult[]): boolean {
  // Database tokens are not tied to a user: rotating is the only way to cut off copies.
  return session.inputs.job.kind === 'rotate' || results.some(isProvenRemoval);
}

/**
 * The rotation a job ends with under `policy`: done when it changes Turso (each group's result
 * kept in `record` as it ends), told when it only plans.
 */
export async function rotateIfDue(
  session: Session,
  results: readonly PersonResult[],
  policy: RunPolicy,
  record: RunRecord,
): Promise<RotationResult[]> {
  const groups = session.inputs.rotateGroupTokens;
  if (!rotationDue(session, results) || groups.length === 0) return [];
  if (changesTurso(policy))
    return rotateGroupTokens(groups, session.api, session.log, (result) => record.rotated(result));
  if (policy.kind === 'plan-only')
    session.log.info(`This run only plans: the database auth tokens of ${groups.join(', ')} would be rotated`);
  return [];
}

/** Writes the record of a job's end, and fails the step with every reason there is. */
export async function finish(session: Session, end: JobEnd): Promise<void> {
  const { inputs, log, redact } = session;
  const { outcome, unexpected } = end;
  const policy = outcome?.policy ?? session.policy;
  const ifNotMember: IfNotMember = inputs.settings.ifNotMember;
  let results = outcome?.results ?? end.record.resultsAfter(unexpected ?? '');
  for (const result of results) logPersonResult(result, ifNotMember, log);
  // Nothing new is started after a defect: a rotation that was due and had not ended is a failure.
  let rotations =
    outcome?.rotations ??
    (rotationDue(session, results) && changesTurso(policy)
      ? end.record.rotationsAfter(inputs.rotateGroupTokens, unexpected ?? '')
      : []);
  // A refusal stands only where the run would have changed something.
  const refusal =
    policy.kind === 'refused' && (inputs.job.kind === 'rotate' || results.some(wouldChange))
      ? policy.reason
      : undefined;
  if (policy.kind === 'refused' && refusal === undefined) {
    log.info('approval: require refused nothing: this run changes nothing in Turso');
  }
  let problem = outcome?.problem;
  if (refusal !== undefined) {
    // Planned as a dry run, so nothing was sent that changes anything: each person failed.
    results = results.map((result) => refusedResult(result, refusal));
    if (inputs.job.kind === 'rotate') rotations = notRotated(inputs.rotateGroupTokens, refusal);
    problem = `The run was refused, and nothing was changed in Turso: ${refusal}${problem === undefined ? '' : `; ${problem}`}`;
  }
  const report: RunReport = {
    results,
    plan: outcome?.plan,
    problem,
    rotations,
    driftIssueUrl: outcome?.driftIssueUrl,
    planCommentUrl: outcome?.planCommentUrl,
    githubFailures: outcome?.githubFailures,
    approval: approvalOf(session, outcome),
    reference: inputs.reference,
    cancelled: session.cancelled.aborted,
  };
  const lost = await writeRecord(
    report,
    {
      org: inputs.org,
      apiUrl: inputs.apiUrl,
      job: inputs.job.kind,
      policy,
      inputs: session.recordedInputs,
      run: session.run,
      startedAt: session.startedAt,
      finishedAt: new Date(),
      tokenUser: outcome?.tokenUser,
      rotateGroupTokens: inputs.rotateGroupTokens,
    },
    log,
    redact,
  );
  const messages = failureMessages(report, inputs.job.kind, ifNotMember, unexpected, lost);
  if (messages.length > 0) core.setFailed(redact(messages.join('; ')));
}

/** The approvals read, with the plan the merged pull request showed, once the audit has read it. */
function approvalOf(session: Session, outcome: JobEnd['outcome']): ApprovalRecord | undefined {
  const { approval } = session;
  return approval !== undefined && outcome?.approvedPlan !== undefined
    ? { ...approval, approvedPlan: outcome.approvedPlan }
    : approval;
}

function notRotated(groups: readonly string[], why: string): RotationResult[] {
  return groups.map((group) => ({ group, result: 'failed', error: `not rotated: ${why}` }));
}

/** Every reason the step fails, in the order a reader needs them. */
function failureMessages(
  report: RunReport,
  job: JobName,
  ifNotMember: IfNotMember,
  unexpected: string | undefined,
  lost: string | undefined,
): string[] {
  const { results, rotations, problem, githubFailures } = report;
  const failures = results.filter((r) => isFailure(r, ifNotMember));
  const failedGroups = rotations.filter((r) => r.result === 'failed').map((r) => r.group);
  const first = failures[0];
  const notDone = job === 'demote' ? 'not lowered' : 'not offboarded';
  return [
    unexpected === undefined
      ? ''
      : `The run stopped on an unexpected error, with every result known recorded: ${unexpected}`,
    report.cancelled === true ? cancelledAfter(report, job) : '',
    problem ?? '',
    failures.length === 1 && first !== undefined
      ? `1 of ${results.length} person(s) ${notDone}: ${first.username}: ${first.error ?? first.result}`
      : failures.length > 1
        ? `${failures.length} of ${results.length} people ${notDone}: ${failures.map((f) => f.username).join(', ')} (see the errors above)`
        : '',
    failedGroups.length > 0 ? `group tokens not rotated: ${failedGroups.join(', ')}` : '',
    ...(githubFailures ?? []).filter((failure) => failure.failsStep).map((failure) => failure.error),
    lost ?? '',
  ].filter(Boolean);
}
