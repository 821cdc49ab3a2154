import { describe, expect, it } from 'vitest';
import type { AuditPlan } from '../../src/model/audit-plan.ts';
import { PLAN_OUTPUT_FIELDS } from '../../src/model/plan-output.ts';
import { overallResult, planJson, resultsJson } from '../../src/reporting/outputs.ts';
import { personResult } from '../support/person-result.ts';

const person = personResult;
const removed = person('a', {
  member: 'a',
  attempts: 1,
  auditLog: { created_at: '2026-12-01T10:00:00Z', author: 'bot' },
});
const wouldRemove = person('b', {
  result: 'would-remove',
  membership: 'would-remove',
  role: 'admin',
  verified: 'not-checked',
});
const notMember = person('c', { result: 'not-member', membership: 'not-member', error: 'nope', attempts: 1 });
const failed = person('d', {
  result: 'failed',
  membership: 'failed',
  email: 'd@x.test',
  invite: 'failed',
  tokens: [{ id: 't1', name: 'ci', result: 'failed' }],
  error: 'HTTP 403',
  attempts: 1,
  warning: 'x',
  verified: 'still-listed',
});

describe('overallResult', () => {
  it('is the first of failed > not-member > would-remove > removed that occurs', () => {
    expect(overallResult([removed], undefined)).toBe('removed');
    expect(overallResult([removed, wouldRemove], undefined)).toBe('would-remove');
    expect(overallResult([wouldRemove, notMember, removed], undefined)).toBe('not-member');
    expect(overallResult([removed, notMember, failed], undefined)).toBe('failed');
  });

  it('is failed when the run stopped before processing anyone, and empty when there was no one', () => {
    expect(overallResult([], 'could not list')).toBe('failed');
    expect(overallResult([], undefined)).toBe('');
  });
});

describe('resultsJson', () => {
  it('keeps input order and only the documented fields that are known', () => {
    expect(JSON.parse(resultsJson([failed, removed, wouldRemove]))).toEqual([
      {
        username: 'd',
        result: 'failed',
        email: 'd@x.test',
        invite: 'failed',
        tokens: [{ id: 't1', name: 'ci', result: 'failed' }],
        verified: 'still-listed',
        error: 'HTTP 403',
        attempts: 1,
      },
      {
        username: 'a',
        result: 'removed',
        member: 'a',
        invite: 'none',
        tokens: [],
        verified: 'gone',
        audit_log: { created_at: '2026-12-01T10:00:00Z', author: 'bot' },
        attempts: 1,
      },
      { username: 'b', result: 'would-remove', role: 'admin', invite: 'none', tokens: [], verified: 'not-checked' },
    ]);
  });
});

describe('planJson', () => {
  it('lists usernames per part of the plan, the invitations and the tokens, in the fields it documents', () => {
    const member = (username: string, role: string, email?: string) =>
      email === undefined ? { username, role } : { username, role, email };
    const plan: AuditPlan = [
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
    const json: unknown = JSON.parse(planJson(plan));
    expect(json).toEqual({
      remove: ['bob'],
      keep: ['ann', 'cy', 'dee', 'root', 'bot'],
      demote: [{ username: 'cy', email: 'cy@x.test', from: 'admin', to: 'viewer' }],
      belowRole: [{ username: 'ann', from: 'member', to: 'admin' }],
      ownersAboveRole: [{ username: 'root', from: 'owner', to: 'admin' }],
      tokenUserNotLowered: [{ username: 'bot', from: 'admin', to: 'member' }],
      invitesAboveRole: [{ email: 'new@x.test', role: 'admin', allowed: 'viewer' }],
      tokenUserKept: ['bot2'],
      ownersKept: ['root2'],
      unknownRoleKept: ['odd'],
      notMembers: ['typo'],
      teamNotMembers: ['gh-only'],
      revokeInvites: ['eve@x.test'],
      invitesKept: [{ email: 'fresh@x.test', invitedDaysAgo: 2 }, { email: 'undated@x.test' }],
      revokeTokens: [{ id: 't1', name: 'ci', owner: 'bob' }],
      tokensOwnerUnknown: [{ id: 't2', name: 'old' }],
      keepUnresolved: ['who@x.test'],
    });
    expect(Object.keys(json as object)).toEqual(Object.keys(PLAN_OUTPUT_FIELDS));
  });
});
