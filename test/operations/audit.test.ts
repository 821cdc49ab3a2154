import { describe, expect, it } from 'vitest';
import { planAudit } from '../../src/operations/audit.ts';

describe('planAudit', () => {
  const members = [
    { username: 'alice', role: 'owner' },
    { username: 'bob', role: 'admin' },
    { username: 'carol', role: 'member' },
    { username: 'Dave', role: 'member' },
    { username: 'erin', role: 'viewer' },
    { username: 'root2', role: 'owner' },
  ];

  it('keeps listed members whatever their case, never removes owners, and names strangers', () => {
    expect(planAudit(members, ['ALICE', 'dave', 'Erin', 'nobody'])).toEqual({
      remove: [
        { username: 'bob', role: 'admin' },
        { username: 'carol', role: 'member' },
      ],
      keep: [
        { username: 'alice', role: 'owner' },
        { username: 'Dave', role: 'member' },
        { username: 'erin', role: 'viewer' },
      ],
      ownersKept: [{ username: 'root2', role: 'owner' }],
      unknownRoleKept: [],
      notMembers: ['nobody'],
    });
  });
});
