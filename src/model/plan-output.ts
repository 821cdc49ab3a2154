/**
 * The audit plan as the `plan` output and the evidence record hold it: one list per kind of row,
 * of usernames, emails, role changes and tokens. Users' workflows read these fields by name.
 */
import { isOnRoster, roleChange, rowsWhere, type AuditPlan, type MemberRow, type PlanRow } from './audit-plan.ts';

/** The `plan` output's fields, each with what it holds: what its description is made of. */
export const PLAN_OUTPUT_FIELDS = {
  remove: 'usernames of the members to remove (not on the roster)',
  keep: 'usernames of the members the roster names',
  demote:
    'role changes {username, email?, from, to} of members above the highest role the roster allows: lowered to it',
  belowRole: 'role changes of members below the role the roster allows: left as they are (a role is never raised)',
  ownersAboveRole: 'role changes of owners the roster allows less: to change by hand (an owner is never changed)',
  tokenUserNotLowered:
    "role changes of the user whose token runs the action (or, without Get Current User, an admin) above the roster's role: never lowered",
  invitesAboveRole:
    'invitations {email, role, allowed} above the role the roster allows: to revoke and send again by hand',
  tokenUserKept:
    'usernames of the user whose token runs the action (or, without Get Current User, each admin) the roster does not name: kept',
  ownersKept: 'usernames of owners the roster does not name: kept (an audit never removes an owner)',
  unknownRoleKept: 'usernames of members whose role cannot be read: kept',
  notMembers: 'entries of keep and keep-file that name no member or invitation (typos?)',
  teamNotMembers: "logins of the roster's GitHub teams that are no Turso member",
  revokeInvites: 'emails of the invitations to revoke (for people not on the roster)',
  invitesKept:
    'invitations {email, invitedDaysAgo?} of people not on the roster kept: younger than invite-grace-days, or undated',
  revokeTokens: 'API tokens {id, name, owner} to revoke: their owner is no member once the audit is done',
  tokensOwnerUnknown: 'API tokens {id, name, owner?} whose owner cannot be told for certain: kept',
  keepUnresolved: 'keep-list emails that name no one while some members show no email: they refuse the plan',
} as const satisfies Record<keyof PlanRecord, string>;

export type PlanRecord = ReturnType<typeof planRecord>;

/** The plan as plain data, in the fields of PLAN_OUTPUT_FIELDS. */
export function planRecord(plan: AuditPlan) {
  const members = (why: MemberRow['why']) => rowsWhere(plan, { what: 'member', why }).map((row) => row.whom.username);
  const changes = (why: Extract<MemberRow, { allowed: unknown }>['why']) =>
    rowsWhere(plan, { what: 'member', why }).map(roleChange);
  const entries = (why: Extract<PlanRow, { what: 'roster-entry' }>['why']) =>
    rowsWhere(plan, { what: 'roster-entry', why }).map((row) => row.whom);
  return {
    remove: members('not-on-roster'),
    keep: rowsWhere(plan, { what: 'member' })
      .filter(isOnRoster)
      .map((row) => row.whom.username),
    demote: changes('above-role'),
    belowRole: changes('below-role'),
    ownersAboveRole: changes('owner-above-role'),
    tokenUserNotLowered: changes('token-user-above-role'),
    invitesAboveRole: rowsWhere(plan, { what: 'invitation', why: 'above-role' }).map(({ whom, role, allowed }) => ({
      email: whom,
      role,
      allowed,
    })),
    tokenUserKept: members('token-user'),
    ownersKept: members('owner'),
    unknownRoleKept: members('unknown-role'),
    notMembers: entries('not-a-member'),
    teamNotMembers: entries('team-login'),
    revokeInvites: rowsWhere(plan, { what: 'invitation', action: 'revoke' }).map((row) => row.whom),
    invitesKept: rowsWhere(plan, { what: 'invitation', action: 'keep' }).map((row) =>
      row.why === 'within-grace' ? { email: row.whom, invitedDaysAgo: row.invitedDaysAgo } : { email: row.whom },
    ),
    revokeTokens: rowsWhere(plan, { what: 'token', action: 'revoke' }).map((row) => row.whom),
    tokensOwnerUnknown: rowsWhere(plan, { what: 'token', why: 'owner-unknown' }).map((row) => row.whom),
    keepUnresolved: entries('unresolved'),
  };
}
