/**
 * The job summary: what was done to whom, readable as an offboarding record. Text from the API,
 * rosters or inputs goes through inertText: GitHub reads the whole summary as one HTML block.
 * It stays within the 1 MiB GitHub shows: table rows that do not fit are left out, and it says so.
 */
import * as core from '@actions/core';
import { INDEPENDENT, independentApprovers, type ApprovalRecord } from '../model/approval.ts';
import { countOf, rowsWhere, type AuditPlan } from '../model/audit-plan.ts';
import { sameName } from '../model/names.ts';
import { cancelledAfter, type RunReport } from '../model/outcome.ts';
import type { PersonResult } from '../model/people.ts';
import { PLAN_COLUMNS, planTable } from '../model/plan-table.ts';
import type { RunContext } from '../model/run-context.ts';
import { reportsAsPlan, type RunPolicy } from '../model/run-policy.ts';
import { clip, escapeHtml, inertText, type Redactor } from '../model/safe-text.ts';
import type { JobName } from '../model/settings.ts';
import { rowsWithin, SUMMARY_MAX_BYTES } from '../model/size-limits.ts';
import type { EvidenceFile } from './evidence.ts';

export interface SummaryContext {
  org: string;
  run: RunContext;
  /** What the run was allowed to do; undefined when it was refused before it was decided. */
  policy: RunPolicy | undefined;
  job: JobName;
  rotateGroupTokens: readonly string[];
  evidence: EvidenceFile;
}

type Cell = (text: string) => string;

/** Headings, paragraphs, the run's context and the lines about rows left out: all but the table rows. */
const ROOM_FOR_THE_REST_BYTES = 64 * 1024;
/** The problem in full is in the step's log and error; here it is cut to stay within that room. */
const MAX_PROBLEM_CHARS = 16_000;

/** A table row as the toolkit writes it. */
const rowBytes = (cells: readonly string[]) =>
  Buffer.byteLength(`<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`);

/** The action's own words, with each value from the API or inputs through `data`. */
function detail(result: PersonResult, data: Cell): string {
  return [
    result.member === undefined ? '' : `member: ${data(result.member)}`,
    result.role === undefined ? '' : `role: ${data(result.role)}`,
    data(result.error ?? ''),
    data(result.warning ?? ''),
    auditLogText(result, data),
  ]
    .filter(Boolean)
    .join('; ');
}

function auditLogText(result: PersonResult, data: Cell): string {
  const { auditLog } = result;
  if (auditLog === undefined) return '';
  if (typeof auditLog === 'string') return `audit log: ${auditLog}`;
  return `audit log: removed by ${data(auditLog.author)} at ${data(auditLog.created_at)}`;
}

function tokensText(result: PersonResult, data: Cell): string {
  return result.tokens.length === 0 ? 'none' : result.tokens.map((t) => `${data(t.name)}: ${t.result}`).join(', ');
}

/** When, where and by whom: as much of it as the runner's environment tells. */
function runContextHtml(run: RunContext, finishedAt: Date): string {
  const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
  const parts = [`Finished ${escapeHtml(finishedAt.toISOString().replace(/\.\d+Z$/, 'Z'))}`];
  if (run.repository !== undefined) parts.push(`in ${code(run.repository)}`);
  if (run.sha !== undefined) parts.push(`at commit ${code(run.sha.slice(0, 12))}`);
  if (run.eventName !== undefined) parts.push(`triggered by ${code(run.eventName)}`);
  if (run.actor !== undefined) parts.push(`started by ${code(run.actor)}`);
  if (run.triggeringActor !== undefined && !sameName(run.triggeringActor, run.actor)) {
    parts.push(`(this attempt by ${code(run.triggeringActor)})`);
  }
  const link =
    run.runUrl === undefined ? '' : `, <a href="${escapeHtml(run.runUrl)}">run ${escapeHtml(run.runId ?? '')}</a>`;
  return `<p>${parts.join(' ')}${link}.</p>`;
}

/** What the run was allowed to do, and why. */
function policyHtml(policy: RunPolicy, data: Cell): string {
  return `<p>Run policy: <code>${policy.kind}</code> (${data(policy.reason)}).</p>`;
}

/** A link to a GitHub page named in an answer, or just its text when it is not a web address. */
function pageLink(url: string, text: string, data: Cell): string {
  return /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}">${data(text)}</a>` : data(text);
}

/** Who approved the run, as the look-ups found it: for an access review, beside who started it. */
function approvalHtml(approval: ApprovalRecord | undefined, data: Cell, redact: Redactor): string {
  if (approval === undefined) return '<p>Approval: not looked up (<code>approval: none</code>).</p>';
  const pr = approval.pullRequest;
  const parts = [
    pr === undefined
      ? 'the pull request could not be read'
      : pr === null
        ? 'the commit came from no merged pull request'
        : `${pageLink(pr.url, `pull request #${pr.number}`, data)} by <code>${data(pr.author)}</code>, merged${pr.mergedBy === undefined ? '' : ` by <code>${data(pr.mergedBy)}</code>`} at ${data(pr.mergedAt)}; ${pr.approvals.length === 0 ? 'no approving review' : `approved by ${pr.approvals.map((a) => `<code>${data(a.login)}</code> (${data(a.submittedAt)})`).join(', ')}`}`,
    // A reviewer's comment is redacted before it is cut, so that a cut cannot leave part of a secret.
    approval.environmentApprovals === undefined
      ? 'the environment approvals could not be read'
      : approval.environmentApprovals.length === 0
        ? 'no environment approval'
        : `environment reviews before the step started at ${data(approval.stepStartedAt)}: ${approval.environmentApprovals.map((a) => `<code>${data(a.login)}</code> ${data(a.state)} ${a.environments.map((e) => `<code>${data(e)}</code>`).join(', ')}${a.comment === '' ? '' : ` (${data(clip(redact(a.comment)))})`}`).join('; ')}`,
  ];
  const actors = `started by ${approval.actor === undefined ? 'an unknown actor' : `<code>${data(approval.actor)}</code>`}${approval.triggeringActor === undefined ? '' : `, this attempt by <code>${data(approval.triggeringActor)}</code>`}`;
  const environment =
    approval.environment === undefined
      ? 'no environment approval counts (<code>approval-environment</code> is empty)'
      : `approvals of environment <code>${data(approval.environment)}</code> count`;
  const permissions =
    approval.permissions.length === 0
      ? ''
      : `; permission on the repository: ${approval.permissions.map((p) => `<code>${data(p.login)}</code> ${p.permission === '' ? 'unread' : data(p.permission)}`).join(', ')}`;
  const independent = independentApprovers(approval);
  const counted =
    independent.length === 0
      ? `no approval by ${INDEPENDENT}`
      : `approved by ${INDEPENDENT}: ${independent.map((login) => `<code>${data(login)}</code>`).join(', ')}`;
  const unavailable =
    approval.unavailable.length === 0 ? '' : ` Unavailable: ${data(approval.unavailable.join('; '))}.`;
  return `<p>Approval (<code>${approval.policy}</code>): ${parts.join('; ')}; ${actors}; ${environment}${permissions}. ${counted}.${unavailable}</p>`;
}

function headerRow(...titles: string[]) {
  return titles.map((data) => ({ data, header: true }));
}

/** "2 of 40 members would be removed": counted against the whole organization in an audit. */
function countsText(report: RunReport, planOnly: boolean, { job, rotateGroupTokens }: SummaryContext): string {
  const { results, plan, rotations } = report;
  // Refused before the organization was read: there is no one to count.
  if (plan === undefined && results.length === 0 && report.problem !== undefined) {
    return {
      remove: 'nothing was removed.',
      audit: 'nothing was removed.',
      demote: 'no role was lowered.',
      rotate: 'no group was rotated.',
      report: 'no review was written.',
    }[job];
  }
  if (job === 'rotate') {
    return planOnly
      ? `${rotateGroupTokens.length} group(s) would be rotated.`
      : `${rotations.filter((r) => r.result === 'rotated').length} of ${rotations.length} group(s) rotated.`;
  }
  if (plan === undefined) {
    const lowering = job === 'demote';
    const kind = lowering ? (planOnly ? 'would-demote' : 'demoted') : planOnly ? 'would-remove' : 'removed';
    const done = results.filter((r) => r.result === kind).length;
    const shown = lowering ? (planOnly ? 'would be lowered' : 'lowered') : planOnly ? 'would be removed' : 'removed';
    return `${done} of ${results.length} ${results.length === 1 ? 'person' : 'people'} ${shown}.`;
  }
  return auditCountsText(plan, report, planOnly);
}

/** The audit's counts: the plan's rows, and of those done what the results show. */
function auditCountsText(plan: AuditPlan, report: RunReport, planOnly: boolean): string {
  const { results, problem } = report;
  const members = rowsWhere(plan, { what: 'member' }).length;
  const planned = planOnly || problem !== undefined;
  const removed = planned ? countOf(plan, 'remove') : results.filter((r) => r.membership === 'removed').length;
  const shown = problem === undefined ? (planOnly ? 'would be removed' : 'removed') : 'planned for removal';
  const lowered = planned ? countOf(plan, 'demote') : results.filter((r) => r.result === 'demoted').length;
  const roles =
    countOf(plan, 'demote') === 0
      ? ''
      : ` ${lowered} role(s) ${planOnly ? 'would be lowered' : problem === undefined ? 'lowered' : 'planned to lower'}.`;
  const invitations = rowsWhere(plan, { what: 'invitation', action: 'revoke' }).length;
  const tokens = rowsWhere(plan, { what: 'token', action: 'revoke' }).length;
  return `${removed} of ${members} members ${shown}; ${invitations} invitation(s) and ${tokens} token(s) ${planOnly ? 'would be revoked' : problem === undefined ? 'to revoke' : 'planned'}.${roles}`;
}

/** How the summary writes text: `data` encodes it, `cell` also shows an empty one as a dash. */
interface Writing {
  summary: typeof core.summary;
  data: Cell;
  cell: Cell;
  planOnly: boolean;
}

/** Writes the job summary, and says so; skipped quietly when the runner provides no summary file. */
export async function writeSummary(report: RunReport, context: SummaryContext, redact: Redactor): Promise<boolean> {
  if (!process.env.GITHUB_STEP_SUMMARY) return false;
  const { policy } = context;
  const data: Cell = (text) => inertText(redact(text));
  // The toolkit renders an empty cell as an unclosed <td>; a dash keeps the table whole.
  const cell: Cell = (text) => data(text) || '—';
  const writing = { summary: core.summary, data, cell, planOnly: policy !== undefined && reportsAsPlan(policy) };
  addHead(writing, report, context, redact);
  addTables(writing, report);
  addFoot(writing, report, context);
  await core.summary.write();
  return true;
}

/** The heading and what the run was: organization, counts, context, policy, approval, problem. */
function addHead(
  { summary, data, cell, planOnly }: Writing,
  report: RunReport,
  context: SummaryContext,
  redact: Redactor,
) {
  const { org, policy } = context;
  const kind = {
    remove: 'offboarding',
    audit: 'membership audit',
    demote: 'role change',
    rotate: 'group token rotation',
    report: 'access review',
  }[context.job];
  summary
    .addHeading(`Turso ${kind}${planOnly ? ' (dry run)' : ''}`, 2)
    .addRaw(`<p>Organization <code>${cell(org)}</code>: ${countsText(report, planOnly, context)}</p>`, true)
    .addRaw(runContextHtml(context.run, new Date()), true);
  if (policy !== undefined) summary.addRaw(policyHtml(policy, data), true);
  if (report.reference !== undefined) summary.addRaw(`<p>Reference: <code>${cell(report.reference)}</code></p>`, true);
  summary.addRaw(approvalHtml(report.approval, data, redact), true);
  if (report.cancelled === true)
    summary.addRaw(`<p><strong>${cancelledAfter(report, context.job)}.</strong></p>`, true);
  if (report.problem !== undefined) {
    // Redacted before it is cut, so that a cut cannot leave part of a secret.
    summary.addRaw(`<p><strong>${cell(clip(redact(report.problem), MAX_PROBLEM_CHARS))}</strong></p>`, true);
  }
}

/** The plan, the results and the role changes, within the room GitHub shows. */
function addTables({ summary, data, cell, planOnly }: Writing, report: RunReport) {
  const { results, plan, problem } = report;
  const planCells = (plan === undefined ? [] : planTable(plan, { planOnly, refused: problem !== undefined })).map(
    ([who = '', role = '', ...words]) => [cell(who), cell(role), ...words],
  );
  const resultCells = results.map((r) => [
    r.email === undefined || r.email === r.username ? cell(r.username) : `${data(r.username)} (${data(r.email)})`,
    r.result,
    r.membership,
    r.invite,
    tokensText(r, data),
    r.verified,
    detail(r, data) || '—',
    String(r.attempts ?? '—'),
  ]);
  const roleCells = results.flatMap(({ username, result, verified, roleChange }) =>
    roleChange === undefined
      ? []
      : [[cell(username), cell(roleChange.from), roleChange.to, cell(roleChange.after ?? ''), result, verified]],
  );
  // The results are the record of what was done: they get the room first.
  const room = SUMMARY_MAX_BYTES - ROOM_FOR_THE_REST_BYTES;
  const shownResults = rowsWithin(resultCells, room, rowBytes);
  const shownRoles = rowsWithin(roleCells, room - shownResults.used, rowBytes);
  const shownPlan = rowsWithin(planCells, room - shownResults.used - shownRoles.used, rowBytes);
  /** `what` names both the table and the output that holds all of it. */
  const leftOut = (count: number, what: 'plan' | 'results') => {
    if (count > 0) {
      summary.addRaw(
        `<p>${count} more ${what} row(s) did not fit in the job summary (GitHub shows ${SUMMARY_MAX_BYTES} bytes of it): the <code>${what}</code> output has them all.</p>`,
        true,
      );
    }
  };
  if (plan !== undefined) {
    summary.addHeading('Plan', 3).addTable([headerRow(...PLAN_COLUMNS), ...shownPlan.shown]);
    leftOut(shownPlan.leftOut, 'plan');
  }
  if (results.length > 0) {
    if (plan !== undefined) summary.addHeading('Results', 3);
    summary.addTable([
      headerRow('Person', 'Result', 'Membership', 'Invitation', 'Tokens', 'Verified', 'Detail', 'Attempts'),
      ...shownResults.shown,
    ]);
    leftOut(shownResults.leftOut, 'results');
  }
  if (roleCells.length > 0) {
    summary
      .addHeading(planOnly ? 'Roles to lower' : 'Roles lowered', 3)
      .addTable([
        headerRow('Person', 'Role at start', 'Lowered to', 'Role after', 'Result', 'Verified'),
        ...shownRoles.shown,
      ]);
    leftOut(shownRoles.leftOut, 'results');
  }
}

/** Where the run wrote to GitHub, the rotations, and the evidence record. */
function addFoot({ summary, cell }: Writing, report: RunReport, context: SummaryContext) {
  const { results, rotations } = report;
  if (report.driftIssueUrl !== undefined && report.driftIssueUrl !== '') {
    summary.addRaw(`<p>Drift issue: ${pageLink(report.driftIssueUrl, report.driftIssueUrl, cell)}</p>`, true);
  }
  if (report.planCommentUrl !== undefined) {
    summary.addRaw(
      `<p>Plan on the pull request: ${pageLink(report.planCommentUrl, report.planCommentUrl, cell)}</p>`,
      true,
    );
  }
  for (const failure of report.githubFailures ?? []) {
    const what = failure.write === 'drift-issue' ? 'The drift issue' : 'The plan comment';
    summary.addRaw(`<p>${what} was not written: ${cell(failure.error)}</p>`, true);
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
      ? `<p>Evidence record: <code>${cell(context.evidence.path)}</code>, SHA-256 <code>${cell(context.evidence.sha256)}</code>.</p>`
      : `<p>No evidence record: it could not be written (${cell(context.evidence.problem)}).</p>`,
    true,
  );
}
