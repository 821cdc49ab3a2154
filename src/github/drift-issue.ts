/**
 * The drift issue: one open issue per organization, labelled `turso-drift`, whose body is the
 * audit plan. Updated in place on every run that finds drift, closed with a comment when a run
 * finds none, so that it stays visible until a person has dealt with the drift.
 */
import { hasDrift, PLAN_COLUMNS, planRows, type AuditPlan } from '../model/audit-plan.ts';
import type { DriftContext } from '../model/roster.ts';
import { inertCode, type Redactor } from '../model/safe-text.ts';
import type { GitHubClient } from './client.ts';

export const DRIFT_LABEL = 'turso-drift';

/** Rows shown in the issue; GitHub limits a body to 65,536 characters. */
const MAX_ROWS = 300;

export const driftTitle = (org: string) => `Turso membership drift in ${org}`;

/** The plan as Markdown; every name from the API or a roster goes through inertCode, so it stays data. */
export function driftBody(plan: AuditPlan, context: DriftContext, redact: Redactor): string {
  const cell = (text: string) => (text === '' ? '—' : inertCode(redact(text)));
  // Only the drift: the people who stay are in the job summary.
  const drift = planRows(plan, context.dryRun, context.refused).filter(
    ([, , action]) => action !== 'keep' && action !== 'none',
  );
  const rows = drift
    .slice(0, MAX_ROWS)
    .map(
      ([who = '', role = '', action = '', reason = '']) => `| ${cell(who)} | ${cell(role)} | ${action} | ${reason} |`,
    );
  if (drift.length > MAX_ROWS) rows.push(`| and ${drift.length - MAX_ROWS} more | | | see the run's job summary |`);
  const run =
    context.run.runUrl === undefined ? 'an audit run' : `[run ${context.run.runId ?? ''}](${context.run.runUrl})`;
  const outcome = context.refused
    ? 'The plan was refused (more than `max-removals`), so nothing was removed: check the roster, or raise `max-removals`.'
    : context.dryRun
      ? 'This audit only reports (dry run): nothing was removed. Fix the roster, or remove the people by hand (a `workflow_dispatch` run of the offboarding workflow).'
      : 'The audit removed what the plan says.';
  return [
    `Membership of the Turso organization ${inertCode(context.org)} differs from the roster, as found by ${run} at ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}.`,
    '',
    outcome,
    '',
    `| ${PLAN_COLUMNS.join(' | ')} |`,
    `| ${PLAN_COLUMNS.map(() => '---').join(' | ')} |`,
    ...rows,
    '',
    'This issue is updated by every audit that finds drift and closed by the first that finds none.',
  ].join('\n');
}

/** Opens, updates or closes the drift issue; resolves to its URL while drift remains, else ''. */
export async function keepDriftIssue(
  github: GitHubClient,
  plan: AuditPlan,
  context: DriftContext,
  redact: Redactor,
): Promise<string> {
  const [owner = '', repo = ''] = context.repository.split('/');
  const title = driftTitle(context.org);
  const open = await github.paginate(github.rest.issues.listForRepo, {
    owner,
    repo,
    labels: DRIFT_LABEL,
    state: 'open',
    per_page: 100,
  });
  const existing = open.find((issue) => issue.title === title && issue.pull_request === undefined);
  if (hasDrift(plan)) {
    const body = driftBody(plan, context, redact);
    if (existing !== undefined) {
      const updated = await github.rest.issues.update({ owner, repo, issue_number: existing.number, body });
      return updated.data.html_url;
    }
    const created = await github.rest.issues.create({ owner, repo, title, body, labels: [DRIFT_LABEL] });
    return created.data.html_url;
  }
  if (existing !== undefined) {
    const by =
      context.run.runUrl === undefined ? 'an audit' : `[run ${context.run.runId ?? ''}](${context.run.runUrl})`;
    await github.rest.issues.createComment({
      owner,
      repo,
      issue_number: existing.number,
      body: `No drift any more: ${by} found the organization matching the roster. Closing.`,
    });
    await github.rest.issues.update({ owner, repo, issue_number: existing.number, state: 'closed' });
  }
  return '';
}
