/**
 * The access review's record: the report file (JSON, docs/report.schema.json), the CSV and the
 * roster file in RUNNER_TEMP, their paths and the findings' count as outputs, and a job summary
 * with the findings and the report file's SHA-256 (also in the log). All text is redacted;
 * in the summary, text from the API goes through inertText.
 */
import * as core from '@actions/core';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessReview, Finding } from '../model/access-review.ts';
import type { Log } from '../model/log.ts';
import { reviewCsv } from '../model/review-csv.ts';
import { rosterFile } from '../model/roster-file.ts';
import type { RunContext } from '../model/run-context.ts';
import { inertText, type Redactor } from '../model/safe-text.ts';
import { rowsWithin, SUMMARY_MAX_BYTES } from '../model/size-limits.ts';

/** Room for the summary's head and the line about findings left out; the rest is for rows. */
const ROOM_FOR_THE_REST_BYTES = 16 * 1024;

export interface ReviewFiles {
  report: string;
  csv: string;
  roster: string;
  sha256: string;
}

/** `turso-access-review-<org>-<run id>-<attempt>` (or the time, for a run without an id), then each file's ending. */
function baseName(org: string, run: RunContext, generatedAt: string): string {
  const id =
    run.runId === undefined ? `local-${generatedAt.replace(/[:.]/g, '-')}` : `${run.runId}-${run.runAttempt ?? '1'}`;
  return `turso-access-review-${org}-${id}${run.step === undefined ? '' : `-${run.step}`}`.replace(/[^\w.@+-]/g, '_');
}

/** Writes the three files (never over another file) and says where they are, with the report's SHA-256. */
export async function writeReviewFiles(
  review: AccessReview,
  run: RunContext,
  redact: Redactor,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReviewFiles> {
  const base = join(env.RUNNER_TEMP || tmpdir(), baseName(review.organization.slug, run, review.generatedAt));
  // Redacted as text, once: the redactor knows each secret's JSON-escaped form, and one pass over
  // the file costs less than one over each of a large organization's strings.
  const report = redact(`${JSON.stringify(review, null, 2)}\n`);
  const files = { report: `${base}.json`, csv: `${base}.csv`, roster: `${base}.roster.txt` };
  const write = (path: string, text: string) => writeFile(path, text, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  await write(files.report, report);
  await write(files.csv, redact(reviewCsv(review)));
  await write(files.roster, redact(rosterFile(review)));
  return { ...files, sha256: createHash('sha256').update(report, 'utf8').digest('hex') };
}

/** The outputs, the log's lines and the summary of a review written to `files`. */
export async function reportReview(
  review: AccessReview,
  files: ReviewFiles,
  log: Log,
  redact: Redactor,
): Promise<void> {
  core.setOutput('report-file', files.report);
  core.setOutput('csv-file', files.csv);
  core.setOutput('roster-file', files.roster);
  core.setOutput('findings-count', String(review.findings.length));
  log.info(`Access review: ${files.report} (SHA-256 ${files.sha256})`);
  log.info(`CSV: ${files.csv}; roster file: ${files.roster}`);
  // Counted by kind: each finding is a row of the summary, the report and the CSV, and a line each
  // would make a large organization's log as long as those.
  const kinds = new Map<string, number>();
  for (const { finding } of review.findings) kinds.set(finding, (kinds.get(finding) ?? 0) + 1);
  const counts = [...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ');
  log.info(`${review.findings.length} finding(s)${counts === '' ? '' : `: ${counts}`}; each is in the summary`);
  if (process.env.GITHUB_STEP_SUMMARY) await writeReviewSummary(review, files, redact);
}

const cellOf = (redact: Redactor) => (text: string) => inertText(redact(text));

async function writeReviewSummary(review: AccessReview, files: ReviewFiles, redact: Redactor): Promise<void> {
  const cell = cellOf(redact);
  const { organization, window, members, invitations, tokensWithoutMember } = review;
  const tokens = members.reduce((n, member) => n + member.tokens.length, tokensWithoutMember.length);
  const rows = review.findings.map((finding: Finding) => [
    cell(finding.finding),
    cell(finding.kind),
    cell(finding.account),
    cell(finding.detail),
  ]);
  const size = (cells: readonly string[]) =>
    Buffer.byteLength(`<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`);
  const { shown, leftOut } = rowsWithin(rows, SUMMARY_MAX_BYTES - ROOM_FOR_THE_REST_BYTES, size);
  const summary = core.summary
    .addHeading('Turso access review', 2)
    .addRaw(
      `<p>Organization <code>${cell(organization.slug)}</code> at ${cell(review.generatedAt)}: ${members.length} member(s), ${invitations === 'unavailable' ? 'invitations unavailable on its plan' : `${invitations.length} pending invitation(s)`}, ${tokens} organization API token(s); require_mfa ${organization.requireMfa ? 'on' : 'off'}.</p>`,
      true,
    )
    .addRaw(
      `<p>Audit log since ${cell(window.since)}: ${window.auditLog === 'read' ? `${window.entries} entries read (it records changes, not queries)` : 'unavailable on the plan, so last activity is unavailable'}. Roster: ${review.rosterGiven ? 'given' : 'none given, so nothing is compared with one'}.</p>`,
      true,
    )
    .addRaw(`<p>Report file SHA-256 <code>${files.sha256}</code></p>`, true)
    .addHeading(`Findings (${review.findings.length})`, 3);
  if (shown.length > 0) {
    summary.addTable([['finding', 'about', 'account', 'detail'].map((data) => ({ data, header: true })), ...shown]);
  } else summary.addRaw('<p>None.</p>', true);
  if (leftOut > 0) summary.addRaw(`<p>${leftOut} more finding(s) are in the report file and the CSV.</p>`, true);
  await summary.write();
}
