/**
 * The plan on the pull request that changes the roster: one comment, marked with a hidden marker
 * naming the organization, written by the first audit of the pull request and updated in place
 * by every later one, so that the reviewer approves what the change does, not a diff of names.
 */
import type { AuditPlan } from '../model/audit-plan.ts';
import type { PlanCommentContext, PlanCommentOutcome } from '../model/roster.ts';
import { inertCode, type Redactor } from '../model/safe-text.ts';
import { errorStatus, errorText, type GitHubClient } from './client.ts';
import { planMarkdown, runLink } from './plan-markdown.ts';
import { writtenByTrusted, type Authored } from './trusted-author.ts';

/** The hidden first line of the plan comment, naming its organization: how the comment is found again. */
export const planCommentMarker = (org: string) =>
  `<!-- turso-remove-member-action plan-comment org=${encodeURIComponent(org)} -->`;

export function planCommentBody(plan: AuditPlan, context: PlanCommentContext, redact: Redactor): string {
  return planMarkdown(
    plan,
    { dryRun: true, refused: false },
    {
      marker: planCommentMarker(context.org),
      lead: [
        `What merging this pull request would change in the Turso organization ${inertCode(context.org)}, as planned from its roster by ${runLink(context.run, 'an audit run')} at ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}. Nothing has been changed: the run on the merged roster does it.`,
      ],
      reference: context.reference,
      container: 'this comment',
      noChange: 'Nothing would change: the organization matches this roster.',
      foot: 'This comment is updated by every audit of this pull request.',
    },
    redact,
  );
}

interface ListedComment extends Authored {
  id: number;
  body?: string;
  html_url: string;
}

/** Writes or updates the plan comment; resolves to its URL. */
export async function keepPlanComment(
  github: GitHubClient,
  plan: AuditPlan,
  context: PlanCommentContext,
  redact: Redactor,
): Promise<string> {
  const [owner = '', repo = ''] = context.repository.split('/');
  const marker = planCommentMarker(context.org);
  const comments: ListedComment[] = await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number: context.pullRequest,
    per_page: 100,
  });
  const ours = comments
    .filter((comment) => (comment.body ?? '').startsWith(marker) && writtenByTrusted(comment))
    .sort((a, b) => a.id - b.id)[0];
  const body = planCommentBody(plan, context, redact);
  if (ours === undefined) {
    return (await github.rest.issues.createComment({ owner, repo, issue_number: context.pullRequest, body })).data
      .html_url;
  }
  return (await github.rest.issues.updateComment({ owner, repo, comment_id: ours.id, body })).data.html_url;
}

/**
 * Why the plan comment was not written. Refused (a fork's read-only token, no
 * `pull-requests: write`) is a warning: the plan is still in the summary and outputs.
 */
export function planCommentProblem(error: unknown): Exclude<PlanCommentOutcome, { url: string }> {
  const status = errorStatus(error);
  return status === 401 || status === 403 || status === 404
    ? {
        warning: `The plan could not be written on the pull request: GitHub refused the github-token (HTTP ${status}; it needs pull-requests: write, which a pull request from a fork does not get): ${errorText(error)}. The plan is in the job summary and the plan output`,
      }
    : { failure: `the plan could not be written on the pull request: ${errorText(error)}` };
}
