/**
 * An audit plans from the member list it read at the start, which may be stale by the time a
 * member's turn comes: each member is read again (Retrieve Member) just before their removal or
 * role change, and that read decides whether the change still goes ahead.
 */
import { isTokenUser } from './identity.ts';
import type { TokenUser } from './organization.ts';
import { isAbove, readRole, type AssignableRole, type Role } from './roles.ts';

/** What the audit planned for a member: removing them, or lowering their role to `to`. */
export type PlannedChange = { kind: 'remove' } | { kind: 'lower'; to: AssignableRole };

/** The member as Retrieve Member shows them now; `claimable`, their email when it is theirs alone. */
export interface FreshMember {
  username: string;
  role: string;
  claimable?: string | undefined;
}

/**
 * `proceed`: the change goes ahead, from the role the member holds now; `leave`: the member is
 * left as they are now (`role`, as the API gave it), for `reason`.
 */
export type FreshVerdict = { kind: 'proceed'; role: Role } | { kind: 'leave'; role: string; reason: string };

/**
 * What the read just before a change found: a verdict; `gone`, the API's own "not a member"
 * (`message`); or `failed`, the read could not be made or read (`error`), and nothing is sent.
 */
export type FreshRead = FreshVerdict | { kind: 'gone'; message: string } | { kind: 'failed'; error: string };

/** Reads a member just before their planned change; `listedRole` is their role in the list the plan was made from. */
export type ReadBeforeChange = (username: string, change: PlannedChange, listedRole: string) => Promise<FreshRead>;

/**
 * Whether the planned change still goes ahead for the member as they are now. Never an owner, the
 * token's user (without Get Current User, any admin may be it) or a role that cannot be read; a
 * role is lowered only from above the role planned, so a member lowered by hand is never raised
 * again. A member promoted to another role an audit removes is still removed: the roster says so.
 */
export function judgeFreshRead(
  change: PlannedChange,
  member: FreshMember,
  listedRole: string,
  tokenUser: TokenUser | undefined,
): FreshVerdict {
  const role = readRole(member.role);
  const was = `${listedRole} when the audit started`;
  const verb = change.kind === 'remove' ? 'removes' : 'changes';
  const leave = (reason: string): FreshVerdict => ({
    kind: 'leave',
    role: member.role,
    reason: `left alone: ${reason}`,
  });
  if (role === undefined) {
    return leave(
      `the read just before the change shows the role ${member.role}, which is not one of owner, admin, member, viewer (an audit ${verb} no one whose role it cannot read)`,
    );
  }
  if (role === 'owner') return leave(`owner now (${was}), and an audit never ${verb} an owner`);
  if (tokenUser === undefined ? role === 'admin' : isTokenUser(member, tokenUser)) {
    return leave(
      tokenUser === undefined
        ? `admin now (${was}), and Get Current User could not be read: any admin may be the user whose token runs the action`
        : `the read just before the change shows the user whose token runs the action (it could break this and every later run)`,
    );
  }
  if (change.kind === 'lower' && !isAbove(role, change.to)) {
    return leave(
      role === change.to
        ? `${role} now (${was}), the role the roster allows`
        : `${role} now (${was}), below the ${change.to} the roster allows (this action never raises a role)`,
    );
  }
  return { kind: 'proceed', role };
}
