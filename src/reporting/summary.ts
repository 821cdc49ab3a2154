/** The job summary: what was done to whom, readable as an offboarding record. Cells are HTML-escaped. */
import * as core from '@actions/core';
import type { AuditPlan } from '../operations/audit.ts';
import type { MemberResult } from '../operations/removal.ts';
import type { RunContext } from '../run-context.ts';
import { escapeHtml, type Redactor } from '../safe-text.ts';

export interface SummaryContext {
  org: string;
  run: RunContext;
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

/** When, where and by whom: as much of it as the runner's environment tells. */
function runContextHtml(run: RunContext, finishedAt: Date): string {
  const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
  const parts = [`Finished ${escapeHtml(finishedAt.toISOString().replace(/\.\d+Z$/, 'Z'))}`];
  if (run.repository !== undefined) parts.push(`in ${code(run.repository)}`);
  if (run.sha !== undefined) parts.push(`at commit ${code(run.sha.slice(0, 12))}`);
  if (run.eventName !== undefined) parts.push(`triggered by ${code(run.eventName)}`);
  if (run.actor !== undefined) parts.push(`started by ${code(run.actor)}`);
  const link =
    run.runUrl === undefined ? '' : `, <a href="${escapeHtml(run.runUrl)}">run ${escapeHtml(run.runId ?? '')}</a>`;
  return `<p>${parts.join(' ')}${link}.</p>`;
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
    ...plan.unknownRoleKept.map((m) => [
      cell(m.username),
      cell(m.role),
      'keep',
      'role unknown (an audit removes only admins, members and viewers)',
    ]),
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
    .addRaw(runContextHtml(summaryContext.run, new Date()), true);
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
