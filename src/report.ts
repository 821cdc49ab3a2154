/**
 * What the step leaves behind: its outputs and its job summary. All text is redacted, and
 * summary cells are HTML-escaped.
 */
import * as core from '@actions/core';
import { context } from '@actions/github';
import type { AuditPlan, PlannedMember } from './audit.ts';
import type { MemberResult, ResultKind } from './removal.ts';
import { escapeHtml, type Redactor } from './safe-text.ts';

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

export interface SummaryContext {
  org: string;
  dryRun: boolean;
  /** Why the run stopped before removing anyone, if it did. */
  problem: string | undefined;
}

function detail(result: MemberResult): string {
  switch (result.result) {
    case 'removed':
      return [result.member === undefined ? '' : `member: ${result.member}`, result.warning ?? '']
        .filter(Boolean)
        .join('; ');
    case 'would-remove':
      return `role: ${result.role ?? 'unknown'}`;
    default:
      return result.error ?? '';
  }
}

/** Repository, actor, event and run link, as far as the runner's environment tells them. */
function runContextHtml(): string {
  const repository = process.env.GITHUB_REPOSITORY;
  if (repository === undefined || repository === '') return '';
  const { owner, repo } = context.repo;
  const runUrl = `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}`;
  return (
    `<p>Repository <code>${escapeHtml(`${owner}/${repo}`)}</code>, ` +
    `triggered by <code>${escapeHtml(context.eventName)}</code> ` +
    `from <code>${escapeHtml(context.actor)}</code>, ` +
    `<a href="${escapeHtml(runUrl)}">run ${escapeHtml(String(context.runId))}</a>.</p>`
  );
}

function headerRow(...titles: string[]) {
  return titles.map((data) => ({ data, header: true }));
}

/** The audit plan: who is removed, who stays and why. */
function planRows(plan: AuditPlan, dryRun: boolean, cell: (text: string) => string): string[][] {
  const removeAction = dryRun ? 'would remove' : 'remove';
  return [
    ...plan.remove.map((m) => [cell(m.username), cell(m.role), removeAction, 'not on the keep list']),
    ...plan.ownersKept.map((m) => [cell(m.username), cell(m.role), 'keep', 'owner (an audit never removes owners)']),
    ...plan.keep.map((m) => [cell(m.username), cell(m.role), 'keep', 'on the keep list']),
    ...plan.notMembers.map((name) => [
      cell(name),
      cell(''),
      'none',
      'on the keep list but not a member (typo or pending invitation?)',
    ]),
  ];
}

/** Writes the job summary; skipped quietly when the runner provides no summary file. */
export async function writeSummary(
  results: readonly MemberResult[],
  plan: AuditPlan | undefined,
  summaryContext: SummaryContext,
  redact: Redactor,
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const { org, dryRun, problem } = summaryContext;
  // The toolkit renders an empty cell as an unclosed <td>; a dash keeps the table whole.
  const cell = (text: string) => escapeHtml(redact(text)) || '—';
  const kind = plan === undefined ? 'member removal' : 'membership audit';
  const counts = dryRun
    ? `${results.filter((r) => r.result === 'would-remove').length} of ${results.length} would be removed.`
    : `${results.filter((r) => r.result === 'removed').length} of ${results.length} removed.`;
  const summary = core.summary
    .addHeading(`Turso ${kind}${dryRun ? ' (dry run)' : ''}`, 2)
    .addRaw(`<p>Organization <code>${cell(org)}</code>: ${counts}</p>`, true)
    .addRaw(runContextHtml(), true);
  if (problem !== undefined) summary.addRaw(`<p><strong>${cell(problem)}</strong></p>`, true);
  if (plan !== undefined) {
    summary
      .addHeading('Plan', 3)
      .addTable([headerRow('Username', 'Role', 'Action', 'Reason'), ...planRows(plan, dryRun, cell)]);
  }
  if (results.length > 0) {
    if (plan !== undefined) summary.addHeading('Results', 3);
    summary.addTable([
      headerRow('Username', 'Result', 'Detail', 'Attempts'),
      ...results.map((r) => [cell(r.username), r.result, cell(detail(r)), cell(String(r.attempts ?? ''))]),
    ]);
  }
  await summary.write();
}
