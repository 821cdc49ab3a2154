/**
 * What the step leaves behind: its outputs and its job summary. All text is redacted, and
 * summary cells are HTML-escaped.
 */
import * as core from '@actions/core';
import { context } from '@actions/github';
import type { MemberResult, ResultKind } from './removal.ts';
import { escapeHtml, type Redactor } from './safe-text.ts';

/** Overall result: the first of these that occurs. */
const RESULT_PRECEDENCE: readonly ResultKind[] = ['failed', 'not-member', 'would-remove', 'removed'];

export function overallResult(results: readonly MemberResult[]): ResultKind {
  return RESULT_PRECEDENCE.find((kind) => results.some((r) => r.result === kind)) ?? 'removed';
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

export function setOutputs(results: readonly MemberResult[], redact: Redactor): void {
  const members = results.flatMap((r) => (r.result === 'removed' && r.member !== undefined ? [r.member] : []));
  core.setOutput('member', redact(members.join('\n')));
  core.setOutput('result', overallResult(results));
  core.setOutput('results', redact(resultsJson(results)));
  core.setOutput('removed-count', String(results.filter((r) => r.result === 'removed').length));
}

export interface SummaryContext {
  org: string;
  dryRun: boolean;
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

/** Writes the job summary; skipped quietly when the runner provides no summary file. */
export async function writeSummary(
  results: readonly MemberResult[],
  summaryContext: SummaryContext,
  redact: Redactor,
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const cell = (text: string) => escapeHtml(redact(text));
  const removed = results.filter((r) => r.result === 'removed').length;
  const heading = summaryContext.dryRun ? 'Turso member removal (dry run)' : 'Turso member removal';
  const counts =
    `Organization <code>${cell(summaryContext.org)}</code>: ` +
    (summaryContext.dryRun
      ? `${results.filter((r) => r.result === 'would-remove').length} of ${results.length} would be removed.`
      : `${removed} of ${results.length} removed.`);
  await core.summary
    .addHeading(heading, 2)
    .addRaw(`<p>${counts}</p>`, true)
    .addRaw(runContextHtml(), true)
    .addTable([
      [
        { data: 'Username', header: true },
        { data: 'Result', header: true },
        { data: 'Detail', header: true },
        { data: 'Attempts', header: true },
      ],
      ...results.map((r) => [cell(r.username), r.result, cell(detail(r)), String(r.attempts ?? '')]),
    ])
    .write();
}
