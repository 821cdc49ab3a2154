/**
 * The audit plan in the step's log: how many of each, a line for each row a person should know
 * of (a warning where it is drift the action leaves to them), and the keep-list entries that
 * name no member.
 */
import { countOf, isOnRoster, rowsInOrder, rowsWhere, type AuditPlan, type PlanRow } from '../model/audit-plan.ts';
import { daysText } from '../model/expiry.ts';
import type { Log } from '../model/log.ts';

/** The rows the log gives a line of their own, in the order it gives them. */
const LOG_ORDER: Partial<Record<`${PlanRow['what']} ${PlanRow['why']}`, number>> = {
  'member token-user': 1,
  'member above-role': 2,
  'member token-user-above-role': 3,
  'member owner-above-role': 4,
  'invitation above-role': 5,
  'member owner': 6,
  'member unknown-role': 7,
  'token owner-unknown': 8,
  'invitation undated': 9,
};

export function logPlan(org: string, memberCount: number, plan: AuditPlan, log: Log): void {
  const members = rowsWhere(plan, { what: 'member' });
  const onRoster = members.filter(isOnRoster).length;
  const owners = members.filter((row) => row.why === 'owner').length;
  const revoked = (what: PlanRow['what']) => rowsWhere(plan, { what, action: 'revoke' }).length;
  log.info(
    `Audit of ${org}: ${memberCount} member(s); ${countOf(plan, 'remove')} to remove, ${onRoster} on the keep list, ${owners} owner(s) kept; ${revoked('invitation')} invitation(s) and ${revoked('token')} token(s) to revoke`,
  );
  for (const row of rowsInOrder(plan, (row) => LOG_ORDER[`${row.what} ${row.why}`])) {
    const line = rowLine(row);
    if (line === undefined) continue;
    if (line.warn) log.warning(line.text, 'Turso audit');
    else log.info(line.text);
  }
  const young = rowsWhere(plan, { what: 'invitation', why: 'within-grace' });
  if (young.length > 0) {
    log.info(
      `${young.length} invitation(s) sent within invite-grace-days kept (new hires): ${young.map((i) => `${i.whom} (${i.invitedDaysAgo} day(s) ago)`).join(', ')}`,
    );
  }
  const teamLogins = rowsWhere(plan, { what: 'roster-entry', why: 'team-login' });
  if (teamLogins.length > 0) {
    log.info(
      `${teamLogins.length} member(s) of the GitHub teams are not members of ${org} (expected: not everyone uses Turso); the job summary lists them`,
    );
  }
  logExpiry(plan, log);
  const notMembers = rowsWhere(plan, { what: 'roster-entry', why: 'not-a-member' });
  if (notMembers.length > 0) {
    log.warning(
      `On the keep list but not members of ${org} (typos, or invitations not yet accepted?): ${notMembers.map((row) => row.whom).join(', ')}`,
      'Turso audit',
    );
  }
}

/** A notice for each roster entry expired or expiring within EXPIRY_NOTICE_DAYS: time to extend it, or let it lapse. */
function logExpiry(plan: AuditPlan, log: Log): void {
  for (const row of rowsWhere(plan, { what: 'roster-entry', action: 'notice' })) {
    log.notice(
      row.why === 'expired'
        ? `Roster entry ${row.whom} expired on ${row.until}: it keeps no one (the audit treats it as absent); extend its until, or drop it from the roster`
        : `Roster entry ${row.whom} expires in ${daysText(row.daysLeft)}, on ${row.until}: from that day the audit treats it as absent; extend its until if the access should last`,
    );
  }
}

/** The log line of a row that has one of its own; `warn`: drift a person must deal with. */
function rowLine(row: PlanRow): { warn: boolean; text: string } | undefined {
  const warn = (text: string) => ({ warn: true, text });
  if (row.what === 'invitation') {
    if (row.why === 'above-role') {
      return warn(
        `The invitation for ${row.whom} is for ${row.role}, and the roster allows at most ${row.allowed}: invitations are never changed; revoke it in Turso and invite again as ${row.allowed}`,
      );
    }
    return row.why === 'undated'
      ? warn(
          `The invitation for ${row.whom} has no readable created_at, so its age is unknown and it is kept; check it by hand`,
        )
      : undefined;
  }
  if (row.what === 'token') {
    const { id, name, owner } = row.whom;
    if (row.why !== 'owner-unknown') return undefined;
    return warn(
      owner === undefined
        ? `Token ${name} (${id}): the API does not show who minted it, so it is not revoked; check it by hand`
        : `Token ${name} (${id}): its owner is shown only as ${owner}, which cannot be tied to one member, so it is not revoked; check it by hand`,
    );
  }
  return row.what === 'member' ? memberLine(row) : undefined;
}

function memberLine(row: Extract<PlanRow, { what: 'member' }>): { warn: boolean; text: string } | undefined {
  const { username, role } = row.whom;
  const warn = (text: string) => ({ warn: true, text });
  switch (row.why) {
    case 'token-user':
      return warn(
        row.certain
          ? `${username}: not on the keep list, but kept: this is the user whose token runs the action (removing it would break every later run); add it to the roster, or run the audit with another owner's token`
          : `${username}: admin, not on the keep list, but kept: Get Current User could not be read, and any admin may be the user whose token runs the action`,
      );
    case 'above-role':
      return { warn: false, text: `${username}: ${role}, to be lowered to ${row.allowed}` };
    case 'token-user-above-role':
      return warn(
        `${username}: ${role}, above the ${row.allowed} the roster allows, but not lowered: ${row.certain ? 'this is' : 'Get Current User could not be read, and any admin may be'} the user whose token runs the action (lowering it could break this and every later run); lower it by hand, or run the audit with another owner's token`,
      );
    case 'owner-above-role':
      return warn(
        `${username}: owner, and the roster allows at most ${row.allowed}: this action never changes an owner; change the role in Turso by hand`,
      );
    case 'owner':
      return { warn: false, text: `${username}: owner, not on the keep list; kept (an audit never removes owners)` };
    case 'unknown-role':
      return warn(
        `${username}: role ${role} is not one of owner, admin, member, viewer; kept (an audit removes no one whose role it cannot read)`,
      );
    default:
      return undefined;
  }
}
