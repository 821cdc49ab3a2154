import { describe, expect, it } from 'vitest';
import type { AuditPlan, MemberRow } from '../../src/model/audit-plan.ts';
import { cancelledAfter } from '../../src/model/outcome.ts';
import type { PersonResult } from '../../src/model/people.ts';

describe('cancelledAfter', () => {
  const result = (result: 'removed' | 'failed' | 'demoted'): PersonResult => ({
    username: 'a',
    entries: ['a'],
    listedAtStart: true,
    result,
    membership: result === 'demoted' ? 'kept' : result,
    invite: 'none',
    tokens: [],
    problems: { others: [] },
    actions: [],
    verified: 'not-checked',
  });

  it('says what a cancelled removal did, or that nothing was done', () => {
    expect(cancelledAfter({ results: [] })).toBe(
      'The run was cancelled before anything was removed; nothing more was sent',
    );
    expect(cancelledAfter({ results: [result('removed'), result('failed')] })).toBe(
      'The run was cancelled after offboarding 1 of 2 person(s); nothing more was sent',
    );
  });

  it("counts an audit's roles lowered apart from its deletions", () => {
    const lower = (username: string, allowed: 'member' | 'viewer'): MemberRow => ({
      what: 'member',
      whom: { username, role: 'admin' },
      why: 'above-role',
      action: 'demote',
      allowed,
    });
    const plan: AuditPlan = [
      { what: 'member', whom: { username: 'a', role: 'member' }, why: 'not-on-roster', action: 'remove' },
      lower('b', 'member'),
      lower('c', 'viewer'),
    ];
    expect(cancelledAfter({ plan, results: [result('removed'), result('demoted'), result('failed')] })).toBe(
      'The run was cancelled after removing 1 of 1 (memberships, invitations and tokens the audit planned), and lowering 1 of 2 role(s); nothing more was sent',
    );
  });
});
