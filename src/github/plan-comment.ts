/**
 * The plan on the pull request that changes the roster: one comment, marked with a hidden marker
 * naming the organization and keeping the rows shown and the head commit planned for, written by
 * the first audit of the pull request and updated in place by every later one, so that the
 * reviewer approves what the change does, not a diff of names; the run on the merged roster
 * reads it back (`readApprovedPlan`).
 */
import { isPlanMarker, planMarker, planRows, readPlanMarker, type ApprovedPlan } from '../model/approved-plan.ts';
import type { AuditPlan } from '../model/audit-plan.ts';
import type { PlanCommentContext, PlanCommentOutcome } from '../model/roster.ts';
import type { MergedHead, PlanCommentTarget } from '../model/settings.ts';
import { inertCode, type Redactor } from '../model/safe-text.ts';
import { ISSUE_BODY_MAX_CHARS } from '../model/size-limits.ts';
import { errorStatus, errorText, type GitHubClient } from './client.ts';
import { planMarkdown, runLink } from './plan-markdown.ts';
import { writtenByBot, type Authored } from './trusted-author.ts';

export function planCommentBody(plan: AuditPlan, context: PlanCommentContext, redact: Redactor): string {
  return planMarkdown(
    plan,
    { planOnly: true, refused: false },
    {
      marker: planMarker(context.org, context.head, planRows(plan)),
      lead: [
        `What merging this pull request would change in the Turso organization ${inertCode(context.org)}, as planned from its roster by ${runLink(context.run, 'an audit run')} at ${now()}. Nothing has been changed: the run on the merged roster does it.`,
        ...(context.wouldBeRefused === undefined
          ? []
          : [
              '',
              `**The run on the merged roster will be refused, and change nothing:** ${inertCode(redact(context.wouldBeRefused))}`,
            ]),
      ],
      reference: context.reference,
      container: 'this comment',
      noChange: 'Nothing would change: the organization matches this roster.',
      foot: 'This comment is updated by every audit of this pull request.',
    },
    redact,
  );
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

interface ListedComment extends Authored {
  id: number;
  body?: string;
  html_url: string;
}

/**
 * The comments of the pull request the action wrote with the marker, oldest first. Only a bot's
 * count: a person can copy the marker into a comment they go on editing.
 */
async function ourComments(github: GitHubClient, context: PlanCommentTarget & { org: string }) {
  const [owner = '', repo = ''] = context.repository.split('/');
  const comments: ListedComment[] = await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number: context.pullRequest,
    per_page: 100,
  });
  const ours = comments
    .filter((comment) => isPlanMarker(firstLine(comment), context.org) && writtenByBot(comment))
    .sort((a, b) => a.id - b.id);
  return { owner, repo, ours };
}

const firstLine = (comment: ListedComment) => (comment.body ?? '').split('\n', 1)[0] ?? '';

/** A stale notice follows the marker: the plan below it may not be what merging does. */
const STALE = /^\n\*\*Stale:[^\n]*\n/;

/**
 * Writes or updates the plan comment; resolves to its URL. Any later comment of ours loses its
 * marker and says which one is current, so that one plan stands on the pull request.
 */
export async function keepPlanComment(
  github: GitHubClient,
  plan: AuditPlan,
  context: PlanCommentContext,
  redact: Redactor,
): Promise<string> {
  const { owner, repo, ours } = await ourComments(github, context);
  const [kept, ...superseded] = ours;
  const body = planCommentBody(plan, context, redact);
  const url =
    kept === undefined
      ? (await github.rest.issues.createComment({ owner, repo, issue_number: context.pullRequest, body })).data.html_url
      : (await github.rest.issues.updateComment({ owner, repo, comment_id: kept.id, body })).data.html_url;
  for (const comment of superseded) {
    await github.rest.issues.updateComment({
      owner,
      repo,
      comment_id: comment.id,
      body: `Superseded: the plan of this pull request is ${url}.`,
    });
  }
  return url;
}

/**
 * Marks the plan comment, if there is one, as stale: a later run on the pull request stopped
 * before it could plan (`why`), so the plan shown may no longer be what merging would do.
 * Resolves to its URL, or '' when there is none.
 */
export async function markPlanCommentStale(
  github: GitHubClient,
  context: PlanCommentContext,
  why: string,
  redact: Redactor,
): Promise<string> {
  const { owner, repo, ours } = await ourComments(github, context);
  const kept = ours[0];
  if (kept === undefined) return '';
  // The marker kept as it is: it says what was planned, and the notice that it is stale.
  const marker = firstLine(kept);
  const earlier = (kept.body ?? '').slice(marker.length).replace(STALE, '');
  const notice = `**Stale:** ${runLink(context.run, 'a later audit run')} failed before planning at ${now()}, so the plan below may not be what merging would do: ${inertCode(redact(why))}`;
  const marked = `${marker}\n${notice}\n${earlier}`;
  // The plan was cut to fit GitHub's limit without the notice: past it, the notice stands alone.
  const body =
    marked.length <= ISSUE_BODY_MAX_CHARS
      ? marked
      : `${marker}\n${notice}\n\n_The earlier plan did not fit beside this notice: it is in the earlier run's job summary._`;
  return (await github.rest.issues.updateComment({ owner, repo, comment_id: kept.id, body })).data.html_url;
}

/**
 * The plan the merged pull request showed its reviewers, or why there is none: no plan comment,
 * one marked stale, or a plan of an earlier push to it than the head commit merged.
 */
export async function readApprovedPlan(
  github: GitHubClient,
  repository: string,
  pull: MergedHead,
  org: string,
): Promise<ApprovedPlan | string> {
  const { ours } = await ourComments(github, { repository, pullRequest: pull.number, org });
  const kept = ours[0];
  if (kept === undefined) {
    return `pull request #${pull.number} has no plan comment: post the plan on pull requests (pr-comment: true on the pull request's runs)`;
  }
  const planned = readPlanMarker(firstLine(kept), org);
  if (STALE.test((kept.body ?? '').slice(firstLine(kept).length))) {
    return `the plan comment ${kept.html_url} is marked stale: a later run on the pull request failed before planning`;
  }
  if (planned === undefined) return `the plan comment ${kept.html_url} keeps no plan that can be read`;
  if (planned.head !== pull.head) {
    return `the plan comment ${kept.html_url} was planned for commit ${planned.head}, not for the head commit merged (${pull.head}): a plan of an earlier push to the pull request`;
  }
  return { url: kept.html_url, head: planned.head, rows: planned.rows };
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
