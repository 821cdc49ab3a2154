/**
 * The audit plan as GitHub Markdown, for the drift issue and the pull-request comment alike: a
 * hidden marker first (how the action finds its own text again), the action's own words, then
 * the rows that change something. Every name from the API, a roster or an input goes through
 * inertCode, so it stays data; rows that would take the text past GitHub's limit are left out,
 * and it says so.
 */
import type { AuditPlan } from '../model/audit-plan.ts';
import { PLAN_COLUMNS, planTable, type PlanTense } from '../model/plan-table.ts';
import type { RunContext } from '../model/run-context.ts';
import { inertCode, type Redactor } from '../model/safe-text.ts';
import { ISSUE_BODY_MAX_CHARS, rowsWithin } from '../model/size-limits.ts';

/** A link to the run, or `otherwise` where the runner does not tell it. */
export const runLink = (run: RunContext, otherwise: string) =>
  run.runUrl === undefined ? otherwise : `[run ${run.runId ?? ''}](${run.runUrl})`;

export interface PlanText {
  marker: string;
  /** The action's own words before the table: what this text is, and what the run did. */
  lead: string[];
  /** The `reference` input, if given. */
  reference: string | undefined;
  /** Where the rows left out can be found: "this issue", "this comment". */
  container: string;
  /** What a reader sees when the plan changes nothing; undefined: there is always a table. */
  noChange?: string;
  foot: string;
}

export function planMarkdown(plan: AuditPlan, tense: PlanTense, text: PlanText, redact: Redactor): string {
  const cell = (value: string) => (value === '' ? '—' : inertCode(redact(value)));
  // Only what changes: the people who stay are in the job summary.
  const drift = planTable(
    plan.filter((row) => row.action !== 'keep' && row.action !== 'none'),
    tense,
  ).map(
    ([who = '', role = '', action = '', reason = '']) => `| ${cell(who)} | ${cell(role)} | ${action} | ${reason} |\n`,
  );
  const head = [
    text.marker,
    ...text.lead,
    ...(text.reference === undefined ? [] : ['', `Reference: ${inertCode(redact(text.reference))}`]),
    '',
    ...(drift.length === 0 && text.noChange !== undefined
      ? [`${text.noChange}\n`]
      : [`| ${PLAN_COLUMNS.join(' | ')} |`, `| ${PLAN_COLUMNS.map(() => '---').join(' | ')} |\n`]),
  ].join('\n');
  const leftOutLine = (count: number) =>
    `\n_${count} more row(s) did not fit in ${text.container} (GitHub takes ${ISSUE_BODY_MAX_CHARS} characters): the full plan is in the run's job summary and its \`plan\` output._\n`;
  const foot = `\n${text.foot}`;
  const room = ISSUE_BODY_MAX_CHARS - head.length - foot.length - leftOutLine(drift.length).length;
  const rows = rowsWithin(drift, room, (row) => row.length);
  return `${head}${rows.shown.join('')}${rows.leftOut > 0 ? leftOutLine(rows.leftOut) : ''}${foot}`;
}
