import { describe, expect, it } from 'vitest';
import { judgeFreshRead, type PlannedChange } from '../../src/model/fresh-read.ts';

const REMOVE: PlannedChange = { kind: 'remove' };
const TO_MEMBER: PlannedChange = { kind: 'lower', to: 'member' };
const TOKEN_USER = { username: 'bot', email: 'bot@acme.test' };
const cal = (role: string, claimable = 'cal@acme.test') => ({ username: 'cal', role, claimable });

describe('the read just before a change', () => {
  it('lets a removal go ahead from any role an audit removes, the role read included', () => {
    expect(judgeFreshRead(REMOVE, cal('member'), 'member', TOKEN_USER)).toEqual({ kind: 'proceed', role: 'member' });
    expect(judgeFreshRead(REMOVE, cal('Admin'), 'member', TOKEN_USER)).toEqual({ kind: 'proceed', role: 'admin' });
    expect(judgeFreshRead(REMOVE, cal('viewer'), 'admin', TOKEN_USER)).toEqual({ kind: 'proceed', role: 'viewer' });
  });

  it('never removes or changes an owner', () => {
    expect(judgeFreshRead(REMOVE, cal('owner'), 'member', TOKEN_USER)).toEqual({
      kind: 'leave',
      role: 'owner',
      reason: 'left alone: owner now (member when the audit started), and an audit never removes an owner',
    });
    expect(judgeFreshRead(TO_MEMBER, cal('OWNER'), 'admin', TOKEN_USER)).toMatchObject({
      kind: 'leave',
      reason: 'left alone: owner now (admin when the audit started), and an audit never changes an owner',
    });
  });

  it("never touches the token's user, by username or email, nor any admin when that user is unknown", () => {
    expect(judgeFreshRead(REMOVE, { username: 'BOT', role: 'member' }, 'member', TOKEN_USER)).toMatchObject({
      kind: 'leave',
    });
    expect(judgeFreshRead(REMOVE, cal('member', 'Bot@acme.test'), 'member', TOKEN_USER)).toMatchObject({
      kind: 'leave',
    });
    expect(judgeFreshRead(REMOVE, cal('admin'), 'member', undefined)).toMatchObject({
      kind: 'leave',
      reason:
        'left alone: admin now (member when the audit started), and Get Current User could not be read: any admin may be the user whose token runs the action',
    });
    expect(judgeFreshRead(REMOVE, cal('member'), 'member', undefined)).toEqual({ kind: 'proceed', role: 'member' });
  });

  it('lowers only from above the role planned: never raises a member lowered by hand', () => {
    expect(judgeFreshRead(TO_MEMBER, cal('admin'), 'admin', TOKEN_USER)).toEqual({ kind: 'proceed', role: 'admin' });
    expect(judgeFreshRead(TO_MEMBER, cal('member'), 'admin', TOKEN_USER)).toMatchObject({
      kind: 'leave',
      reason: 'left alone: member now (admin when the audit started), the role the roster allows',
    });
    expect(judgeFreshRead(TO_MEMBER, cal('viewer'), 'admin', TOKEN_USER)).toMatchObject({
      kind: 'leave',
      reason:
        'left alone: viewer now (admin when the audit started), below the member the roster allows (this action never raises a role)',
    });
  });

  it('changes no one whose role it cannot read', () => {
    expect(judgeFreshRead(REMOVE, cal('superuser'), 'member', TOKEN_USER)).toEqual({
      kind: 'leave',
      role: 'superuser',
      reason:
        'left alone: the read just before the change shows the role superuser, which is not one of owner, admin, member, viewer (an audit removes no one whose role it cannot read)',
    });
  });
});
