/** The step's outputs. All text is redacted. */
import * as core from '@actions/core';
import type { AuditPlan } from '../model/audit-plan.ts';
import { planRecord } from '../model/plan-output.ts';
import type { RunReport } from '../model/outcome.ts';
import type { PersonResult, ResultKind } from '../model/people.ts';
import type { Redactor } from '../model/safe-text.ts';

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
      ({ username, result, email, member, role, roleChange, invite, tokens, verified, auditLog, error, attempts }) => ({
        username,
        result,
        ...(email === undefined ? {} : { email }),
        ...(member === undefined ? {} : { member }),
        ...(role === undefined ? {} : { role }),
        ...(roleChange === undefined ? {} : { role_change: roleChange }),
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

export function setOutputs(report: RunReport, evidenceFile: string, redact: Redactor): void {
  const { results, plan, problem, rotations, driftIssueUrl } = report;
  core.setOutput('evidence-file', evidenceFile);
  const members = results.flatMap((r) => (r.member === undefined ? [] : [r.member]));
  core.setOutput('member', redact(members.join('\n')));
  core.setOutput('result', overallResult(results, problem));
  if (plan !== undefined) core.setOutput('plan', redact(planJson(plan)));
  core.setOutput('results', redact(resultsJson(results)));
  core.setOutput('removed-count', String(results.filter((r) => r.membership === 'removed').length));
  core.setOutput('demoted-count', String(results.filter((r) => r.result === 'demoted').length));
  core.setOutput('revoked-invites-count', String(results.filter((r) => r.invite === 'revoked').length));
  core.setOutput(
    'revoked-tokens-count',
    String(results.reduce((n, r) => n + r.tokens.filter((t) => t.result === 'revoked').length, 0)),
  );
  core.setOutput('drift-issue-url', driftIssueUrl ?? '');
  core.setOutput(
    'rotated-groups',
    redact(
      rotations
        .filter((r) => r.result === 'rotated')
        .map((r) => r.group)
        .join('\n'),
    ),
  );
}
