/**
 * Membership audit: list the organization's members, plan to remove everyone who is not on the
 * keep list (owners never), refuse a plan larger than max-removals, then remove as in removal
 * mode.
 */
import { describeFailure } from '../api/describe-failure.ts';
import type { MemberDetails, MembersClient } from '../api/members.ts';
import { pathSegmentProblem, type AuditMode } from '../inputs.ts';
import type { Log } from '../reporting/log.ts';
import { clip } from '../safe-text.ts';
import { processUsernames, type MemberResult, type RemovalPlan } from './removal.ts';

export interface PlannedMember {
  username: string;
  /** In lower case when it is one of the known roles; otherwise as listed, or `(none)`. */
  role: string;
}

/** Roles an audit may remove; `owner` never, and an unknown role is never guessed at. */
const REMOVABLE_ROLES: readonly string[] = ['admin', 'member', 'viewer'];

/** A known role in lower case (the API's case may vary), or an unknown one as listed. */
function listedRole(role: unknown): string {
  if (typeof role !== 'string') return '(none)';
  const lower = role.toLowerCase();
  return lower === 'owner' || REMOVABLE_ROLES.includes(lower) ? lower : clip(role, 40);
}

export interface AuditPlan {
  /** Members not on the keep list. */
  remove: PlannedMember[];
  /** Members on the keep list (compared without regard to case). */
  keep: PlannedMember[];
  /** Owners not on the keep list: an audit never removes an owner. */
  ownersKept: PlannedMember[];
  /** Members whose role is missing or unknown: kept, since they might be owners. */
  unknownRoleKept: PlannedMember[];
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
  const plan: AuditPlan = { remove: [], keep: [], ownersKept: [], unknownRoleKept: [], notMembers: [] };
  for (const member of members) {
    if (keepSet.has(member.username.toLowerCase())) plan.keep.push(member);
    else if (member.role === 'owner') plan.ownersKept.push(member);
    else if (!REMOVABLE_ROLES.includes(member.role)) plan.unknownRoleKept.push(member);
    else plan.remove.push(member);
  }
  plan.notMembers = keep.filter((name) => !memberNames.has(name.toLowerCase()));
  return plan;
}

/**
 * The listed members, or why the list cannot be acted on: every entry must have a username
 * that is a valid path segment, since a list read only in part could remove the wrong people.
 */
export function readMemberList(entries: unknown): { members: PlannedMember[] } | { problem: string } {
  if (!Array.isArray(entries)) return { problem: 'the answer had no "members" list' };
  const members: PlannedMember[] = [];
  const wrong: string[] = [];
  entries.forEach((entry: MemberDetails | null, index) => {
    const username = typeof entry === 'object' && entry !== null ? entry.username : undefined;
    const problem = typeof username === 'string' ? pathSegmentProblem(username) : 'has no username';
    if (problem !== undefined) {
      wrong.push(`entry ${index + 1} ${problem} (${clip(JSON.stringify(entry), 80)})`);
      return;
    }
    members.push({ username: username as string, role: listedRole(entry?.role) });
  });
  if (wrong.length > 0) {
    return {
      problem: `the member list has ${wrong.length} entr${wrong.length === 1 ? 'y' : 'ies'} that cannot be acted on: ${wrong.join('; ')}`,
    };
  }
  return { members };
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
  if (listed.incomplete !== undefined) {
    return {
      results: [],
      problem: `Could not list the members of ${removal.org}: ${listed.incomplete}; nothing was removed`,
    };
  }
  const list = readMemberList(listed.body?.members);
  if ('problem' in list) {
    return {
      results: [],
      problem: `Could not read the members of ${removal.org}: ${list.problem}; nothing was removed`,
    };
  }
  const listedMembers = list.members;
  const plan = planAudit(listedMembers, mode.keep);

  log.info(
    `Audit of ${removal.org}: ${listedMembers.length} member(s); ${plan.remove.length} to remove, ${plan.keep.length} on the keep list, ${plan.ownersKept.length} owner(s) kept`,
  );
  for (const member of plan.ownersKept)
    log.info(`${member.username}: owner, not on the keep list; kept (an audit never removes owners)`);
  for (const member of plan.unknownRoleKept) {
    log.warning(
      `${member.username}: role ${member.role} is not one of owner, admin, member, viewer; kept (an audit removes no one whose role it cannot read)`,
      'Turso audit',
    );
  }
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
