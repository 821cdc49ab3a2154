/**
 * The plan the reviewer approved: the rows the plan comment showed (removals, role changes,
 * invitations and tokens revoked) and the head commit it was planned for, kept in the comment's
 * hidden marker. Under `approval: require` a push run applies its own plan only when every row
 * of it was shown there: a person who left since is fine, a row nobody saw is not.
 */
import type { AuditPlan } from './audit-plan.ts';

/** The plan comment's rows, as the marker keeps them; each names one change. */
export type PlanRows = string[];

export function planRows(plan: AuditPlan): PlanRows {
  return [
    ...plan.remove.map((member) => `remove ${member.username}`),
    ...plan.demote.map((change) => `lower ${change.username} to ${change.to}`),
    ...plan.revokeInvites.map((email) => `revoke the invitation of ${email}`),
    ...plan.revokeTokens.map((token) => `revoke token ${token.id}`),
  ];
}

/** The plan found on the merged pull request, as the evidence record holds it. */
export interface ApprovedPlan {
  url: string;
  /** The pull request's head commit it was planned for. */
  head: string;
  rows: PlanRows;
}

/**
 * The start of the plan comment's marker: the organization, then what the plan showed. The
 * values are URI-encoded, so that none can close the HTML comment or read as another field.
 */
const planMarkerStart = (org: string) => `<!-- turso-remove-member-action plan-comment org=${encodeURIComponent(org)}`;

export function planMarker(org: string, head: string | undefined, rows: PlanRows): string {
  const planned =
    head === undefined ? '' : ` head=${encodeURIComponent(head)} rows=${encodeURIComponent(JSON.stringify(rows))}`;
  return `${planMarkerStart(org)}${planned} -->`;
}

/** Whether `line` is a plan marker of `org`'s (with or without what it planned). */
export const isPlanMarker = (line: string, org: string) =>
  line === `${planMarkerStart(org)} -->` || line.startsWith(`${planMarkerStart(org)} head=`);

/** What a marker line says was planned, or undefined when it says nothing that can be read. */
export function readPlanMarker(line: string, org: string): { head: string; rows: PlanRows } | undefined {
  if (!isPlanMarker(line, org)) return undefined;
  const found = /^ head=([^ ]+) rows=([^ ]+) -->$/.exec(line.slice(planMarkerStart(org).length));
  if (found === null) return undefined;
  try {
    const rows: unknown = JSON.parse(decodeURIComponent(found[2] ?? ''));
    if (!Array.isArray(rows) || !rows.every((row) => typeof row === 'string')) return undefined;
    return { head: decodeURIComponent(found[1] ?? ''), rows };
  } catch {
    return undefined;
  }
}

/**
 * Why a push run under `approval: require` may not apply `plan`, or undefined when the
 * approved plan shows every row of it. `approved` is the plan found, or why there is none.
 */
export function unapprovedPlan(plan: AuditPlan, approved: ApprovedPlan | string): string | undefined {
  if (typeof approved === 'string') return `approval: require found no approved plan: ${approved}`;
  const unseen = planRows(plan).filter((row) => !approved.rows.includes(row));
  return unseen.length === 0
    ? undefined
    : `approval: require refuses what the approved plan (${approved.url}) did not show, which nobody approved: ${unseen.join(', ')}. Change the roster through a pull request whose plan shows it`;
}
