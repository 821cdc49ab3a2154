/**
 * An audit's plan: who is removed, who stays and why, worked out from the organization's
 * listings and the keep list; and the plan as rows of text for the summary and the drift issue.
 */
import { isEmail, nameKey, NameSet, sameName } from './names.ts';
import type { ListedMember, OrganizationToken, PendingInvite } from './organization.ts';
import { emailHolders } from './ownership.ts';

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
  /** The user whose token runs the action, not on the keep list: never removed. */
  tokenUserKept: ListedMember[];
  /** Owners not on the keep list: an audit never removes an owner. */
  ownersKept: ListedMember[];
  /** Members whose role is missing or unknown: kept, since they might be owners. */
  unknownRoleKept: ListedMember[];
  /**
   * Entries of keep and keep-file that are no member's username or email, nor a listed
   * invitation's: typos, or invitations not yet accepted.
   */
  notMembers: string[];
  /** Logins of the roster's GitHub teams that are no member: expected, not everyone uses Turso. */
  teamNotMembers: string[];
  /** Emails of pending invitations for people not on the keep list. */
  revokeInvites: string[];
  /**
   * Invitations for people not on the keep list that are kept all the same: younger than
   * invite-grace-days (new hires), or without a readable date (fail closed).
   */
  invitesKept: { email: string; invitedDaysAgo?: number }[];
  /** Organization API tokens whose owner is not a member once the audit is done. */
  revokeTokens: PlannedToken[];
  /**
   * Tokens whose owner the API did not show, or showed only by an email (`owner`) that no member
   * shows while some members show no email, or that several people show: never revoked.
   */
  tokensOwnerUnknown: { id: string; name: string; owner?: string }[];
  /**
   * Emails on the keep list that name no listed member, invitation or token owner, while some
   * members show no email: who they keep cannot be told, so the plan cannot be trusted.
   */
  keepUnresolved: string[];
  /** Get Current User could not be read: admins were kept, since any of them may be the token's user. */
  tokenUserUnknown: boolean;
}

/** Who minted a token: the username, or failing that the email. */
export const tokenOwnerName = (token: OrganizationToken) => token.owner?.username ?? token.owner?.email ?? '';

const DAY_MS = 86_400_000;

export interface PlanRules {
  /** The entries of `keep` that came from GitHub teams. */
  teamLogins?: readonly string[];
  /** Invitations sent within this many days are kept; 0 (the default here) revokes them whatever their age. */
  inviteGraceDays?: number;
  /** Now, in epoch milliseconds. */
  now?: number;
  /** The username of the user whose token runs the action: never removed. Undefined when unknown. */
  tokenUser?: string;
}

/** A plan with nothing in it yet. */
export function emptyPlan(tokenUserUnknown: boolean): AuditPlan {
  return {
    remove: [],
    keep: [],
    tokenUserKept: [],
    ownersKept: [],
    unknownRoleKept: [],
    notMembers: [],
    teamNotMembers: [],
    revokeInvites: [],
    invitesKept: [],
    revokeTokens: [],
    tokensOwnerUnknown: [],
    keepUnresolved: [],
    tokenUserUnknown,
  };
}

export function planAudit(
  members: readonly ListedMember[],
  keep: readonly string[],
  invites: readonly PendingInvite[] = [],
  tokens: readonly OrganizationToken[] = [],
  rules: PlanRules = {},
): AuditPlan {
  const { teamLogins = [], inviteGraceDays = 0, now = Date.now(), tokenUser } = rules;
  const withoutEmail = members.some((m) => m.email === undefined);
  const namesOf = (people: readonly ListedMember[]) => new NameSet(people.flatMap((m) => [m.username, m.email]));
  const memberNames = namesOf(members);
  // A token owner may pair an email with a username the member list shows without its email.
  const pairedUsernames = new Map<string, string>();
  for (const { owner } of tokens) {
    const email = owner?.email === undefined ? undefined : nameKey(owner.email);
    if (email !== undefined && owner?.username !== undefined && !pairedUsernames.has(email)) {
      pairedUsernames.set(email, owner.username);
    }
  }
  const pairedUsername = (email: string) => pairedUsernames.get(nameKey(email));
  const kept = new NameSet([...keep, ...keep.map(pairedUsername)]);
  const teamNames = new NameSet(teamLogins);
  const invited = new NameSet(invites.map((i) => i.email));
  const plan = emptyPlan(tokenUser === undefined);
  for (const member of members) {
    if (kept.has(member.username) || kept.has(member.email)) plan.keep.push(member);
    else if (tokenUser === undefined ? member.role === 'admin' : sameName(member.username, tokenUser)) {
      plan.tokenUserKept.push(member);
    } else if (member.role === 'owner') plan.ownersKept.push(member);
    else if (!REMOVABLE_ROLES.includes(member.role)) plan.unknownRoleKept.push(member);
    else plan.remove.push(member);
  }
  for (const entry of keep) {
    if (memberNames.has(entry) || memberNames.has(pairedUsername(entry))) continue;
    if (teamNames.has(entry)) plan.teamNotMembers.push(entry);
    else if (invited.has(entry)) continue;
    else if (withoutEmail && isEmail(entry)) plan.keepUnresolved.push(entry);
    else plan.notMembers.push(entry);
  }
  const leaving = new Set(plan.remove);
  const staying = namesOf(members.filter((m) => !leaving.has(m)));
  const removedEmails = new NameSet(plan.remove.map((m) => m.email));
  for (const { email, createdAt } of invites) {
    if (kept.has(email) || staying.has(email)) continue;
    // The grace is for new hires; a member removed now must not keep a way back in.
    if (inviteGraceDays === 0 || removedEmails.has(email)) plan.revokeInvites.push(email);
    else if (createdAt === undefined) plan.invitesKept.push({ email });
    else if (now - createdAt > inviteGraceDays * DAY_MS) plan.revokeInvites.push(email);
    else plan.invitesKept.push({ email, invitedDaysAgo: Math.max(0, Math.floor((now - createdAt) / DAY_MS)) });
  }
  for (const token of tokens) {
    const { owner } = token;
    if (owner === undefined) plan.tokensOwnerUnknown.push({ id: token.id, name: token.name });
    else if (owner.username !== undefined) {
      // By username first: the email it shows may be a mailbox others share.
      if (!staying.has(owner.username))
        plan.revokeTokens.push({ id: token.id, name: token.name, owner: owner.username });
    } else if (
      // Shown only by an email: one no member shows may be a member who shows no email, and
      // one several people show is none of theirs alone.
      (withoutEmail && !memberNames.has(owner.email)) ||
      emailHolders(owner.email, members, tokens).length > 1
    ) {
      plan.tokensOwnerUnknown.push({ id: token.id, name: token.name, owner: owner.email ?? '' });
    } else if (!staying.has(owner.email)) {
      plan.revokeTokens.push({ id: token.id, name: token.name, owner: tokenOwnerName(token) });
    }
  }
  return plan;
}

/** The deletions the plan makes: memberships, invitations and tokens, each one (what max-removals counts). */
export function plannedDeletions(plan: AuditPlan): number {
  return plan.remove.length + plan.revokeInvites.length + plan.revokeTokens.length;
}

/** True when the plan removes or revokes anything: the organization has drifted from the roster. */
export function hasDrift(plan: AuditPlan): boolean {
  return plannedDeletions(plan) > 0;
}

export const PLAN_COLUMNS = ['Who', 'Role', 'Action', 'Reason'] as const;

/**
 * Rows of raw text; a refused plan says so in its rows. Who and Role come from the API or the
 * roster (encode them for where they go); Action and Reason are the action's own words.
 */
export function planRows(plan: AuditPlan, dryRun: boolean, refused: boolean): string[][] {
  const act = (verb: string) => (refused ? `not ${verb}d: plan refused` : dryRun ? `would ${verb}` : verb);
  return [
    ...plan.remove.map((m) => [m.username, m.role, act('remove'), 'not on the keep list']),
    ...plan.revokeInvites.map((email) => [
      email,
      'invited',
      act('revoke'),
      'invitation for someone not on the keep list',
    ]),
    ...plan.revokeTokens.map((t) => [
      `token ${t.name}`,
      `minted by ${t.owner}`,
      act('revoke'),
      'its owner is not a member once the audit is done',
    ]),
    ...plan.tokenUserKept.map((m) => [
      m.username,
      m.role,
      'keep',
      plan.tokenUserUnknown
        ? 'may be the user whose token runs the action (Get Current User could not be read)'
        : 'the user whose token runs the action',
    ]),
    ...plan.ownersKept.map((m) => [m.username, m.role, 'keep', 'owner (an audit never removes owners)']),
    ...plan.unknownRoleKept.map((m) => [
      m.username,
      m.role,
      'keep',
      'role unknown (an audit removes only admins, members and viewers)',
    ]),
    ...plan.tokensOwnerUnknown.map((t) => [
      `token ${t.name}`,
      t.owner === undefined ? 'owner not shown' : `minted by ${t.owner}`,
      'keep',
      t.owner === undefined
        ? 'check it by hand'
        : 'its owner is shown only by an email that cannot be tied to one member (check it by hand)',
    ]),
    ...plan.invitesKept.map(({ email, invitedDaysAgo }) => [
      email,
      'invited',
      'keep',
      invitedDaysAgo === undefined
        ? 'the invitation has no readable date (check it by hand)'
        : `invited ${invitedDaysAgo} day(s) ago (within invite-grace-days)`,
    ]),
    ...plan.keep.map((m) => [m.username, m.role, 'keep', 'on the keep list']),
    ...plan.notMembers.map((name) => [
      name,
      '',
      'none',
      'on the keep list but not a member (typo or pending invitation?)',
    ]),
    ...plan.teamNotMembers.map((login) => [login, '', 'none', 'in a GitHub team of the roster, not a Turso member']),
  ];
}
