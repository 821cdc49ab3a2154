/**
 * An audit's plan: one row for each member, invitation, token and keep-list entry the audit has
 * something to say about (what it is, whom, why, and the action taken), worked out from the
 * organization's listings and the keep list. Every report of the plan renders these rows.
 */
import { daysUntil, EXPIRY_NOTICE_DAYS, hasExpired } from './expiry.ts';
import { isTokenUser, Resolver } from './identity.ts';
import { nameKey, NameSet } from './names.ts';
import type { ListedMember, OrganizationToken, PendingInvite, TokenUser } from './organization.ts';
import { higherRole, isAbove, isBelow, type AssignableRole, type RosterEntry } from './roles.ts';

/** Roles an audit may remove; `owner` never, and an unknown role is never guessed at. */
const REMOVABLE_ROLES: readonly string[] = ['admin', 'member', 'viewer'];

/**
 * What the audit does about a row: a change it makes (`remove`, `demote`, `revoke`), drift it
 * leaves to a person (`change-by-hand`, `keep-by-exception`: kept only because the action may not
 * or cannot change it), nothing (`keep`, `none`), a roster entry to extend or drop (`notice`), or
 * refusing the whole plan (`refuse-plan`).
 */
export type PlanAction =
  'remove' | 'demote' | 'revoke' | 'change-by-hand' | 'keep-by-exception' | 'keep' | 'none' | 'notice' | 'refuse-plan';

/**
 * A member as listed when the audit started. `allowed` is the highest role the roster allows
 * them; `certain` is false when Get Current User could not be read, so that any admin may be the
 * user whose token runs the action. `expired`: the day an entry that kept them (at their role)
 * stopped counting, when that is why they are removed or lowered.
 */
export type MemberRow = { what: 'member'; whom: ListedMember } & (
  | { why: 'not-on-roster'; action: 'remove'; expired?: string }
  | { why: 'on-roster'; action: 'keep' }
  | { why: 'below-role'; action: 'keep'; allowed: AssignableRole }
  | { why: 'above-role'; action: 'demote'; allowed: AssignableRole; expired?: string }
  | { why: 'owner-above-role'; action: 'change-by-hand'; allowed: AssignableRole }
  | { why: 'token-user-above-role'; action: 'keep-by-exception'; allowed: AssignableRole; certain: boolean }
  | { why: 'token-user'; action: 'keep-by-exception'; certain: boolean }
  | { why: 'owner'; action: 'keep-by-exception' }
  | { why: 'unknown-role'; action: 'keep-by-exception' }
);

/** A pending invitation, by its email. */
export type InvitationRow = { what: 'invitation'; whom: string } & (
  | { why: 'not-on-roster'; action: 'revoke' }
  | { why: 'within-grace'; action: 'keep'; invitedDaysAgo: number }
  | { why: 'undated'; action: 'keep' }
  | { why: 'above-role'; action: 'change-by-hand'; role: string; allowed: AssignableRole }
);

export interface PlannedToken {
  id: string;
  name: string;
  /** The username (or, failing that, the email) of whoever minted it. */
  owner: string;
}

/** An organization API token; `owner-unknown`: the API did not show its owner, or not for certain. */
export type TokenRow =
  | { what: 'token'; whom: PlannedToken; why: 'owner-leaves'; action: 'revoke' }
  | {
      what: 'token';
      whom: Omit<PlannedToken, 'owner'> & { owner?: string };
      why: 'owner-unknown';
      action: 'keep-by-exception';
    };

/**
 * An entry of the keep list that names no member: `not-a-member` (a typo, or an invitation not
 * yet accepted), `team-login` (a GitHub team's login: not everyone uses Turso), `unresolved` (an
 * email no member, invitation or token owner shows while some members show no email) or
 * `ambiguous` (several people, or one the lists disagree about: `reason`). Whom the last two keep
 * cannot be told, so they refuse the plan. Or an entry (by name, or a team's `org/slug`) with an
 * `until`: `expires-soon` within EXPIRY_NOTICE_DAYS, or `expired`, which counts no more.
 */
export type RosterEntryRow = { what: 'roster-entry'; whom: string } & (
  | { why: 'not-a-member'; action: 'none' }
  | { why: 'team-login'; action: 'none' }
  | { why: 'unresolved'; action: 'refuse-plan' }
  | { why: 'ambiguous'; action: 'refuse-plan'; reason: string }
  | { why: 'expires-soon'; action: 'notice'; until: string; daysLeft: number }
  | { why: 'expired'; action: 'notice'; until: string }
);

export type PlanRow = MemberRow | InvitationRow | TokenRow | RosterEntryRow;

/** The plan: members in the order listed, then invitations, tokens, and keep-list entries. */
export type AuditPlan = readonly PlanRow[];

/** The fields a row can be picked by. */
type RowMatch = Partial<{ what: PlanRow['what']; why: PlanRow['why']; action: PlanAction }>;

/** The rows that match every field given, in plan order: `rowsWhere(plan, { what: 'member', action: 'remove' })`. */
export function rowsWhere<const M extends RowMatch>(plan: AuditPlan, match: M): Extract<PlanRow, M>[] {
  // A plain loop: an audit of 15,000 members asks this some thirty times.
  const { what, why, action } = match as RowMatch;
  const rows: Extract<PlanRow, M>[] = [];
  for (const row of plan) {
    if (what !== undefined && row.what !== what) continue;
    if (why !== undefined && row.why !== why) continue;
    if (action !== undefined && row.action !== action) continue;
    rows.push(row as Extract<PlanRow, M>);
  }
  return rows;
}

/** A member above the highest role the roster allows them (`to`). */
export interface RoleChange {
  username: string;
  email?: string;
  /** The role listed when the audit started. */
  from: string;
  to: AssignableRole;
}

/** The role change a member row holds, as the demotion and the `plan` output take it. */
export function roleChange(row: Extract<MemberRow, { allowed: AssignableRole }>): RoleChange {
  const change: RoleChange = { username: row.whom.username, from: row.whom.role, to: row.allowed };
  if (row.whom.email !== undefined) change.email = row.whom.email;
  return change;
}

/** The member rows of people the keep list does not name. */
const OFF_ROSTER: readonly MemberRow['why'][] = ['not-on-roster', 'token-user', 'owner', 'unknown-role'];

/** Whether a member row is of someone the keep list names (whatever their role). */
export const isOnRoster = (row: MemberRow) => !OFF_ROSTER.includes(row.why);

/** Who minted a token: the username, or failing that the email. */
export const tokenOwnerName = (token: OrganizationToken) => token.owner?.username ?? token.owner?.email ?? '';

const DAY_MS = 86_400_000;

export interface PlanRules {
  /** The entries of `keep` that came from GitHub teams. */
  teamLogins?: readonly string[];
  /** Invitations sent within this many days are kept; 0 (the default here) revokes them whatever their age. */
  inviteGraceDays?: number;
  /** When the run started, in epoch milliseconds: the day roster entries expire by, and invitations' age. */
  now?: number;
  /** The user whose token runs the action: never removed. Undefined when unknown. */
  tokenUser?: TokenUser;
  /**
   * Every roster entry, each with the highest role it allows, if it names one; without it no one
   * has a limit. A person may hold the highest role of the entries naming them, and any role
   * when one of them names none. An entry past its `until` counts as absent.
   */
  roster?: readonly RosterEntry[];
  /** The resolver of these members and tokens, when the caller has built it already (built here otherwise). */
  resolver?: Resolver;
}

export function planAudit(
  members: readonly ListedMember[],
  keep: readonly string[],
  invites: readonly PendingInvite[] = [],
  tokens: readonly OrganizationToken[] = [],
  rules: PlanRules = {},
): AuditPlan {
  const resolver = rules.resolver ?? new Resolver(members, tokens);
  const now = rules.now ?? Date.now();
  const roster = rules.roster ?? [];
  const live = roster.filter((entry) => !hasExpired(entry.until, now));
  const kept = liveKeep(keep, roster, now);
  const entries = keepListRows(kept, resolver, rules.teamLogins ?? [], invites);
  const allowed = rosterRoles(live, resolver);
  const expiredOf = expiredEntries(roster, resolver, now);
  const memberRows = members.map((member) =>
    withExpiry(
      memberRow(member, entries.kept.has(member.username), allowed.ofMember(member.username), {
        tokenUser: mayBeTheTokenUser(member, rules.tokenUser, resolver),
        certain: rules.tokenUser !== undefined,
      }),
      expiredOf(member.username),
    ),
  );
  const leaving = rowsWhere(memberRows, { action: 'remove' }).map((row) => row.whom);
  const staying = members.filter((member) => !leaving.includes(member));
  return [
    ...memberRows,
    ...invitationRows(invites, { keep: kept, staying, leaving, allowed: allowed.ofName, rules }),
    ...tokenRows(tokens, members, staying, resolver),
    ...entries.rows,
    ...expiryRows(roster, now),
  ];
}

/**
 * The names of `keep` that some entry still counts for: a name all of whose roster entries have
 * expired is absent (a name with no roster entry at all stays).
 */
export function liveKeep(keep: readonly string[], roster: readonly RosterEntry[], now: number): string[] {
  const expired = new Set(roster.filter((entry) => hasExpired(entry.until, now)).map((entry) => entry.name));
  for (const entry of roster) if (!hasExpired(entry.until, now)) expired.delete(entry.name);
  return keep.filter((name) => !expired.has(name));
}

/** The expired entries naming each member, by username as listed. */
function expiredEntries(roster: readonly RosterEntry[], resolver: Resolver, now: number) {
  const byMember = new Map<string, RosterEntry[]>();
  for (const entry of roster) {
    if (!hasExpired(entry.until, now)) continue;
    const person = resolver.resolve(entry.name);
    if (person.kind !== 'member') continue;
    byMember.set(person.member.username, [...(byMember.get(person.member.username) ?? []), entry]);
  }
  return (username: string): readonly RosterEntry[] => byMember.get(username) ?? [];
}

/**
 * A member removed, or lowered, marked with the latest day an entry of theirs (for a lowered
 * one: an entry allowing more than the role left) expired, when one did: that is why.
 */
function withExpiry(row: MemberRow, expired: readonly RosterEntry[]): MemberRow {
  if (row.why !== 'not-on-roster' && row.why !== 'above-role') return row;
  const allowedMore = (entry: RosterEntry) =>
    row.why === 'not-on-roster' || entry.role === undefined || isAbove(entry.role, row.allowed);
  const days = expired.filter(allowedMore).flatMap((entry) => entry.until ?? []);
  if (days.length === 0) return row;
  return { ...row, expired: days.reduce((a, b) => (a > b ? a : b)) };
}

/** A notice for each entry (or team line) with an `until` within EXPIRY_NOTICE_DAYS or past, by day. */
function expiryRows(roster: readonly RosterEntry[], now: number): RosterEntryRow[] {
  const rows = new Map<string, Extract<RosterEntryRow, { action: 'notice' }>>();
  for (const { name, team, until } of roster) {
    if (until === undefined) continue;
    const whom = team ?? name;
    const daysLeft = daysUntil(until, now);
    if (daysLeft > EXPIRY_NOTICE_DAYS || rows.has(`${whom} ${until}`)) continue;
    const what = 'roster-entry';
    rows.set(
      `${whom} ${until}`,
      daysLeft <= 0
        ? { what, whom, why: 'expired', action: 'notice', until }
        : { what, whom, why: 'expires-soon', action: 'notice', until, daysLeft },
    );
  }
  return [...rows.values()].sort((a, b) => a.until.localeCompare(b.until));
}

/** The members the keep list names, by their username as listed, and a row for each entry that names none. */
function keepListRows(
  keep: readonly string[],
  resolver: Resolver,
  teamLogins: readonly string[],
  invites: readonly PendingInvite[],
): { kept: Set<string>; rows: RosterEntryRow[] } {
  const teamNames = new NameSet(teamLogins);
  const invited = new NameSet(invites.map((i) => i.email));
  const kept = new Set<string>();
  const rows: RosterEntryRow[] = [];
  for (const whom of keep) {
    const person = resolver.resolve(whom);
    if (person.kind === 'member') kept.add(person.member.username);
    else if (person.kind === 'refused') {
      rows.push({ what: 'roster-entry', whom, why: 'ambiguous', action: 'refuse-plan', reason: person.reason });
    } else if (teamNames.has(whom)) rows.push({ what: 'roster-entry', whom, why: 'team-login', action: 'none' });
    else if (invited.has(whom)) continue;
    else if (person.kind === 'unknown')
      rows.push({ what: 'roster-entry', whom, why: 'unresolved', action: 'refuse-plan' });
    else rows.push({ what: 'roster-entry', whom, why: 'not-a-member', action: 'none' });
  }
  return { kept, rows };
}

/**
 * The highest role the roster allows a member (by username as listed) or an invitation (by
 * email); undefined: no limit. The entries are indexed by whom they name once, not searched.
 */
function rosterRoles(roster: readonly RosterEntry[], resolver: Resolver) {
  const byMember = new Map<string, RosterEntry[]>();
  const byName = new Map<string, RosterEntry[]>();
  for (const entry of roster) {
    const person = resolver.resolve(entry.name);
    const [index, key] = person.kind === 'member' ? [byMember, person.member.username] : [byName, nameKey(entry.name)];
    index.set(key, [...(index.get(key) ?? []), entry]);
  }
  const allowed = (naming: readonly RosterEntry[]): AssignableRole | undefined => {
    if (naming.length === 0 || naming.some((entry) => entry.role === undefined)) return undefined;
    return naming.flatMap((entry) => entry.role ?? []).reduce(higherRole);
  };
  return {
    ofMember: (username: string) => allowed(byMember.get(username) ?? []),
    ofName: (name: string) => allowed(byName.get(nameKey(name)) ?? []),
  };
}

function memberRow(
  whom: ListedMember,
  onRoster: boolean,
  allowed: AssignableRole | undefined,
  { tokenUser, certain }: { tokenUser: boolean; certain: boolean },
): MemberRow {
  const what = 'member';
  if (onRoster) {
    if (allowed === undefined) return { what, whom, why: 'on-roster', action: 'keep' };
    if (isBelow(whom.role, allowed)) return { what, whom, why: 'below-role', action: 'keep', allowed };
    if (!isAbove(whom.role, allowed)) return { what, whom, why: 'on-roster', action: 'keep' };
    if (whom.role === 'owner') return { what, whom, why: 'owner-above-role', action: 'change-by-hand', allowed };
    if (tokenUser) return { what, whom, why: 'token-user-above-role', action: 'keep-by-exception', allowed, certain };
    return { what, whom, why: 'above-role', action: 'demote', allowed };
  }
  if (tokenUser) return { what, whom, why: 'token-user', action: 'keep-by-exception', certain };
  if (whom.role === 'owner') return { what, whom, why: 'owner', action: 'keep-by-exception' };
  if (!REMOVABLE_ROLES.includes(whom.role)) return { what, whom, why: 'unknown-role', action: 'keep-by-exception' };
  return { what, whom, why: 'not-on-roster', action: 'remove' };
}

interface InvitationContext {
  keep: readonly string[];
  staying: readonly ListedMember[];
  leaving: readonly ListedMember[];
  allowed: (email: string) => AssignableRole | undefined;
  rules: PlanRules;
}

function invitationRows(invites: readonly PendingInvite[], context: InvitationContext): InvitationRow[] {
  const { inviteGraceDays = 0, now = Date.now() } = context.rules;
  const keptNames = new NameSet(context.keep);
  const staying = new NameSet(context.staying.flatMap((m) => [m.username, m.email]));
  const leavingEmails = new NameSet(context.leaving.map((m) => m.email));
  return invites.flatMap(({ email: whom, createdAt, role }): InvitationRow[] => {
    const what = 'invitation';
    const allowed = context.allowed(whom);
    if (keptNames.has(whom) && role !== undefined && allowed !== undefined && isAbove(role, allowed)) {
      return [{ what, whom, why: 'above-role', action: 'change-by-hand', role, allowed }];
    }
    if (keptNames.has(whom) || staying.has(whom)) return [];
    // The grace is for new hires; a member removed now must not keep a way back in.
    if (
      inviteGraceDays === 0 ||
      leavingEmails.has(whom) ||
      (createdAt !== undefined && now - createdAt > inviteGraceDays * DAY_MS)
    ) {
      return [{ what, whom, why: 'not-on-roster', action: 'revoke' }];
    }
    if (createdAt === undefined) return [{ what, whom, why: 'undated', action: 'keep' }];
    const invitedDaysAgo = Math.max(0, Math.floor((now - createdAt) / DAY_MS));
    return [{ what, whom, why: 'within-grace', action: 'keep', invitedDaysAgo }];
  });
}

/** A row for each token whose owner is not staying, or cannot be told for certain. */
function tokenRows(
  tokens: readonly OrganizationToken[],
  members: readonly ListedMember[],
  stayingMembers: readonly ListedMember[],
  resolver: Resolver,
): TokenRow[] {
  const withoutEmail = members.some((m) => m.email === undefined);
  const memberNames = new NameSet(members.flatMap((m) => [m.username, m.email]));
  const staying = new NameSet(stayingMembers.flatMap((m) => [m.username, m.email]));
  const stayingUsernames = new Set(stayingMembers.map((m) => m.username));
  return tokens.flatMap((token): TokenRow[] => {
    const { id, name, owner } = token;
    const revoke = (who: string): TokenRow[] => [
      { what: 'token', whom: { id, name, owner: who }, why: 'owner-leaves', action: 'revoke' },
    ];
    const unknown = (who?: string): TokenRow[] => [
      {
        what: 'token',
        whom: who === undefined ? { id, name } : { id, name, owner: who },
        why: 'owner-unknown',
        action: 'keep-by-exception',
      },
    ];
    if (owner === undefined) return unknown();
    if (owner.username !== undefined) {
      // By username first: the email it shows may be a mailbox others share.
      const person = resolver.resolveUsername(owner.username);
      if (person.kind === 'refused') return unknown(owner.username);
      const leaves = person.kind === 'unlisted' || !stayingUsernames.has(person.member.username);
      return leaves ? revoke(owner.username) : [];
    }
    // Shown only by an email: one no member shows may be a member who shows no email, and one
    // several people show is none of theirs alone.
    if ((withoutEmail && !memberNames.has(owner.email)) || resolver.emailHolders(owner.email).length > 1) {
      return unknown(owner.email ?? '');
    }
    return staying.has(owner.email) ? [] : revoke(tokenOwnerName(token));
  });
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
  const unmatched = new Set(
    rowsWhere(plan, { what: 'roster-entry' })
      .filter((row) => row.why !== 'ambiguous' && row.action !== 'notice')
      .map((row) => row.whom),
  );
  if (keep.length > 0 && keep.every((entry) => unmatched.has(entry))) {
    // Whole, as every message names them: names cut short could end in part of a token.
    const some = keep.slice(0, 3).join(', ');
    return `none of the ${keep.length} name(s) of keep and keep-file (${some}${keep.length > 3 ? ', …' : ''}) is a member: the roster reads as nobody. Give the members' Turso usernames or emails as the summary lists them`;
  }
  // Without Get Current User the token's user is not known: an admin the roster names stays by
  // name (counting every admin as the token's user would refuse any roster of admins).
  const isTokenUserNow = (member: ListedMember) =>
    tokenUser !== undefined && mayBeTheTokenUser(member, tokenUser, resolver);
  const othersStay = rowsWhere(plan, { what: 'member' }).some(
    (row) => row.why === 'unknown-role' || (isOnRoster(row) && row.whom.role !== 'owner' && !isTokenUserNow(row.whom)),
  );
  const removed = rowsWhere(plan, { action: 'remove' }).length;
  if (removed > 0 && !othersStay) {
    return `the plan removes ${removed} member(s) and leaves no one but owners and the user whose token runs the action: the roster keeps nobody else. Check the roster (does it name the people who stay?); to remove everyone on purpose, offboard them by name with username`;
  }
  return undefined;
}

/** How many rows of the plan take `action`. */
export const countOf = (plan: AuditPlan, action: PlanAction) => rowsWhere(plan, { action }).length;

/** The deletions the plan makes: memberships, invitations and tokens, each one. */
export function plannedDeletions(plan: AuditPlan): number {
  return countOf(plan, 'remove') + countOf(plan, 'revoke');
}

/** The deletions and the roles lowered: all the access the plan takes away (what max-removals counts). */
export function plannedChanges(plan: AuditPlan): number {
  return plannedDeletions(plan) + countOf(plan, 'demote');
}

/**
 * The rows kept only because the action may not or cannot change them: an owner the roster does
 * not name, the token's user the roster does not name or names at a lower role (or, without Get
 * Current User, an admin who may be it), a role that cannot be read, a token whose owner is not
 * shown for certain. Each is drift for a person to fix.
 */
export function keptByException(plan: AuditPlan): number {
  return countOf(plan, 'keep-by-exception');
}

/**
 * True when the plan removes, revokes or lowers anything, finds an owner or an invitation above
 * the roster's role, keeps anyone by exception, or the roster holds an expired entry (to extend
 * or drop): the organization has drifted from the roster. An entry expiring soon is no drift yet.
 */
export function hasDrift(plan: AuditPlan): boolean {
  return (
    plannedChanges(plan) > 0 ||
    countOf(plan, 'change-by-hand') > 0 ||
    keptByException(plan) > 0 ||
    rowsWhere(plan, { why: 'expired' }).length > 0
  );
}

/**
 * The rows in the order a report lists them: the changes first, then what is kept by exception,
 * then the rest. `rank` places a row; rows it gives no place are left out, and rows of one place
 * keep the plan's order.
 */
export function rowsInOrder(plan: AuditPlan, rank: (row: PlanRow) => number | undefined): PlanRow[] {
  return plan
    .flatMap((row) => {
      const place = rank(row);
      return place === undefined ? [] : [{ row, place }];
    })
    .sort((a, b) => a.place - b.place)
    .map(({ row }) => row);
}
