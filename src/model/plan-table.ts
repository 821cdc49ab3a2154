/**
 * The audit plan as a table of text, one line per row of the plan: what the job summary, the
 * drift issue and the plan comment show. Who and Role come from the API or the roster (each
 * report encodes them for where they go); Action and Reason are the action's own words.
 */
import { daysText } from './expiry.ts';
import { rowsInOrder, type AuditPlan, type PlanRow } from './audit-plan.ts';

/** The Action of a row kept by exception: kept by this action, to be fixed by hand. */
export const KEPT_BY_EXCEPTION = 'keep: fix by hand';

export const PLAN_COLUMNS = ['Who', 'Role', 'Action', 'Reason'] as const;

/** How the run treats the plan: a run that only plans would do it, a refused one does none of it. */
export interface PlanTense {
  planOnly: boolean;
  refused: boolean;
}

/**
 * The place of each kind of row in the table: the keep-list entries that refuse the whole plan,
 * the changes, what a person must change by hand, what is kept by exception, then what stays.
 */
const TABLE_ORDER: { [W in PlanRow['what']]: Record<Extract<PlanRow, { what: W }>['why'], number> } = {
  member: {
    'not-on-roster': 1,
    'above-role': 2,
    'owner-above-role': 3,
    'token-user': 7,
    'token-user-above-role': 8,
    owner: 9,
    'unknown-role': 10,
    'below-role': 13,
    'on-roster': 14,
  },
  invitation: { 'above-role': 4, 'not-on-roster': 5, 'within-grace': 12, undated: 12 },
  token: { 'owner-leaves': 6, 'owner-unknown': 11 },
  'roster-entry': {
    unresolved: 0,
    ambiguous: 0,
    expired: 11,
    'expires-soon': 12,
    'not-a-member': 15,
    'team-login': 16,
  },
};

const tableRank = (row: PlanRow): number => (TABLE_ORDER[row.what] as Record<PlanRow['why'], number>)[row.why];

/** The plan's rows in the table's order, each as its cells: Who, Role, Action, Reason. */
export function planTable(plan: AuditPlan, tense: PlanTense): string[][] {
  return rowsInOrder(plan, tableRank).map((row) => [...whoAndRole(row), actionText(row, tense), reasonText(row)]);
}

function whoAndRole(row: PlanRow): [string, string] {
  switch (row.what) {
    case 'member':
      return [row.whom.username, row.whom.role];
    case 'invitation':
      return [row.whom, row.why === 'above-role' ? `invited as ${row.role}` : 'invited'];
    case 'token':
      return [
        `token ${row.whom.name}`,
        row.whom.owner === undefined ? 'owner not shown' : `minted by ${row.whom.owner}`,
      ];
    case 'roster-entry':
      return [row.whom, ''];
  }
}

function actionText(row: PlanRow, { planOnly, refused }: PlanTense): string {
  switch (row.action) {
    case 'remove':
    case 'revoke':
      return refused ? `not ${row.action}d: plan refused` : planOnly ? `would ${row.action}` : row.action;
    case 'demote':
      return refused ? 'not lowered: plan refused' : `${planOnly ? 'would lower' : 'lower'} to ${row.allowed}`;
    case 'change-by-hand':
      return 'change by hand';
    case 'keep-by-exception':
      return KEPT_BY_EXCEPTION;
    case 'keep':
    case 'none':
    case 'notice':
      return row.action;
    case 'refuse-plan':
      return refused ? 'plan refused' : planOnly ? 'would refuse the plan' : 'refuse the plan';
  }
}

function reasonText(row: PlanRow): string {
  switch (row.what) {
    case 'member':
      return memberReason(row);
    case 'invitation':
      if (row.why === 'above-role') {
        return `the roster allows at most ${row.allowed}, and this action never changes an invitation: revoke it in Turso and invite again as ${row.allowed}`;
      }
      if (row.why === 'not-on-roster') return 'invitation for someone not on the keep list';
      if (row.why === 'undated') return 'the invitation has no readable date (check it by hand)';
      return `invited ${row.invitedDaysAgo} day(s) ago (within invite-grace-days)`;
    case 'token':
      if (row.why === 'owner-leaves') return 'its owner is not a member once the audit is done';
      return row.whom.owner === undefined
        ? 'check it by hand'
        : 'its owner cannot be tied to one member (check it by hand)';
    case 'roster-entry':
      if (row.why === 'not-a-member') return 'on the keep list but not a member (typo or pending invitation?)';
      if (row.why === 'team-login') return 'in a GitHub team of the roster, not a Turso member';
      if (row.why === 'ambiguous') return `whom it keeps cannot be told: ${row.reason}`;
      if (row.why === 'expires-soon') {
        return `expires in ${daysText(row.daysLeft)}, on ${row.until}: extend its until, or let it lapse`;
      }
      if (row.why === 'expired') return `expired on ${row.until}: it keeps no one; extend its until, or drop it`;
      return 'whom it keeps cannot be told: no member, invitation or token owner shows it, while some members show no email';
  }
}

function memberReason(row: Extract<PlanRow, { what: 'member' }>): string {
  switch (row.why) {
    case 'not-on-roster':
      return row.expired === undefined
        ? 'not on the keep list'
        : `not on the keep list: the entry expired on ${row.expired}`;
    case 'on-roster':
      return 'on the keep list';
    case 'below-role':
      return `on the keep list, below the ${row.allowed} the roster allows (this action never raises a role)`;
    case 'above-role':
      return row.expired === undefined
        ? `the roster allows at most ${row.allowed}`
        : `the roster allows at most ${row.allowed}: the entry allowing more expired on ${row.expired}`;
    case 'owner-above-role':
      return `the roster allows at most ${row.allowed}, and this action never changes an owner: change the role in Turso by hand`;
    case 'token-user-above-role':
      return `the roster allows at most ${row.allowed}, but ${row.certain ? 'this is' : 'this admin may be'} the user whose token runs the action: never lowered`;
    case 'token-user':
      return row.certain
        ? 'the user whose token runs the action'
        : 'may be the user whose token runs the action (Get Current User could not be read)';
    case 'owner':
      return 'owner (an audit never removes owners)';
    case 'unknown-role':
      return 'role unknown (an audit removes only admins, members and viewers)';
  }
}
