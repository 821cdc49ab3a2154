/**
 * The evidence record: one JSON file per run that acts or plans, for an access review to keep
 * after GitHub has deleted the run's logs. What was asked, by whom and when; for each person
 * every removal, revocation and role change with the API's status, the second read's verdict and the
 * audit-log entry; who approved the run; the plan of an audit; rotations; totals. Every string is redacted, and the
 * token is never in it. The format is described by docs/evidence.schema.json.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approvalRefusal, independentApprovers, type ApprovalRecord } from '../model/approval.ts';
import type { TokenUser } from '../model/organization.ts';
import type { RunReport } from '../model/outcome.ts';
import type { PersonResult } from '../model/people.ts';
import { planRecord } from '../model/plan-output.ts';
import type { RunContext } from '../model/run-context.ts';
import { reportsAsPlan, type RunPolicy } from '../model/run-policy.ts';
import { redactDeep, type Redactor } from '../model/safe-text.ts';
import type { JobName } from '../model/settings.ts';

export const EVIDENCE_FORMAT = 'turso-offboarding-evidence';
export const EVIDENCE_VERSION = 1;

export interface EvidenceContext {
  org: string;
  /** Undefined when the inputs were refused before they were read. */
  apiUrl: URL | undefined;
  job: JobName;
  /** What the run was allowed to do; undefined when it was refused before it was decided. */
  policy: RunPolicy | undefined;
  /** Every input but the tokens, as given. */
  inputs: Record<string, string>;
  run: RunContext;
  startedAt: Date;
  finishedAt: Date;
  tokenUser: TokenUser | undefined;
}

/** Where the file was written and its SHA-256, or why it was not. */
export type EvidenceFile = { path: string; sha256: string } | { problem: string };

function personRecord(person: PersonResult) {
  return {
    entries: person.entries,
    username: person.username,
    ...(person.email === undefined ? {} : { email: person.email }),
    ...(person.role === undefined ? {} : { roleAtStart: person.role }),
    listedAtStart: person.listedAtStart,
    result: person.result,
    membership: person.membership,
    ...(person.member === undefined ? {} : { member: person.member }),
    invite: person.invite,
    tokens: person.tokens,
    actions: person.actions,
    verified: person.verified,
    ...(person.auditLog === undefined ? {} : { auditLog: person.auditLog }),
    ...(person.roleChange === undefined ? {} : { roleChange: person.roleChange }),
    ...(person.rosterExpired === undefined ? {} : { rosterExpired: person.rosterExpired }),
    ...(person.error === undefined ? {} : { error: person.error }),
    ...(person.warning === undefined ? {} : { warning: person.warning }),
  };
}

/** What was found of who approved the run; `approval: none` looks nothing up, and says so. */
function approvalRecord(approval: ApprovalRecord | undefined) {
  if (approval === undefined) return { policy: 'none' };
  return {
    ...approval,
    independentApprovers: independentApprovers(approval),
    ...(approvalRefusal(approval) === undefined ? {} : { refusal: approvalRefusal(approval) }),
  };
}

function totals(report: RunReport) {
  const people = report.results;
  const count = (test: (person: PersonResult) => boolean) => people.filter(test).length;
  return {
    people: people.length,
    removed: count((p) => p.result === 'removed'),
    wouldRemove: count((p) => p.result === 'would-remove'),
    notMember: count((p) => p.result === 'not-member'),
    failed: count((p) => p.result === 'failed'),
    membershipsRemoved: count((p) => p.membership === 'removed'),
    invitationsRevoked: count((p) => p.invite === 'revoked'),
    tokensRevoked: people.reduce((n, p) => n + p.tokens.filter((t) => t.result === 'revoked').length, 0),
    verifiedGone: count((p) => p.verified === 'gone'),
    stillListed: count((p) => p.verified === 'still-listed'),
    unverified: count((p) => p.verified === 'unverified'),
    groupsRotated: report.rotations.filter((r) => r.result === 'rotated').length,
    demoted: count((p) => p.result === 'demoted'),
    wouldDemote: count((p) => p.result === 'would-demote'),
    unchanged: count((p) => p.result === 'unchanged'),
    rolesLowered: people.reduce(
      (n, p) => n + p.actions.filter((a) => a.kind === 'role' && a.outcome === 'demoted').length,
      0,
    ),
    verifiedAtRole: count((p) => p.verified === 'at-role'),
    notAtRole: count((p) => p.verified === 'not-at-role'),
  };
}

/** The record as plain data, every string redacted. */
export function evidenceRecord(report: RunReport, context: EvidenceContext, redact: Redactor): unknown {
  const { run } = context;
  const record = {
    format: EVIDENCE_FORMAT,
    version: EVIDENCE_VERSION,
    run: {
      ...(run.repository === undefined ? {} : { repository: run.repository }),
      ...(run.workflow === undefined ? {} : { workflow: run.workflow }),
      ...(run.runId === undefined ? {} : { runId: run.runId }),
      ...(run.runAttempt === undefined ? {} : { runAttempt: run.runAttempt }),
      ...(run.runUrl === undefined ? {} : { runUrl: run.runUrl }),
      ...(run.eventName === undefined ? {} : { event: run.eventName }),
      ...(run.actor === undefined ? {} : { actor: run.actor }),
      ...(run.triggeringActor === undefined ? {} : { triggeringActor: run.triggeringActor }),
      ...(run.sha === undefined ? {} : { commit: run.sha }),
      ...(run.ref === undefined ? {} : { ref: run.ref }),
      ...(run.step === undefined ? {} : { step: run.step }),
    },
    organization: context.org,
    apiHost: context.apiUrl?.host ?? null,
    job: context.job,
    planOnly: context.policy !== undefined && reportsAsPlan(context.policy),
    policy: context.policy ?? null,
    inputs: context.inputs,
    startedAt: context.startedAt.toISOString(),
    finishedAt: context.finishedAt.toISOString(),
    cancelled: report.cancelled === true,
    ...(report.reference === undefined ? {} : { reference: report.reference }),
    approval: approvalRecord(report.approval),
    tokenUser: context.tokenUser ?? null,
    people: report.results.map(personRecord),
    ...(report.plan === undefined ? {} : { plan: planRecord(report.plan) }),
    ...(report.problem === undefined ? {} : { problem: report.problem }),
    rotations: report.rotations,
    github: report.githubFailures ?? [],
    totals: totals(report),
  };
  return redactDeep(record, redact);
}

/**
 * `turso-evidence-<org>-<run id>-<attempt>[-<step>].json`; a run without an id is named by its
 * start. The step's id tells apart two steps of one job.
 */
export function evidenceFileName(context: Pick<EvidenceContext, 'org' | 'run' | 'startedAt'>): string {
  const { runId, runAttempt, step } = context.run;
  const run =
    runId === undefined
      ? `local-${context.startedAt.toISOString().replace(/[:.]/g, '-')}`
      : `${runId}-${runAttempt ?? '1'}`;
  const name = `turso-evidence-${context.org}-${run}${step === undefined ? '' : `-${step}`}.json`;
  return name.replace(/[^\w.@+-]/g, '_');
}

/** Writes the record into RUNNER_TEMP (or the system's temporary folder). */
export async function writeEvidence(
  report: RunReport,
  context: EvidenceContext,
  redact: Redactor,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EvidenceFile> {
  const text = `${JSON.stringify(evidenceRecord(report, context, redact), null, 2)}\n`;
  const path = join(env.RUNNER_TEMP || tmpdir(), evidenceFileName(context));
  try {
    // Never over another record: `wx` fails when the file is there already.
    await writeFile(path, text, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  } catch (error) {
    return { problem: `${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { path, sha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}
