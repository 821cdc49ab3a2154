/**
 * The drift issue: one open issue per organization, labelled `turso-drift`, whose body begins
 * with a hidden marker naming the organization and goes on with the audit plan. Updated in place
 * on every run that finds drift, closed with a comment when a run finds none, so that it stays
 * visible until a person has dealt with the drift.
 */
import { countOf, hasDrift, keptByException, plannedDeletions, type AuditPlan } from '../model/audit-plan.ts';
import { KEPT_BY_EXCEPTION } from '../model/plan-table.ts';
import type { DriftContext } from '../model/roster.ts';
import { inertCode, type Redactor } from '../model/safe-text.ts';
import { errorStatus, errorText, type GitHubClient } from './client.ts';
import { planMarkdown, runLink } from './plan-markdown.ts';
import { writtenByBot, type Authored } from './trusted-author.ts';

export const DRIFT_LABEL = 'turso-drift';

export const driftTitle = (org: string) => `Turso membership drift in ${org}`;

/** The hidden first line of a drift issue's body, naming its organization: how the issue is found. */
export const driftMarker = (org: string) =>
  `<!-- turso-remove-member-action drift-issue org=${encodeURIComponent(org)} -->`;

/** The plan as Markdown, showing only the drift. */
export function driftBody(plan: AuditPlan, context: DriftContext, redact: Redactor): string {
  const lowering = countOf(plan, 'demote');
  const outcome = context.refused
    ? 'The plan was refused, so nothing was removed (the run says why: more than `max-removals`, a keep-list email that names no one, or no approval under `approval: require`): check the roster, raise `max-removals`, or have the change approved.'
    : context.planOnly
      ? 'This audit only reports (dry run): nothing was removed. Fix the roster, or remove the people by hand (a `workflow_dispatch` run of the offboarding workflow).'
      : `The audit removed or revoked ${context.done.deletions} of the ${plannedDeletions(plan)} planned${lowering > 0 ? `, and lowered ${context.done.rolesLowered} of the ${lowering} role(s) planned` : ''}${context.done.failedPeople > 0 ? `; ${context.done.failedPeople} person(s) could not be wholly offboarded (see the run)` : ''}.`;
  return planMarkdown(
    plan,
    context,
    {
      marker: driftMarker(context.org),
      lead: [
        `Membership of the Turso organization ${inertCode(context.org)} differs from the roster, as found by ${runLink(context.run, 'an audit run')} at ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}.`,
        '',
        outcome,
        ...(keptByException(plan) === 0
          ? []
          : [
              '',
              `${keptByException(plan)} row(s) marked \`${KEPT_BY_EXCEPTION}\` are kept because this action may not or cannot change them: an owner, the user whose token runs the action, a role or a token owner it cannot read. They are drift all the same: fix them in Turso or in the roster.`,
            ]),
      ],
      reference: context.reference,
      container: 'this issue',
      foot: 'This issue is updated by every audit that finds drift and closed by the first that finds none.',
    },
    redact,
  );
}

interface ListedIssue extends Authored {
  number: number;
  title: string;
  body?: string | null;
  labels: (string | { name?: string })[];
  html_url: string;
  pull_request?: unknown;
}

const labelNames = (issue: ListedIssue) =>
  issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? '')));

/** Why the drift issue could not be kept: with the permission it needs only when GitHub refused the token. */
export function driftIssueProblem(error: unknown): string {
  const status = errorStatus(error);
  return status === 401 || status === 403 || status === 404
    ? `GitHub refused the github-token (HTTP ${status}; it needs issues: write): ${errorText(error)}`
    : errorText(error);
}

/**
 * Opens, updates or closes the drift issue; resolves to its URL while drift remains, else ''.
 * Every open issue whose body begins with the organization's marker is its drift issue (and,
 * from before markers, one with its label and title), when a bot opened it, as the action does:
 * the oldest is kept, with the label added back if it was dropped, and the others are closed as
 * duplicates of it. A body that only quotes the marker further on is someone writing about the
 * drift issue, not the issue itself.
 */
export async function keepDriftIssue(
  github: GitHubClient,
  plan: AuditPlan,
  context: DriftContext,
  redact: Redactor,
): Promise<string> {
  const [owner = '', repo = ''] = context.repository.split('/');
  const title = driftTitle(context.org);
  const marker = driftMarker(context.org);
  const isOurs = (issue: ListedIssue) =>
    issue.pull_request === undefined &&
    writtenByBot(issue) &&
    ((issue.body ?? '').startsWith(marker) || (issue.title === title && labelNames(issue).includes(DRIFT_LABEL)));
  const openIssues = async (labels?: string): Promise<ListedIssue[]> =>
    github.paginate(github.rest.issues.listForRepo, {
      owner,
      repo,
      state: 'open',
      sort: 'created',
      direction: 'asc',
      per_page: 100,
      ...(labels !== undefined && { labels }),
    });
  // The labelled issues first, usually one request; every open issue only when none of them is
  // ours, so that one whose label was dropped is still found.
  let ours = (await openIssues(DRIFT_LABEL)).filter(isOurs);
  if (ours.length === 0) ours = (await openIssues()).filter(isOurs);
  ours.sort((a, b) => a.number - b.number);
  const close = async (issue: ListedIssue, body: string) => {
    await github.rest.issues.createComment({ owner, repo, issue_number: issue.number, body });
    await github.rest.issues.update({ owner, repo, issue_number: issue.number, state: 'closed' });
  };
  const by = runLink(context.run, 'an audit');

  if (!hasDrift(plan)) {
    for (const issue of ours) {
      await close(issue, `No drift any more: ${by} found the organization matching the roster. Closing.`);
    }
    return '';
  }
  const body = driftBody(plan, context, redact);
  const [kept, ...duplicates] = ours;
  let url: string;
  if (kept === undefined) {
    url = (await github.rest.issues.create({ owner, repo, title, body, labels: [DRIFT_LABEL] })).data.html_url;
  } else {
    url = (await github.rest.issues.update({ owner, repo, issue_number: kept.number, body })).data.html_url;
    // GitHub drops labels silently for a token without push access, and people remove them.
    if (!labelNames(kept).includes(DRIFT_LABEL)) {
      await github.rest.issues.addLabels({ owner, repo, issue_number: kept.number, labels: [DRIFT_LABEL] });
    }
  }
  for (const issue of duplicates) {
    await close(issue, `A duplicate of ${url}, which ${by} keeps as the drift issue of this organization. Closing.`);
  }
  return url;
}
