/**
 * The audit plan as the `plan` output and the evidence record hold it: one list per kind of row,
 * of usernames, emails, role changes and tokens. Users' workflows read these fields by name.
 */
import { isOnRoster, roleChange, rowsWhere, type AuditPlan, type MemberRow, type PlanRow } from './audit-plan.ts';

/** The `plan` output's fields, each with what it holds: what its description is made of. */
export const PLAN_OUTPUT_FIELDS = {
  remove: 'usernames of the members not on the roster, removed',
  keep: 'usernames of the members on the roster',
  demote: 'role changes ({username, email?, from, to}) of members above the role the roster allows, lowered to it',
  belowRole: 'role changes of members below the role the roster allows, left alone (a role is never raised)',
  ownersAboveRole: 'role changes of owners the roster allows less, to change by hand',
  tokenUserNotLowered: "role changes of the token's user above the roster's role, never lowered",
  invitesAboveRole: 'invitations ({email, role, allowed}) above the role the roster allows, to change by hand',
  tokenUserKept: "the username of the token's user (or, when it is unknown, admins) not on the roster, kept",
  ownersKept: 'usernames of owners not on the roster, kept',
  unknownRoleKept: 'usernames of members whose role cannot be read, kept',
  notMembers: 'entries of keep and keep-file that name no member or invitation',
  teamNotMembers: 'logins of the roster teams that are no member',
  revokeInvites: 'emails of the invitations revoked',
  invitesKept:
    'invitations ({email, invitedDaysAgo?}) for people not on the roster kept: within invite-grace-days, or undated',
  revokeTokens: 'tokens ({id, name, owner}) whose owner is not a member once the audit is done, revoked',
  tokensOwnerUnknown: 'tokens ({id, name, owner?}) whose owner cannot be told for certain, kept',
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
