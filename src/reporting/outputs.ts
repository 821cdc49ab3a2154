/** The step's outputs. All text is redacted. */
import * as core from '@actions/core';
import type { AuditPlan } from '../model/audit-plan.ts';
import { planRecord } from '../model/plan-output.ts';
import type { RunReport } from '../model/outcome.ts';
import type { PersonResult, ResultKind } from '../model/people.ts';
import type { Redactor } from '../model/safe-text.ts';
import { outputsOf, RUN_OUTPUTS, type RunOutputName } from '../model/actions.ts';
import type { JobName } from '../model/settings.ts';

/** Overall result: the first of these that occurs. */
const RESULT_PRECEDENCE: readonly ResultKind[] = [
  'failed',
  'not-member',
  'would-remove',
  'would-demote',
  'removed',
  'demoted',
  'unchanged',
];

/** The `result` output; empty when there was no one to process (an audit with nothing to do). */
export function overallResult(results: readonly PersonResult[], problem: string | undefined): ResultKind | '' {
  if (problem !== undefined) return 'failed';
  return RESULT_PRECEDENCE.find((kind) => results.some((r) => r.result === kind)) ?? '';
}

/** The `plan` output of an audit: the fields of PLAN_OUTPUT_FIELDS. */
export function planJson(plan: AuditPlan): string {
  return JSON.stringify(planRecord(plan));
}

/** The `results` output: one object per person, in input order, with what is known. */
export function resultsJson(results: readonly PersonResult[]): string {
  return JSON.stringify(
    results.map(
      ({
        username,
        result,
        email,
        member,
        role,
        roleChange,
        rosterExpired,
        invite,
        tokens,
        verified,
        auditLog,
        error,
        attempts,
      }) => ({
        username,
        result,
        ...(email === undefined ? {} : { email }),
        ...(member === undefined ? {} : { member }),
        ...(role === undefined ? {} : { role }),
        ...(roleChange === undefined ? {} : { role_change: roleChange }),
        ...(rosterExpired === undefined ? {} : { roster_expired: rosterExpired }),
        invite,
        tokens,
        verified,
        ...(auditLog === undefined ? {} : { audit_log: auditLog }),
        ...(error === undefined ? {} : { error }),
        ...(attempts === undefined ? {} : { attempts }),
      }),
    ),
  );
}

/** The step's outputs of `job`'s action, and only those: an output its action.yml does not declare is never set. */
export function setOutputs(report: RunReport, job: JobName, evidenceFile: string, redact: Redactor): void {
  const { results, plan, problem, rotations } = report;
  const values: Record<RunOutputName, () => string | undefined> = {
    'evidence-file': () => evidenceFile,
    member: () => redact(results.flatMap((r) => (r.member === undefined ? [] : [r.member])).join('\n')),
    result: () => overallResult(results, problem),
    results: () => redact(resultsJson(results)),
    plan: () => (plan === undefined ? undefined : redact(planJson(plan))),
    'removed-count': () => String(results.filter((r) => r.membership === 'removed').length),
    'demoted-count': () => String(results.filter((r) => r.result === 'demoted').length),
    'revoked-invites-count': () => String(results.filter((r) => r.invite === 'revoked').length),
    'revoked-tokens-count': () =>
      String(results.reduce((n, r) => n + r.tokens.filter((t) => t.result === 'revoked').length, 0)),
    'drift-issue-url': () => report.driftIssueUrl ?? '',
    'plan-comment-url': () => report.planCommentUrl ?? '',
    'rotated-groups': () =>
      redact(
        rotations
          .filter((r) => r.result === 'rotated')
          .map((r) => r.group)
          .join('\n'),
      ),
  };
  for (const name of outputsOf(job)) {
    if (!Object.hasOwn(RUN_OUTPUTS, name)) continue;
    const value = values[name as RunOutputName]();
    if (value !== undefined) core.setOutput(name, value);
  }
}
