/**
 * Membership audit: list the organization's members, plan to remove everyone who is not on the
 * keep list (owners never), refuse a plan larger than max-removals, then remove as in removal
 * mode.
 */
import { describeFailure } from '../api/describe-failure.ts';
import type { MembersClient } from '../api/members.ts';
import type { AuditMode } from '../inputs.ts';
import type { Log } from '../reporting/log.ts';
import { processUsernames, type MemberResult, type RemovalPlan } from './removal.ts';

export interface PlannedMember {
  username: string;
  role: string;
}

export interface AuditPlan {
  /** Members not on the keep list. */
  remove: PlannedMember[];
  /** Members on the keep list (compared without regard to case). */
  keep: PlannedMember[];
  /** Owners not on the keep list: an audit never removes an owner. */
  ownersKept: PlannedMember[];
  /** Keep-list names that are not members: typos, or invitations not yet accepted. */
  notMembers: string[];
}

export interface AuditOutcome {
  /** Undefined when the member list could not be read. */
  plan?: AuditPlan;
  results: MemberResult[];
  /** Why the audit stopped before removing anyone. */
  problem?: string;
}

export function planAudit(members: readonly PlannedMember[], keep: readonly string[]): AuditPlan {
  const keepSet = new Set(keep.map((name) => name.toLowerCase()));
  const memberNames = new Set(members.map((m) => m.username.toLowerCase()));
  const plan: AuditPlan = { remove: [], keep: [], ownersKept: [], notMembers: [] };
  for (const member of members) {
    if (keepSet.has(member.username.toLowerCase())) plan.keep.push(member);
    else if (member.role === 'owner') plan.ownersKept.push(member);
    else plan.remove.push(member);
  }
  plan.notMembers = keep.filter((name) => !memberNames.has(name.toLowerCase()));
  return plan;
}

export async function runAudit(
  removal: Omit<RemovalPlan, 'usernames'> & { org: string },
  mode: AuditMode,
  members: MembersClient,
  log: Log,
): Promise<AuditOutcome> {
  const listed = await members.list();
  if (!listed.ok) {
    return { results: [], problem: `Could not list the members of ${removal.org}: ${describeFailure(listed)}` };
  }
  const rawMembers = listed.body?.members;
  if (!Array.isArray(rawMembers)) {
    return {
      results: [],
      problem: `Could not list the members of ${removal.org}: the answer had no "members" list`,
    };
  }
  const listedMembers = rawMembers.flatMap((m) =>
    typeof m.username === 'string'
      ? [{ username: m.username, role: typeof m.role === 'string' ? m.role : 'unknown' }]
      : [],
  );
  const plan = planAudit(listedMembers, mode.keep);

  log.info(
    `Audit of ${removal.org}: ${listedMembers.length} member(s); ${plan.remove.length} to remove, ${plan.keep.length} on the keep list, ${plan.ownersKept.length} owner(s) kept`,
  );
  for (const member of plan.ownersKept)
    log.info(`${member.username}: owner, not on the keep list; kept (an audit never removes owners)`);
  if (plan.notMembers.length > 0) {
    log.warning(
      `On the keep list but not members of ${removal.org} (typos, or invitations not yet accepted?): ${plan.notMembers.join(', ')}`,
      'Turso audit',
    );
  }

  if (plan.remove.length > mode.maxRemovals) {
    return {
      plan,
      results: [],
      problem: `The audit would remove ${plan.remove.length} members, more than max-removals (${mode.maxRemovals}); nothing was removed. Check the keep list, or set max-removals to at least ${plan.remove.length} if this is intended.`,
    };
  }
  if (removal.dryRun) {
    for (const member of plan.remove) log.info(`${member.username}: would be removed (dry run; role: ${member.role})`);
    return {
      plan,
      results: plan.remove.map((m) => ({ username: m.username, result: 'would-remove', role: m.role })),
    };
  }
  const results = await processUsernames({ ...removal, usernames: plan.remove.map((m) => m.username) }, members, log);
  // The list told each role; keep it with the result.
  return { plan, results: results.map((r, i) => ({ ...r, role: plan.remove[i]?.role })) };
}
