import { describe, expect, it } from 'vitest';
import { planAudit, rowsWhere } from '../../src/model/audit-plan.ts';
import type { Directory } from '../../src/model/organization.ts';
import { auditPersonPlans } from '../../src/operations/audit.ts';

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
    const plan = planAudit(members, ['alice'], invites, tokens, { tokenUser: { username: 'platform-bot' } });
    expect(auditPersonPlans(plan, directory)).toEqual([
      {
        username: 'bob',
        entries: [],
        email: 'bob@acme.test',
        role: 'admin',
        membership: { kind: 'listed' },
        invites: { kind: 'found', emails: ['bob@acme.test'] },
        tokens: { kind: 'found', tokens: [tokens[0]] },
      },
      {
        username: 'eve@acme.test',
        entries: [],
        email: 'eve@acme.test',
        membership: { kind: 'none', reason: 'not a member: a pending invitation only' },
        invites: { kind: 'found', emails: ['eve@acme.test'] },
        tokens: { kind: 'found', tokens: [] },
      },
      {
        username: 'zed',
        entries: [],
        email: 'zed@acme.test',
        membership: { kind: 'none', reason: 'not a member any more' },
        invites: { kind: 'found', emails: [] },
        tokens: { kind: 'found', tokens: [tokens[1]] },
      },
    ]);
  });

  it('ties nothing to either sharer of a mailbox: tokens go by username, the invitation is a plan of its own', () => {
    const members = [
      { username: 'carol', role: 'owner', email: 'carol@acme.test' },
      { username: 'alice', role: 'member', email: 'dev@acme.test' },
      { username: 'bob', role: 'member', email: 'dev@acme.test' },
    ];
    const invites = [{ email: 'dev@acme.test' }];
    const tokens = [
      { id: 't1', name: 'alice-ci', owner: { username: 'alice', email: 'dev@acme.test' } },
      { id: 't2', name: 'dev-ci', owner: { email: 'dev@acme.test' } },
    ];
    const directory: Directory = {
      members: { kind: 'read', items: members },
      invites: { kind: 'read', items: invites },
      tokens: { kind: 'read', items: tokens },
    };
    const plan = planAudit(members, ['carol'], invites, tokens, { tokenUser: { username: 'platform-bot' } });
    expect(rowsWhere(plan, { what: 'token', why: 'owner-unknown' }).map((row) => row.whom)).toEqual([
      { id: 't2', name: 'dev-ci', owner: 'dev@acme.test' },
    ]);
    expect(auditPersonPlans(plan, directory)).toEqual([
      {
        username: 'alice',
        entries: [],
        email: 'dev@acme.test',
        emailAlsoShownBy: ['bob'],
        role: 'member',
        membership: { kind: 'listed' },
        invites: { kind: 'found', emails: [] },
        tokens: { kind: 'found', tokens: [tokens[0]] },
      },
      {
        username: 'bob',
        entries: [],
        email: 'dev@acme.test',
        emailAlsoShownBy: ['alice'],
        role: 'member',
        membership: { kind: 'listed' },
        invites: { kind: 'found', emails: [] },
        tokens: { kind: 'found', tokens: [] },
      },
      {
        username: 'dev@acme.test',
        entries: [],
        email: 'dev@acme.test',
        emailAlsoShownBy: ['alice', 'bob'],
        membership: { kind: 'none', reason: 'not a member: a pending invitation only' },
        invites: { kind: 'found', emails: ['dev@acme.test'] },
        tokens: { kind: 'found', tokens: [] },
      },
    ]);
  });
});
