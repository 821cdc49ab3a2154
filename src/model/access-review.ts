/**
 * The access review: the organization as read, against the roster when one is given, as one
 * dated record with its findings. What the report file holds (docs/report.schema.json), and
 * what the CSV, the roster file and the summary are written from.
 */
import { planAudit, rowsWhere, type AuditPlan, type MemberRow } from './audit-plan.ts';
import { MEMBER_ADDED, memberEntryFinder, type AuditLogEntry } from './audit-log.ts';
import { nameKey, NameSet } from './names.ts';
import type { ListedMember, OrganizationToken, PendingInvite, TokenUser } from './organization.ts';
import { isAbove, type AssignableRole, type RosterEntry } from './roles.ts';

export const REVIEW_FORMAT = 'turso-access-review';
export const REVIEW_VERSION = 1;

const DAY_MS = 86_400_000;

/** Retrieve Organization's settings, as far as a review shows them. */
export interface OrganizationSettings {
  name?: string;
  type: string;
  requireMfa: boolean;
  plan?: string;
}

/** A feature the organization's plan does not have, and the API's answer that says so. */
export interface Unavailable {
  unavailable: string;
}

/** The roster as the inputs and the GitHub teams give it. */
export interface ReviewRoster {
  keep: readonly string[];
  roster: readonly RosterEntry[];
  teamLogins: readonly string[];
}

/** Everything a review is worked out from. */
export interface ReviewFacts {
  org: string;
  generatedAt: Date;
  settings: OrganizationSettings;
  members: readonly ListedMember[];
  invites: readonly PendingInvite[] | Unavailable;
  tokens: readonly OrganizationToken[];
  tokenUser: TokenUser | undefined;
  /** The audit log back to `inactiveDays` ago, newest first. */
  auditLog: readonly AuditLogEntry[] | Unavailable;
  /** Undefined: no roster was given. */
  roster: ReviewRoster | undefined;
  inactiveDays: number;
  inviteGraceDays: number;
}

export type FindingKind =
  | 'mfa-not-required'
  | 'not-on-roster'
  | 'role-above-roster'
  | 'token-owner-not-member'
  | 'full-access-token'
  | 'old-invitation'
  | 'inactive'
  | 'roster-entry-expires';

export interface Finding {
  finding: FindingKind;
  /** What it is about, and its name there (a username, an email, a token id, the organization's slug). */
  kind: 'organization' | 'member' | 'invitation' | 'token' | 'roster-entry';
  account: string;
  detail: string;
}

export interface ReviewToken {
  id: string;
  name: string;
  owner: { username?: string; email?: string } | null;
  group: string | null;
  /** null: an organization-scoped token, which has no scopes (full access). */
  scopes: string[] | null;
  created: string | null;
}

/** Whether the roster names a member, and the highest role it allows (`any`: no limit). */
export type RosterStanding = { named: false } | { named: true; role: AssignableRole | 'any' };

export interface ReviewMember {
  username: string;
  email: string | null;
  role: string;
  /** null: no roster was given. */
  roster: RosterStanding | null;
  /** Their latest audit-log entry as author within the window; null when none; `unavailable` without an audit log. */
  lastActivity: string | null;
  /** When an `org-member-add` entry within the window shows them added; null or `unavailable` as for lastActivity. */
  joined: string | null;
  tokens: ReviewToken[];
}

export interface ReviewInvitation {
  email: string;
  role: string | null;
  createdAt: string | null;
  ageDays: number | null;
  /** null: no roster was given. */
  onRoster: boolean | null;
}

export interface AccessReview {
  format: typeof REVIEW_FORMAT;
  version: typeof REVIEW_VERSION;
  organization: { slug: string } & OrganizationSettings;
  generatedAt: string;
  window: { inactiveDays: number; since: string; auditLog: 'read' | 'unavailable'; entries: number };
  inviteGraceDays: number;
  rosterGiven: boolean;
  tokenUser: TokenUser | null;
  members: ReviewMember[];
  invitations: ReviewInvitation[] | 'unavailable';
  tokensWithoutMember: ReviewToken[];
  findings: Finding[];
}

const isUnavailable = (value: object): value is Unavailable => 'unavailable' in value;

/** The review of the organization as `facts` show it. */
export function accessReview(facts: ReviewFacts): AccessReview {
  const since = new Date(facts.generatedAt.getTime() - facts.inactiveDays * DAY_MS);
  const owned = tokensByOwner(facts.members, facts.tokens);
  const plan = rosterPlan(facts);
  const standing = plan === undefined ? undefined : rosterStanding(plan);
  const activity = activityOf(facts.auditLog, since);
  const members = facts.members.map((member): ReviewMember => ({
    username: member.username,
    email: member.email ?? null,
    role: member.role,
    roster: standing?.(member.username) ?? null,
    ...activity(member.username),
    tokens: (owned.byMember.get(member.username) ?? []).map(reviewToken),
  }));
  const invitations = isUnavailable(facts.invites) ? 'unavailable' : facts.invites.map(reviewInvitation(facts));
  const review: AccessReview = {
    format: REVIEW_FORMAT,
    version: REVIEW_VERSION,
    organization: { slug: facts.org, ...facts.settings },
    generatedAt: facts.generatedAt.toISOString(),
    window: {
      inactiveDays: facts.inactiveDays,
      since: since.toISOString(),
      auditLog: isUnavailable(facts.auditLog) ? 'unavailable' : 'read',
      entries: isUnavailable(facts.auditLog) ? 0 : facts.auditLog.length,
    },
    inviteGraceDays: facts.inviteGraceDays,
    rosterGiven: facts.roster !== undefined,
    tokenUser: facts.tokenUser ?? null,
    members,
    invitations,
    tokensWithoutMember: owned.withoutMember.map(reviewToken),
    findings: [],
  };
  review.findings = [...findingsOf(review), ...expiryFindings(plan)];
  return review;
}

/** Each member's tokens (by username as listed), and the tokens whose owner is no member. */
function tokensByOwner(members: readonly ListedMember[], tokens: readonly OrganizationToken[]) {
  const byName = new Map<string, string>();
  for (const member of members) {
    byName.set(nameKey(member.username), member.username);
    if (member.email !== undefined && !byName.has(nameKey(member.email))) {
      byName.set(nameKey(member.email), member.username);
    }
  }
  const byMember = new Map<string, OrganizationToken[]>();
  const withoutMember: OrganizationToken[] = [];
  for (const token of tokens) {
    // By username first: an email shown beside it may be a mailbox others share.
    const shown = token.owner?.username ?? token.owner?.email;
    const member = shown === undefined ? undefined : byName.get(nameKey(shown));
    if (member === undefined) withoutMember.push(token);
    else byMember.set(member, [...(byMember.get(member) ?? []), token]);
  }
  return { byMember, withoutMember };
}

function reviewToken(token: OrganizationToken): ReviewToken {
  return {
    id: token.id,
    name: token.name,
    owner: token.owner ?? null,
    group: token.group ?? null,
    scopes: token.scopes ?? null,
    created: token.createdAt ?? null,
  };
}

/** The roster as the audit reads it on the review's day: its plan, undefined without a roster. */
function rosterPlan(facts: ReviewFacts): AuditPlan | undefined {
  const { roster } = facts;
  if (roster === undefined) return undefined;
  const invites = isUnavailable(facts.invites) ? [] : facts.invites;
  return planAudit(facts.members, roster.keep, invites, facts.tokens, {
    roster: roster.roster,
    teamLogins: roster.teamLogins,
    now: facts.generatedAt.getTime(),
    ...(facts.tokenUser !== undefined && { tokenUser: facts.tokenUser }),
  });
}

/** Where the roster puts each member (its plan's member rows). */
function rosterStanding(plan: AuditPlan): (username: string) => RosterStanding {
  const rows = new Map(rowsWhere(plan, { what: 'member' }).map((row) => [row.whom.username, row]));
  return (username) => {
    const row = rows.get(username);
    return row === undefined ? { named: false } : standingOf(row);
  };
}

/** The roster's entries that expire within the notice days, or have expired and are still there. */
function expiryFindings(plan: AuditPlan | undefined): Finding[] {
  return rowsWhere(plan ?? [], { what: 'roster-entry', action: 'notice' }).map((row) => ({
    finding: 'roster-entry-expires',
    kind: 'roster-entry',
    account: row.whom,
    detail:
      row.why === 'expired'
        ? `expired on ${row.until}: it keeps no one; extend its until, or drop it`
        : `expires in ${row.daysLeft} day(s), on ${row.until}`,
  }));
}

function standingOf(row: MemberRow): RosterStanding {
  switch (row.why) {
    case 'not-on-roster':
    case 'token-user':
    case 'owner':
    case 'unknown-role':
      return { named: false };
    case 'on-roster':
      return { named: true, role: 'any' };
    default:
      return { named: true, role: row.allowed };
  }
}

/** Each member's latest entry as author, and the entry that shows them added, within the window. */
function activityOf(
  auditLog: ReviewFacts['auditLog'],
  since: Date,
): (username: string) => Pick<ReviewMember, 'lastActivity' | 'joined'> {
  if (isUnavailable(auditLog)) return () => ({ lastActivity: 'unavailable', joined: 'unavailable' });
  // Each time parsed once and each author's key made once: a big log has 50,000 entries of a few thousand authors.
  const from = since.getTime();
  const keys = new Map<string, string>();
  const latest = new Map<string, { at: number; createdAt: string }>();
  for (const entry of auditLog) {
    const at = Date.parse(entry.createdAt);
    if (at < from) continue;
    let key = keys.get(entry.author);
    if (key === undefined) keys.set(entry.author, (key = nameKey(entry.author)));
    const seen = latest.get(key);
    if (seen === undefined || at > seen.at) latest.set(key, { at, createdAt: entry.createdAt });
  }
  const added = memberEntryFinder(auditLog, MEMBER_ADDED, since);
  return (username) => ({
    lastActivity: latest.get(nameKey(username))?.createdAt ?? null,
    joined: added(username)?.createdAt ?? null,
  });
}

function reviewInvitation(facts: ReviewFacts): (invite: PendingInvite) => ReviewInvitation {
  const named = facts.roster === undefined ? undefined : new NameSet(facts.roster.keep);
  return (invite) => ({
    email: invite.email,
    role: invite.role ?? null,
    createdAt: invite.createdAt === undefined ? null : new Date(invite.createdAt).toISOString(),
    ageDays:
      invite.createdAt === undefined ? null : Math.floor((facts.generatedAt.getTime() - invite.createdAt) / DAY_MS),
    onRoster: named === undefined ? null : named.has(invite.email),
  });
}

/** Whether a token has full access: an organization-scoped one (no scopes), or one with `full-access`. */
export const hasFullAccess = (token: ReviewToken) =>
  token.scopes === null || token.scopes.length === 0 || token.scopes.includes('full-access');

/** Every finding of the review, the organization's first, then by member, invitation and token. */
function findingsOf(review: AccessReview): Finding[] {
  const { organization, members, invitations, tokensWithoutMember, window } = review;
  const findings: Finding[] = [];
  if (!organization.requireMfa) {
    findings.push({
      finding: 'mfa-not-required',
      kind: 'organization',
      account: organization.slug,
      detail: 'require_mfa is off: members may sign in without a second factor',
    });
  }
  for (const member of members) findings.push(...memberFindings(member, window));
  if (invitations !== 'unavailable') {
    for (const invitation of invitations) {
      if (invitation.ageDays !== null && invitation.ageDays > review.inviteGraceDays) {
        findings.push({
          finding: 'old-invitation',
          kind: 'invitation',
          account: invitation.email,
          detail: `pending for ${invitation.ageDays} days, more than invite-grace-days (${review.inviteGraceDays})`,
        });
      }
    }
  }
  for (const token of tokensWithoutMember) {
    const owner = token.owner?.username ?? token.owner?.email;
    findings.push({
      finding: 'token-owner-not-member',
      kind: 'token',
      account: token.id,
      detail: `token ${token.name}: ${owner === undefined ? 'the API shows no owner' : `its owner ${owner} is not a member`}`,
    });
  }
  for (const token of [...members.flatMap((member) => member.tokens), ...tokensWithoutMember]) {
    if (hasFullAccess(token)) {
      findings.push({
        finding: 'full-access-token',
        kind: 'token',
        account: token.id,
        detail: `token ${token.name}: ${token.scopes === null ? 'organization-scoped, with no scopes' : 'full-access'}`,
      });
    }
  }
  return findings;
}

function memberFindings(member: ReviewMember, window: AccessReview['window']): Finding[] {
  const findings: Finding[] = [];
  const about = { kind: 'member', account: member.username } as const;
  if (member.roster?.named === false) {
    findings.push({ finding: 'not-on-roster', ...about, detail: `${member.role}, not named by the roster` });
  } else if (member.roster?.named === true && member.roster.role !== 'any') {
    const allowed = member.roster.role;
    if (isAbove(member.role, allowed)) {
      findings.push({ finding: 'role-above-roster', ...about, detail: `${member.role}, the roster allows ${allowed}` });
    }
  }
  if (member.lastActivity === null) {
    findings.push({
      finding: 'inactive',
      ...about,
      detail: `no audit-log entry as author in ${window.inactiveDays} days (the audit log records changes, not queries)`,
    });
  }
  return findings;
}
