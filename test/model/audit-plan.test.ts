import { describe, expect, it } from 'vitest';
import { planAudit } from '../../src/model/audit-plan.ts';

describe('planAudit', () => {
  const members = [
    { username: 'alice', role: 'owner' },
    { username: 'bob', role: 'admin', email: 'bob@acme.test' },
    { username: 'carol', role: 'member', email: 'carol@acme.test' },
    { username: 'Dave', role: 'member' },
    { username: 'erin', role: 'viewer', email: 'Erin@Acme.test' },
    { username: 'root2', role: 'owner' },
  ];

  it('keeps listed members whatever their case, never removes owners, and names strangers', () => {
    expect(planAudit(members, ['ALICE', 'dave', 'Erin', 'nobody'])).toEqual({
      remove: [
        { username: 'bob', role: 'admin', email: 'bob@acme.test' },
        { username: 'carol', role: 'member', email: 'carol@acme.test' },
      ],
      keep: [
        { username: 'alice', role: 'owner' },
        { username: 'Dave', role: 'member' },
        { username: 'erin', role: 'viewer', email: 'Erin@Acme.test' },
      ],
      tokenUserKept: [],
      ownersKept: [{ username: 'root2', role: 'owner' }],
      unknownRoleKept: [],
      notMembers: ['nobody'],
      teamNotMembers: [],
      revokeInvites: [],
      invitesKept: [],
      revokeTokens: [],
      tokensOwnerUnknown: [],
    });
  });

  it('keeps the user whose token runs the action, even off the list', () => {
    const plan = planAudit(members, ['alice', 'dave', 'erin'], [], [], { tokenUser: 'CAROL' });
    expect(plan.tokenUserKept).toEqual([{ username: 'carol', role: 'member', email: 'carol@acme.test' }]);
    expect(plan.remove.map((m) => m.username)).toEqual(['bob']);
  });

  it('keeps a member named on the list by email', () => {
    const plan = planAudit(members, ['alice', 'dave', 'erin@acme.test', 'CAROL@acme.test']);
    expect(plan.remove.map((m) => m.username)).toEqual(['bob']);
    expect(plan.notMembers).toEqual([]);
  });

  it('revokes invitations of people not on the list, and tokens whose owner is not staying', () => {
    const plan = planAudit(
      members,
      ['alice', 'dave', 'erin', 'new@acme.test'],
      [{ email: 'new@acme.test' }, { email: 'gone@acme.test' }, { email: 'erin@acme.test' }],
      [
        { id: 't1', name: 'bob-ci', owner: { username: 'bob', email: 'bob@acme.test' } },
        { id: 't2', name: 'left', owner: { username: 'zed', email: 'zed@acme.test' } },
        { id: 't3', name: 'erin', owner: { email: 'ERIN@acme.test' } },
        { id: 't4', name: 'mystery' },
        { id: 't5', name: 'root', owner: { username: 'root2' } },
      ],
    );
    expect(plan.revokeInvites).toEqual(['gone@acme.test']);
    expect(plan.revokeTokens).toEqual([
      { id: 't1', name: 'bob-ci', owner: 'bob' },
      { id: 't2', name: 'left', owner: 'zed' },
    ]);
    expect(plan.tokensOwnerUnknown).toEqual([{ id: 't4', name: 'mystery' }]);
  });
});
