/** An audit plan with a row of every kind, each of another person, invitation, token or entry. */
import type { AuditPlan } from '../../src/model/audit-plan.ts';

const member = (username: string, role: string, email?: string) =>
  email === undefined ? { username, role } : { username, role, email };
export const EVERY_KIND_OF_ROW: AuditPlan = [
  { what: 'member', whom: member('bob', 'admin', 'bob@x.test'), why: 'not-on-roster', action: 'remove' },
  { what: 'member', whom: member('ann', 'member'), why: 'below-role', action: 'keep', allowed: 'admin' },
  {
    what: 'member',
    whom: member('cy', 'admin', 'cy@x.test'),
    why: 'above-role',
    action: 'demote',
    allowed: 'viewer',
  },
  { what: 'member', whom: member('dee', 'member'), why: 'on-roster', action: 'keep' },
  {
    what: 'member',
    whom: member('root', 'owner'),
    why: 'owner-above-role',
    action: 'change-by-hand',
    allowed: 'admin',
  },
  {
    what: 'member',
    whom: member('bot', 'admin'),
    why: 'token-user-above-role',
    action: 'keep-by-exception',
    allowed: 'member',
    certain: true,
  },
  { what: 'member', whom: member('bot2', 'admin'), why: 'token-user', action: 'keep-by-exception', certain: false },
  { what: 'member', whom: member('root2', 'owner'), why: 'owner', action: 'keep-by-exception' },
  { what: 'member', whom: member('odd', '(none)'), why: 'unknown-role', action: 'keep-by-exception' },
  {
    what: 'invitation',
    whom: 'new@x.test',
    why: 'above-role',
    action: 'change-by-hand',
    role: 'admin',
    allowed: 'viewer',
  },
  { what: 'invitation', whom: 'eve@x.test', why: 'not-on-roster', action: 'revoke' },
  { what: 'invitation', whom: 'fresh@x.test', why: 'within-grace', action: 'keep', invitedDaysAgo: 2 },
  { what: 'invitation', whom: 'undated@x.test', why: 'undated', action: 'keep' },
  { what: 'token', whom: { id: 't1', name: 'ci', owner: 'bob' }, why: 'owner-leaves', action: 'revoke' },
  { what: 'token', whom: { id: 't2', name: 'old' }, why: 'owner-unknown', action: 'keep-by-exception' },
  { what: 'roster-entry', whom: 'typo', why: 'not-a-member', action: 'none' },
  { what: 'roster-entry', whom: 'gh-only', why: 'team-login', action: 'none' },
  { what: 'roster-entry', whom: 'who@x.test', why: 'unresolved', action: 'refuse-plan' },
  {
    what: 'roster-entry',
    whom: 'two@x.test',
    why: 'ambiguous',
    action: 'refuse-plan',
    reason: 'two members show it',
  },
];
