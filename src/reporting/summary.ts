/** The job summary: what was done to whom, readable as an offboarding record. Cells are HTML-escaped. */
import * as core from '@actions/core';
import { PLAN_COLUMNS, planRows } from '../model/audit-plan.ts';
import type { RunReport } from '../model/outcome.ts';
import type { EvidenceFile } from './evidence.ts';
import type { PersonResult } from '../model/people.ts';
import type { RunContext } from '../model/run-context.ts';
import { escapeHtml, type Redactor } from '../model/safe-text.ts';
import type { RunMode } from '../model/settings.ts';

export interface SummaryContext {
  org: string;
  run: RunContext;
  dryRun: boolean;
  mode: RunMode['kind'];
  rotateGroupTokens: readonly string[];
  evidence: EvidenceFile;
}

type Cell = (text: string) => string;

function detail(result: PersonResult): string {
  return [
    result.member === undefined ? '' : `member: ${result.member}`,
    result.role === undefined ? '' : `role: ${result.role}`,
    result.error ?? '',
    result.warning ?? '',
    auditLogText(result),
  ]
    .filter(Boolean)
    .join('; ');
}

function auditLogText(result: PersonResult): string {
  const { auditLog } = result;
  if (auditLog === undefined) return '';
  if (typeof auditLog === 'string') return `audit log: ${auditLog}`;
  return `audit log: removed by ${auditLog.author} at ${auditLog.created_at}`;
}

function tokensText(result: PersonResult): string {
  return result.tokens.length === 0 ? 'none' : result.tokens.map((t) => `${t.name}: ${t.result}`).join(', ');
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

/** "2 of 40 members would be removed": counted against the whole organization in an audit. */
function countsText(report: RunReport, dryRun: boolean): string {
  const { results, plan } = report;
  const verb = dryRun ? 'would be removed' : 'removed';
  if (plan === undefined) {
    const done = results.filter((r) => r.result === (dryRun ? 'would-remove' : 'removed')).length;
    return `${done} of ${results.length} ${results.length === 1 ? 'person' : 'people'} ${verb}.`;
  }
  const members =
    plan.remove.length +
    plan.keep.length +
    plan.tokenUserKept.length +
    plan.ownersKept.length +
    plan.unknownRoleKept.length;
  const removed =
    dryRun || report.problem !== undefined
      ? plan.remove.length
      : results.filter((r) => r.membership === 'removed').length;
  const shown = report.problem === undefined ? verb : 'planned for removal';
  return `${removed} of ${members} members ${shown}; ${plan.revokeInvites.length} invitation(s) and ${plan.revokeTokens.length} token(s) ${dryRun ? 'would be revoked' : report.problem === undefined ? 'to revoke' : 'planned'}.`;
}

/** Writes the job summary; skipped quietly when the runner provides no summary file. */
export async function writeSummary(report: RunReport, context: SummaryContext, redact: Redactor): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const { results, plan, problem, rotations } = report;
  const { org, dryRun } = context;
  // The toolkit renders an empty cell as an unclosed <td>; a dash keeps the table whole.
  const cell: Cell = (text) => escapeHtml(redact(text)) || '—';
  const kind = { remove: 'offboarding', audit: 'membership audit', rotate: 'group token rotation' }[context.mode];
  const summary = core.summary
    .addHeading(`Turso ${kind}${dryRun ? ' (dry run)' : ''}`, 2)
    .addRaw(`<p>Organization <code>${cell(org)}</code>: ${countsText(report, dryRun)}</p>`, true)
    .addRaw(runContextHtml(context.run, new Date()), true);
  if (problem !== undefined) summary.addRaw(`<p><strong>${cell(problem)}</strong></p>`, true);
  if (plan !== undefined) {
    summary
      .addHeading('Plan', 3)
      .addTable([
        headerRow(...PLAN_COLUMNS),
        ...planRows(plan, dryRun, problem !== undefined).map((row) => row.map(cell)),
      ]);
  }
  if (results.length > 0) {
    if (plan !== undefined) summary.addHeading('Results', 3);
    summary.addTable([
      headerRow('Person', 'Result', 'Membership', 'Invitation', 'Tokens', 'Verified', 'Detail', 'Attempts'),
      ...results.map((r) => [
        cell(r.email === undefined || r.email === r.username ? r.username : `${r.username} (${r.email})`),
        r.result,
        r.membership,
        r.invite,
        cell(tokensText(r)),
        r.verified,
        cell(detail(r)),
        cell(String(r.attempts ?? '')),
      ]),
    ]);
  }
  if (report.driftIssueUrl !== undefined && report.driftIssueUrl !== '') {
    summary.addRaw(
      `<p>Drift issue: <a href="${escapeHtml(report.driftIssueUrl)}">${cell(report.driftIssueUrl)}</a></p>`,
      true,
    );
  }
  if (rotations.length > 0) {
    summary.addRaw(
      `<p>Group database tokens: ${rotations.map((r) => `<code>${cell(r.group)}</code> ${r.result === 'rotated' ? 'rotated' : `not rotated (${cell(r.error ?? '')})`}`).join(', ')}.</p>`,
      true,
    );
  } else if (context.rotateGroupTokens.length === 0 && results.some((r) => r.membership === 'removed')) {
    summary.addRaw(
      "<p>Not covered: database auth tokens the people removed may have copied keep working until their group's tokens are rotated (<code>rotate-group-tokens</code>), and tokens they hold for other organizations are untouched.</p>",
      true,
    );
  }
  summary.addRaw(
    'path' in context.evidence
      ? `<p>Evidence record: <code>${cell(context.evidence.path)}</code>, SHA-256 <code>${context.evidence.sha256}</code>.</p>`
      : `<p>No evidence record: it could not be written (${cell(context.evidence.problem)}).</p>`,
    true,
  );
  await summary.write();
}
