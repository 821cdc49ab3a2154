/**
 * The plan the reviewer approved: the rows the plan comment showed (removals, role changes,
 * invitations and tokens revoked) and the head commit it was planned for, kept in the comment's
 * hidden marker. Under `approval: require` a push run applies its own plan only when every row
 * of it was shown there: a person who left since is fine, a row nobody saw is not.
 */
import { rowsInOrder, type AuditPlan, type PlanRow } from './audit-plan.ts';

/** The plan comment's rows, as the marker keeps them; each names one change. */
export type PlanRows = string[];

/** A change the plan makes, in the words the marker keeps; undefined for a row that changes nothing. */
function changeText(row: PlanRow): string | undefined {
  if (row.action === 'remove') return `remove ${row.whom.username}`;
  if (row.action === 'demote') return `lower ${row.whom.username} to ${row.allowed}`;
  if (row.what === 'invitation' && row.action === 'revoke') return `revoke the invitation of ${row.whom}`;
  if (row.what === 'token' && row.action === 'revoke') return `revoke token ${row.whom.id}`;
  return undefined;
}

/** The changes the plan makes: removals, role changes, then invitations and tokens revoked. */
const CHANGE_ORDER: Partial<Record<PlanRow['action'], number>> = { remove: 1, demote: 2, revoke: 3 };

export function planRows(plan: AuditPlan): PlanRows {
  return rowsInOrder(plan, (row) => CHANGE_ORDER[row.action]).flatMap((row) => changeText(row) ?? []);
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
