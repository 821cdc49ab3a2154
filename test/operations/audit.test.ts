import { describe, expect, it } from 'vitest';
import { auditPersonPlans, planAudit } from '../../src/operations/audit.ts';
import type { Directory } from '../../src/operations/directory.ts';

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
      ownersKept: [{ username: 'root2', role: 'owner' }],
      unknownRoleKept: [],
      notMembers: ['nobody'],
      revokeInvites: [],
      revokeTokens: [],
      tokensOwnerUnknown: [],
    });
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

describe('auditPersonPlans', () => {
  it('gives each removed member their invitation and tokens, and everyone else a plan of their own', () => {
    const members = [
      { username: 'alice', role: 'owner' },
      { username: 'bob', role: 'admin', email: 'bob@acme.test' },
    ];
    const invites = [{ email: 'bob@acme.test' }, { email: 'eve@acme.test' }];
    const tokens = [
      { id: 't1', name: 'bob-ci', owner: { username: 'bob' } },
      { id: 't2', name: 'zed-ci', owner: { username: 'zed', email: 'zed@acme.test' } },
    ];
    const directory: Directory = {
      members: { kind: 'read', items: members },
      invites: { kind: 'read', items: invites },
      tokens: { kind: 'read', items: tokens },
    };
    const plan = planAudit(members, ['alice'], invites, tokens);
    expect(auditPersonPlans(plan, directory)).toEqual([
      {
        username: 'bob',
        email: 'bob@acme.test',
        role: 'admin',
        membership: { kind: 'listed' },
        invites: { kind: 'found', emails: ['bob@acme.test'] },
        tokens: { kind: 'found', tokens: [tokens[0]] },
      },
      {
        username: 'eve@acme.test',
        email: 'eve@acme.test',
        membership: { kind: 'none', reason: 'not a member: a pending invitation only' },
        invites: { kind: 'found', emails: ['eve@acme.test'] },
        tokens: { kind: 'found', tokens: [] },
      },
      {
        username: 'zed',
        email: 'zed@acme.test',
        membership: { kind: 'none', reason: 'not a member any more' },
        invites: { kind: 'found', emails: [] },
        tokens: { kind: 'found', tokens: [tokens[1]] },
      },
    ]);
  });
});
