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
    expect(cancelledAfter({ results: [], rotations: [] }, 'remove')).toBe(
      'The run was cancelled before anything was removed; nothing more was sent',
    );
    expect(cancelledAfter({ results: [result('removed'), result('failed')], rotations: [] }, 'remove')).toBe(
      'The run was cancelled after offboarding 1 of 2 person(s); nothing more was sent',
    );
  });

  it('says what a cancelled role change or rotation did', () => {
    expect(cancelledAfter({ results: [], rotations: [] }, 'demote')).toBe(
      'The run was cancelled before any role was lowered; nothing more was sent',
    );
    expect(cancelledAfter({ results: [result('demoted'), result('failed')], rotations: [] }, 'demote')).toBe(
      'The run was cancelled after lowering 1 of 2 person(s); nothing more was sent',
    );
    const rotations = [
      { group: 'a', result: 'rotated' as const },
      { group: 'b', result: 'failed' as const },
    ];
    expect(cancelledAfter({ results: [], rotations }, 'rotate')).toBe(
      'The run was cancelled after rotating 1 of 2 group(s); nothing more was sent',
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
    expect(
      cancelledAfter(
        { plan, results: [result('removed'), result('demoted'), result('failed')], rotations: [] },
        'audit',
      ),
    ).toBe(
      'The run was cancelled after removing 1 of 1 (memberships, invitations and tokens the audit planned), and lowering 1 of 2 role(s); nothing more was sent',
    );
  });
});
