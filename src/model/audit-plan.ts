/**
 * An audit's plan: who is removed, who stays and why, worked out from the organization's
 * listings and the keep list; and the plan as rows of text for the summary and the drift issue.
 */
import { isTokenUser, Resolver } from './identity.ts';
import { nameKey, NameSet } from './names.ts';
import type { ListedMember, OrganizationToken, PendingInvite, TokenUser } from './organization.ts';
import { higherRole, isAbove, isBelow, type AssignableRole, type RosterEntry } from './roles.ts';

/** Roles an audit may remove; `owner` never, and an unknown role is never guessed at. */
const REMOVABLE_ROLES: readonly string[] = ['admin', 'member', 'viewer'];

export interface PlannedToken {
  id: string;
  name: string;
  /** The username (or, failing that, the email) of whoever minted it. */
  owner: string;
}

/** A member whose role is above the highest the roster allows them (`to`). */
export interface RoleChange {
  username: string;
  email?: string;
  /** The role listed when the audit started. */
  from: string;
  to: AssignableRole;
}

export interface AuditPlan {
  /** Members not on the keep list. */
  remove: ListedMember[];
  /** Members on the keep list, by username or email (compared without regard to case). */
  keep: ListedMember[];
  /** Members on the keep list above the highest role the roster allows them: lowered to it. */
  demote: RoleChange[];
  /** Members on the keep list below the role the roster allows: left alone, since raising is a person's decision. */
  belowRole: RoleChange[];
  /** Owners the roster allows less: this action never changes an owner, so they are drift to fix by hand. */
  ownersAboveRole: RoleChange[];
  /** The user whose token runs the action (or, when it is unknown, an admin), above the roster's role: never lowered. */
  tokenUserNotLowered: RoleChange[];
  /** Pending invitations of a role above what the roster allows for their email: reported, never changed. */
  invitesAboveRole: { email: string; role: string; allowed: AssignableRole }[];
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
  /**
   * Entries of the keep list that point at several people, or at one the lists disagree about
   * (`entry: why`): whom they keep cannot be told, so the plan cannot be trusted.
   */
  keepRefused: string[];
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
  /** The user whose token runs the action: never removed. Undefined when unknown. */
  tokenUser?: TokenUser;
  /**
   * Every roster entry, each with the highest role it allows, if it names one; without it no one
   * has a limit. A person may hold the highest role of the entries naming them, and any role
   * when one of them names none.
   */
  roster?: readonly RosterEntry[];
  /** The resolver of these members and tokens, when the caller has built it already (built here otherwise). */
  resolver?: Resolver;
}

/** A plan with nothing in it yet. */
export function emptyPlan(tokenUserUnknown: boolean): AuditPlan {
  return {
    remove: [],
    keep: [],
    demote: [],
    belowRole: [],
    ownersAboveRole: [],
    tokenUserNotLowered: [],
    invitesAboveRole: [],
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
    keepRefused: [],
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
  const { teamLogins = [], inviteGraceDays = 0, now = Date.now(), tokenUser, roster = [] } = rules;
  const withoutEmail = members.some((m) => m.email === undefined);
  const resolver = rules.resolver ?? new Resolver(members, tokens);
  const namesOf = (people: readonly ListedMember[]) => new NameSet(people.flatMap((m) => [m.username, m.email]));
  const memberNames = namesOf(members);
  const keptNames = new NameSet(keep);
  const teamNames = new NameSet(teamLogins);
  const invited = new NameSet(invites.map((i) => i.email));
  const plan = emptyPlan(tokenUser === undefined);
  // The members each entry names, by their username as listed; an entry that names none is
  // sorted out below.
  const keptUsernames = new Set<string>();
  for (const entry of keep) {
    const person = resolver.resolve(entry);
    if (person.kind === 'member') keptUsernames.add(person.member.username);
    else if (person.kind === 'refused') plan.keepRefused.push(`${entry}: ${person.reason}`);
    else if (teamNames.has(entry)) plan.teamNotMembers.push(entry);
    else if (invited.has(entry)) continue;
    else if (person.kind === 'unknown') plan.keepUnresolved.push(entry);
    else plan.notMembers.push(entry);
  }
  // The roster's entries by the member they name (as listed), or by the name itself for an
  // invitation; looked up once per member rather than searched.
  const entriesByMember = new Map<string, RosterEntry[]>();
  const entriesByName = new Map<string, RosterEntry[]>();
  for (const entry of roster) {
    const person = resolver.resolve(entry.name);
    const [index, key] =
      person.kind === 'member' ? [entriesByMember, person.member.username] : [entriesByName, nameKey(entry.name)];
    index.set(key, [...(index.get(key) ?? []), entry]);
  }
  // The highest role the roster allows the entries naming someone; undefined: no limit.
  const allowedRole = (naming: readonly RosterEntry[]): AssignableRole | undefined => {
    if (naming.length === 0 || naming.some((entry) => entry.role === undefined)) return undefined;
    return naming.flatMap((entry) => entry.role ?? []).reduce(higherRole);
  };
  const mayBeTokenUser = (member: ListedMember) => mayBeTheTokenUser(member, tokenUser, resolver);
  for (const member of members) {
    if (keptUsernames.has(member.username)) {
      plan.keep.push(member);
      const allowed = allowedRole(entriesByMember.get(member.username) ?? []);
      if (allowed === undefined) continue;
      const change: RoleChange = { username: member.username, from: member.role, to: allowed };
      if (member.email !== undefined) change.email = member.email;
      if (isBelow(member.role, allowed)) plan.belowRole.push(change);
      else if (!isAbove(member.role, allowed)) continue;
      else if (member.role === 'owner') plan.ownersAboveRole.push(change);
      else if (mayBeTokenUser(member)) plan.tokenUserNotLowered.push(change);
      else plan.demote.push(change);
    } else if (mayBeTokenUser(member)) {
      plan.tokenUserKept.push(member);
    } else if (member.role === 'owner') plan.ownersKept.push(member);
    else if (!REMOVABLE_ROLES.includes(member.role)) plan.unknownRoleKept.push(member);
    else plan.remove.push(member);
  }
  const leaving = new Set(plan.remove);
  const stayingMembers = members.filter((m) => !leaving.has(m));
  const staying = namesOf(stayingMembers);
  const stayingUsernames = new Set(stayingMembers.map((m) => m.username));
  const removedEmails = new NameSet(plan.remove.map((m) => m.email));
  for (const { email, createdAt, role } of invites) {
    const allowed = allowedRole(entriesByName.get(nameKey(email)) ?? []);
    if (keptNames.has(email) && role !== undefined && allowed !== undefined && isAbove(role, allowed)) {
      plan.invitesAboveRole.push({ email, role, allowed });
    }
    if (keptNames.has(email) || staying.has(email)) continue;
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
      const person = resolver.resolveUsername(owner.username);
      if (person.kind === 'refused') {
        plan.tokensOwnerUnknown.push({ id: token.id, name: token.name, owner: owner.username });
      } else if (person.kind === 'unlisted' || !stayingUsernames.has(person.member.username)) {
        plan.revokeTokens.push({ id: token.id, name: token.name, owner: owner.username });
      }
    } else if (
      // Shown only by an email: one no member shows may be a member who shows no email, and
      // one several people show is none of theirs alone.
      (withoutEmail && !memberNames.has(owner.email)) ||
      resolver.emailHolders(owner.email).length > 1
    ) {
      plan.tokensOwnerUnknown.push({ id: token.id, name: token.name, owner: owner.email ?? '' });
    } else if (!staying.has(owner.email)) {
      plan.revokeTokens.push({ id: token.id, name: token.name, owner: tokenOwnerName(token) });
    }
  }
  return plan;
}

/**
 * Whether the member is the user whose token runs the action, or may be: without Get Current User
 * any admin may (an owner is never changed anyway).
 */
export function mayBeTheTokenUser(member: ListedMember, tokenUser: TokenUser | undefined, resolver: Resolver): boolean {
  if (tokenUser === undefined) return member.role === 'admin';
  const claimable = resolver.othersWithEmail(member).length === 0 ? member.email : undefined;
  return isTokenUser({ username: member.username, claimable }, tokenUser);
}

/**
 * Why the plan shows a roster that reads as nobody, or undefined: `keep` (the entries of keep
 * and keep-file) names no member, invitation or team login at all (every name mistyped, or a file
 * read wrong), or the plan removes members and leaves none but owners and the token's user.
 * Either way the roster is not what its author meant, however few the removals.
 */
export function rosterReadsAsNobody(
  plan: AuditPlan,
  keep: readonly string[],
  tokenUser: TokenUser | undefined,
  resolver: Resolver,
): string | undefined {
  const unmatched = new Set([...plan.notMembers, ...plan.teamNotMembers, ...plan.keepUnresolved]);
  if (keep.length > 0 && keep.every((entry) => unmatched.has(entry))) {
    // Whole, as every message names them: names cut short could end in part of a token.
    const some = keep.slice(0, 3).join(', ');
    return `none of the ${keep.length} name(s) of keep and keep-file (${some}${keep.length > 3 ? ', …' : ''}) is a member: the roster reads as nobody. Give the members' Turso usernames or emails as the summary lists them`;
  }
  // Without Get Current User the token's user is not known: an admin the roster names stays by
  // name (counting every admin as the token's user would refuse any roster of admins).
  const isTokenUserNow = (member: ListedMember) =>
    tokenUser !== undefined && mayBeTheTokenUser(member, tokenUser, resolver);
  const othersStay =
    plan.unknownRoleKept.length > 0 || plan.keep.some((member) => member.role !== 'owner' && !isTokenUserNow(member));
  if (plan.remove.length > 0 && !othersStay) {
    return `the plan removes ${plan.remove.length} member(s) and leaves no one but owners and the user whose token runs the action: the roster keeps nobody else. Check the roster (does it name the people who stay?); to remove everyone on purpose, offboard them by name with username`;
  }
  return undefined;
}

/** The deletions the plan makes: memberships, invitations and tokens, each one. */
export function plannedDeletions(plan: AuditPlan): number {
  return plan.remove.length + plan.revokeInvites.length + plan.revokeTokens.length;
}

/** The deletions and the roles lowered: all the access the plan takes away (what max-removals counts). */
export function plannedChanges(plan: AuditPlan): number {
  return plannedDeletions(plan) + plan.demote.length;
}

/**
 * The rows kept only because the action may not or cannot change them: an owner the roster does
 * not name, the token's user the roster does not name or names at a lower role (or, without Get
 * Current User, an admin who may be it), a role that cannot be read, a token whose owner is not
 * shown for certain. Each is drift for a person to fix.
 */
export function keptByException(plan: AuditPlan): number {
  return (
    plan.ownersKept.length +
    plan.tokenUserKept.length +
    plan.tokenUserNotLowered.length +
    plan.unknownRoleKept.length +
    plan.tokensOwnerUnknown.length
  );
}

/**
 * True when the plan removes, revokes or lowers anything, finds an owner or an invitation above
 * the roster's role, or keeps anyone by exception: the organization has drifted from the roster.
 */
export function hasDrift(plan: AuditPlan): boolean {
  return (
    plannedChanges(plan) > 0 ||
    plan.ownersAboveRole.length > 0 ||
    plan.invitesAboveRole.length > 0 ||
    keptByException(plan) > 0
  );
}

/** The Action of a row kept by exception: kept by this action, to be fixed by hand. */
export const KEPT_BY_EXCEPTION = 'keep: fix by hand';

export const PLAN_COLUMNS = ['Who', 'Role', 'Action', 'Reason'] as const;

/**
 * Rows of raw text; a refused plan says so in its rows. Who and Role come from the API or the
 * roster (encode them for where they go); Action and Reason are the action's own words.
 */
export function planRows(plan: AuditPlan, dryRun: boolean, refused: boolean): string[][] {
  const act = (verb: string) => (refused ? `not ${verb}d: plan refused` : dryRun ? `would ${verb}` : verb);
  const lower = (to: string) =>
    refused ? 'not lowered: plan refused' : `${dryRun ? 'would lower' : 'lower'} to ${to}`;
  const roleRow = new Set(
    [...plan.demote, ...plan.belowRole, ...plan.ownersAboveRole, ...plan.tokenUserNotLowered].map((c) => c.username),
  );
  return [
    ...plan.remove.map((m) => [m.username, m.role, act('remove'), 'not on the keep list']),
    ...plan.demote.map((c) => [c.username, c.from, lower(c.to), `the roster allows at most ${c.to}`]),
    ...plan.ownersAboveRole.map((c) => [
      c.username,
      c.from,
      'change by hand',
      `the roster allows at most ${c.to}, and this action never changes an owner: change the role in Turso by hand`,
    ]),
    ...plan.invitesAboveRole.map((i) => [
      i.email,
      `invited as ${i.role}`,
      'change by hand',
      `the roster allows at most ${i.allowed}, and this action never changes an invitation: revoke it in Turso and invite again as ${i.allowed}`,
    ]),
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
      KEPT_BY_EXCEPTION,
      plan.tokenUserUnknown
        ? 'may be the user whose token runs the action (Get Current User could not be read)'
        : 'the user whose token runs the action',
    ]),
    ...plan.tokenUserNotLowered.map((c) => [
      c.username,
      c.from,
      KEPT_BY_EXCEPTION,
      `the roster allows at most ${c.to}, but ${plan.tokenUserUnknown ? 'this admin may be' : 'this is'} the user whose token runs the action: never lowered`,
    ]),
    ...plan.ownersKept.map((m) => [m.username, m.role, KEPT_BY_EXCEPTION, 'owner (an audit never removes owners)']),
    ...plan.unknownRoleKept.map((m) => [
      m.username,
      m.role,
      KEPT_BY_EXCEPTION,
      'role unknown (an audit removes only admins, members and viewers)',
    ]),
    ...plan.tokensOwnerUnknown.map((t) => [
      `token ${t.name}`,
      t.owner === undefined ? 'owner not shown' : `minted by ${t.owner}`,
      KEPT_BY_EXCEPTION,
      t.owner === undefined ? 'check it by hand' : 'its owner cannot be tied to one member (check it by hand)',
    ]),
    ...plan.invitesKept.map(({ email, invitedDaysAgo }) => [
      email,
      'invited',
      'keep',
      invitedDaysAgo === undefined
        ? 'the invitation has no readable date (check it by hand)'
        : `invited ${invitedDaysAgo} day(s) ago (within invite-grace-days)`,
    ]),
    ...plan.belowRole.map((c) => [
      c.username,
      c.from,
      'keep',
      `on the keep list, below the ${c.to} the roster allows (this action never raises a role)`,
    ]),
    ...plan.keep.filter((m) => !roleRow.has(m.username)).map((m) => [m.username, m.role, 'keep', 'on the keep list']),
    ...plan.notMembers.map((name) => [
      name,
      '',
      'none',
      'on the keep list but not a member (typo or pending invitation?)',
    ]),
    ...plan.teamNotMembers.map((login) => [login, '', 'none', 'in a GitHub team of the roster, not a Turso member']),
  ];
}
