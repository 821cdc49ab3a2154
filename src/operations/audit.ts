/**
 * Membership audit: look up the organization, plan to remove every member who is not on the
 * keep list (owners and unknown roles never), with the pending invitations and the API tokens
 * of people who are not staying, refuse a plan larger than max-removals, then offboard as in
 * removal mode. A list that cannot be read whole refuses the whole audit.
 */
import type { OrganizationApi } from '../api/organization.ts';
import type { AuditMode } from '../inputs.ts';
import type { Log } from '../reporting/log.ts';
import {
  lookUp,
  sameName,
  warnInvitesUnavailable,
  type Directory,
  type ListedMember,
  type OrganizationToken,
  type PendingInvite,
} from './directory.ts';
import { offboardPeople, type PersonPlan, type PersonResult, type RunSettings } from './offboarding.ts';

/** Roles an audit may remove; `owner` never, and an unknown role is never guessed at. */
const REMOVABLE_ROLES: readonly string[] = ['admin', 'member', 'viewer'];

export interface PlannedToken {
  id: string;
  name: string;
  /** The username (or, failing that, the email) of whoever minted it. */
  owner: string;
}

export interface AuditPlan {
  /** Members not on the keep list. */
  remove: ListedMember[];
  /** Members on the keep list, by username or email (compared without regard to case). */
  keep: ListedMember[];
  /** Owners not on the keep list: an audit never removes an owner. */
  ownersKept: ListedMember[];
  /** Members whose role is missing or unknown: kept, since they might be owners. */
  unknownRoleKept: ListedMember[];
  /** Keep-list entries that are no member's username or email: typos, or invitations not yet accepted. */
  notMembers: string[];
  /** Emails of pending invitations for people not on the keep list. */
  revokeInvites: string[];
  /** Organization API tokens whose owner is not a member once the audit is done. */
  revokeTokens: PlannedToken[];
  /** Tokens whose owner the API did not show: never revoked. */
  tokensOwnerUnknown: { id: string; name: string }[];
}

export interface AuditOutcome {
  /** Undefined when the organization could not be read. */
  plan?: AuditPlan;
  results: PersonResult[];
  /** Why the audit stopped before removing anyone. */
  problem?: string;
}

const ownerName = (token: OrganizationToken) => token.owner?.username ?? token.owner?.email ?? '';

export function planAudit(
  members: readonly ListedMember[],
  keep: readonly string[],
  invites: readonly PendingInvite[] = [],
  tokens: readonly OrganizationToken[] = [],
): AuditPlan {
  const kept = (name: string | undefined) => keep.some((entry) => sameName(entry, name));
  const plan: AuditPlan = {
    remove: [],
    keep: [],
    ownersKept: [],
    unknownRoleKept: [],
    notMembers: [],
    revokeInvites: [],
    revokeTokens: [],
    tokensOwnerUnknown: [],
  };
  for (const member of members) {
    if (kept(member.username) || kept(member.email)) plan.keep.push(member);
    else if (member.role === 'owner') plan.ownersKept.push(member);
    else if (!REMOVABLE_ROLES.includes(member.role)) plan.unknownRoleKept.push(member);
    else plan.remove.push(member);
  }
  plan.notMembers = keep.filter(
    (entry) => !members.some((m) => sameName(m.username, entry) || sameName(m.email, entry)),
  );
  const staying = members.filter((m) => !plan.remove.includes(m));
  const stays = (name: string | undefined) =>
    staying.some((m) => sameName(m.username, name) || sameName(m.email, name));
  plan.revokeInvites = invites.map((i) => i.email).filter((email) => !kept(email) && !stays(email));
  for (const token of tokens) {
    if (token.owner === undefined) plan.tokensOwnerUnknown.push({ id: token.id, name: token.name });
    else if (!stays(token.owner.username) && !stays(token.owner.email)) {
      plan.revokeTokens.push({ id: token.id, name: token.name, owner: ownerName(token) });
    }
  }
  return plan;
}

/** One person plan for each member removed, and for each other person with an invitation or tokens to revoke. */
export function auditPersonPlans(plan: AuditPlan, directory: Directory): PersonPlan[] {
  const tokens = directory.tokens.kind === 'read' ? directory.tokens.items : [];
  const revokedTokens = tokens.filter((t) => plan.revokeTokens.some((p) => p.id === t.id));
  const claimedInvites = new Set<string>();
  const claimedTokens = new Set<string>();
  const invitesOf = (email: string | undefined): PersonPlan['invites'] => {
    if (directory.invites.kind === 'unavailable') return { kind: 'unavailable' };
    if (directory.invites.kind !== 'read') return { kind: 'skipped' };
    const emails = plan.revokeInvites.filter((e) => sameName(e, email));
    for (const e of emails) claimedInvites.add(e);
    return { kind: 'found', emails };
  };
  const tokensOf = (username: string | undefined, email: string | undefined): PersonPlan['tokens'] => {
    const own = revokedTokens.filter(
      (t) => !claimedTokens.has(t.id) && (sameName(t.owner?.username, username) || sameName(t.owner?.email, email)),
    );
    for (const t of own) claimedTokens.add(t.id);
    return { kind: 'found', tokens: own };
  };

  const people: PersonPlan[] = plan.remove.map((member) => {
    const person: PersonPlan = {
      username: member.username,
      role: member.role,
      membership: { kind: 'listed' },
      invites: invitesOf(member.email),
      tokens: tokensOf(member.username, member.email),
    };
    if (member.email !== undefined) person.email = member.email;
    return person;
  });
  for (const email of plan.revokeInvites.filter((e) => !claimedInvites.has(e))) {
    people.push({
      username: email,
      email,
      membership: { kind: 'none', reason: 'not a member: a pending invitation only' },
      invites: invitesOf(email),
      tokens: tokensOf(undefined, email),
    });
  }
  for (const token of revokedTokens.filter((t) => !claimedTokens.has(t.id))) {
    const person: PersonPlan = {
      username: ownerName(token),
      membership: { kind: 'none', reason: 'not a member any more' },
      invites: invitesOf(token.owner?.email),
      tokens: tokensOf(token.owner?.username, token.owner?.email),
    };
    if (token.owner?.email !== undefined) person.email = token.owner.email;
    people.push(person);
  }
  return people;
}

export async function runAudit(
  mode: AuditMode,
  settings: RunSettings,
  api: OrganizationApi,
  log: Log,
): Promise<AuditOutcome> {
  const { org } = api;
  const directory = await lookUp(api, {
    members: true,
    invites: settings.revokeInvites,
    tokens: settings.revokeApiTokens,
  });
  const refused = [directory.members, directory.invites, directory.tokens].flatMap((l) =>
    l.kind === 'failed' ? [l.problem] : [],
  );
  if (refused.length > 0 || directory.members.kind !== 'read') {
    return { results: [], problem: `The audit of ${org} was refused, and nothing was removed: ${refused.join('; ')}` };
  }
  if (directory.invites.kind === 'unavailable') warnInvitesUnavailable(directory.invites.reason, log);
  const members = directory.members.items;
  const plan = planAudit(
    members,
    mode.keep,
    directory.invites.kind === 'read' ? directory.invites.items : [],
    directory.tokens.kind === 'read' ? directory.tokens.items : [],
  );
  logPlan(org, members.length, plan, log);

  const removals = plan.remove.length + plan.revokeInvites.length;
  if (removals > mode.maxRemovals) {
    return {
      plan,
      results: [],
      problem: `The audit would remove ${plan.remove.length} member(s) and revoke ${plan.revokeInvites.length} invitation(s), ${removals} in all, more than max-removals (${mode.maxRemovals}); nothing was removed. Check the keep list, or set max-removals to at least ${removals} if this is intended.`,
    };
  }
  return { plan, results: await offboardPeople(auditPersonPlans(plan, directory), api, settings, log) };
}

function logPlan(org: string, memberCount: number, plan: AuditPlan, log: Log): void {
  log.info(
    `Audit of ${org}: ${memberCount} member(s); ${plan.remove.length} to remove, ${plan.keep.length} on the keep list, ${plan.ownersKept.length} owner(s) kept; ${plan.revokeInvites.length} invitation(s) and ${plan.revokeTokens.length} token(s) to revoke`,
  );
  for (const member of plan.ownersKept) {
    log.info(`${member.username}: owner, not on the keep list; kept (an audit never removes owners)`);
  }
  for (const member of plan.unknownRoleKept) {
    log.warning(
      `${member.username}: role ${member.role} is not one of owner, admin, member, viewer; kept (an audit removes no one whose role it cannot read)`,
      'Turso audit',
    );
  }
  for (const token of plan.tokensOwnerUnknown) {
    log.warning(
      `Token ${token.name} (${token.id}): the API does not show who minted it, so it is not revoked; check it by hand`,
      'Turso audit',
    );
  }
  if (plan.notMembers.length > 0) {
    log.warning(
      `On the keep list but not members of ${org} (typos, or invitations not yet accepted?): ${plan.notMembers.join(', ')}`,
      'Turso audit',
    );
  }
}
