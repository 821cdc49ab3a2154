/**
 * Why a real run may not carry out an audit plan: keep-list entries whose person cannot be told,
 * a roster that reads as nobody, or more changes than max-removals allows. A run that only plans
 * reports each as what a real run would refuse.
 */
import type { Resolver } from './identity.ts';
import type { ListedMember, TokenUser } from './organization.ts';
import { allowedDeletions, describeLimit, type RemovalLimit } from './removal-limit.ts';
import { countOf, plannedChanges, rosterReadsAsNobody, rowsWhere, type AuditPlan } from './audit-plan.ts';

export interface PlanRefusal {
  /** The run's problem, when it would change Turso. */
  problem: string;
  /** The warning of a run that only plans. */
  warning: string;
  /** What a run that only plans says a real run would refuse (the plan comment shows it). */
  wouldBe: string;
}

export interface RefusalContext {
  org: string;
  /** The entries of keep and keep-file. */
  keep: readonly string[];
  members: readonly ListedMember[];
  tokenUser: TokenUser | undefined;
  resolver: Resolver;
  maxRemovals: RemovalLimit;
}

/** Each reason to refuse the plan, the first the one a real run stops at. */
export function planRefusals(plan: AuditPlan, context: RefusalContext): PlanRefusal[] {
  return [rosterRefusal(plan, context), limitRefusal(plan, context)].flatMap((refusal) => refusal ?? []);
}

/** Whatever max-removals allows: in a small organization a roster of nobody is within it. */
function rosterRefusal(plan: AuditPlan, context: RefusalContext): PlanRefusal | undefined {
  const unresolvedEntries = rowsWhere(plan, { why: 'unresolved' }).map((row) => row.whom);
  const withoutEmail = context.members.filter((m) => m.email === undefined).length;
  const unresolved = [
    ...rowsWhere(plan, { why: 'ambiguous' }).map((row) => `the keep list names ${row.whom}: ${row.reason}`),
    ...(unresolvedEntries.length === 0
      ? []
      : [
          `the keep list names ${unresolvedEntries.join(', ')}, which no member, invitation or token owner shows, while ${withoutEmail} member(s) show no email: whom it keeps cannot be told. Name those people by username`,
        ]),
  ].join('; ');
  const why =
    unresolved === '' ? rosterReadsAsNobody(plan, context.keep, context.tokenUser, context.resolver) : unresolved;
  if (why === undefined) return undefined;
  return {
    problem: `The audit of ${context.org} was refused, and nothing was removed: ${why}`,
    warning: `A real run would be refused: ${why}`,
    wouldBe: why,
  };
}

function limitRefusal(plan: AuditPlan, { members, maxRemovals }: RefusalContext): PlanRefusal | undefined {
  const deletions = plannedChanges(plan);
  if (deletions <= allowedDeletions(maxRemovals, members.length)) return undefined;
  const lowered = countOf(plan, 'demote') > 0 ? `, lower ${countOf(plan, 'demote')} role(s)` : '';
  const revoked = (what: 'invitation' | 'token') => rowsWhere(plan, { what, action: 'revoke' }).length;
  const over = `The audit would remove ${countOf(plan, 'remove')} member(s)${lowered}, revoke ${revoked('invitation')} invitation(s) and ${revoked('token')} token(s), ${deletions} in all, more than max-removals allows (${describeLimit(maxRemovals, members.length)})`;
  const allow = `Check the keep list, or set max-removals to at least ${deletions}${maxRemovals.percent === undefined ? '' : ' (and raise or drop its percentage)'} if this is intended.`;
  return {
    problem: `${over}; nothing was removed. ${allow}`,
    warning: `${over}: a real run would be refused. ${allow}`,
    wouldBe: `${over}. ${allow}`,
  };
}
