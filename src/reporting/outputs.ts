/** The step's outputs. All text is redacted. */
import * as core from '@actions/core';
import type { AuditPlan, PlannedMember } from '../operations/audit.ts';
import type { MemberResult, ResultKind } from '../operations/removal.ts';
import type { Redactor } from '../safe-text.ts';

/** Overall result: the first of these that occurs. */
const RESULT_PRECEDENCE: readonly ResultKind[] = ['failed', 'not-member', 'would-remove', 'removed'];

/** The `result` output; empty when there was no username to process (an audit with nothing to do). */
export function overallResult(results: readonly MemberResult[], problem: string | undefined): ResultKind | '' {
  if (problem !== undefined) return 'failed';
  return RESULT_PRECEDENCE.find((kind) => results.some((r) => r.result === kind)) ?? '';
}

/** The `plan` output of an audit: usernames only. */
export function planJson(plan: AuditPlan): string {
  const names = (members: readonly PlannedMember[]) => members.map((m) => m.username);
  return JSON.stringify({
    remove: names(plan.remove),
    keep: names(plan.keep),
    ownersKept: names(plan.ownersKept),
    unknownRoleKept: names(plan.unknownRoleKept),
    notMembers: plan.notMembers,
  });
}

/** The `results` output: one object per username, in input order, with what is known. */
export function resultsJson(results: readonly MemberResult[]): string {
  return JSON.stringify(
    results.map(({ username, result, member, role, error, attempts }) => ({
      username,
      result,
      ...(member === undefined ? {} : { member }),
      ...(role === undefined ? {} : { role }),
      ...(error === undefined ? {} : { error }),
      ...(attempts === undefined ? {} : { attempts }),
    })),
  );
}

export function setOutputs(
  results: readonly MemberResult[],
  plan: AuditPlan | undefined,
  problem: string | undefined,
  redact: Redactor,
): void {
  const members = results.flatMap((r) => (r.result === 'removed' && r.member !== undefined ? [r.member] : []));
  core.setOutput('member', redact(members.join('\n')));
  core.setOutput('result', overallResult(results, problem));
  if (plan !== undefined) core.setOutput('plan', redact(planJson(plan)));
  core.setOutput('results', redact(resultsJson(results)));
  core.setOutput('removed-count', String(results.filter((r) => r.result === 'removed').length));
}
