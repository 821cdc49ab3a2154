/**
 * Turso's member roles, ranked: owner > admin > member > viewer. The roster may name the highest
 * role a person may hold; the action only ever lowers a role to it, never raises one.
 */

/** The roles, highest first. */
export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** The roles Update Member Role can set: every role but owner. */
export const ASSIGNABLE_ROLES = ['admin', 'member', 'viewer'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

/** The role a text names, compared without regard to case; undefined when it names none. */
export function readRole(text: string): Role | undefined {
  const lower = text.toLowerCase();
  return ROLES.find((role) => role === lower);
}

export function isAssignable(role: Role): role is AssignableRole {
  return role !== 'owner';
}

const RANK: Readonly<Record<Role, number>> = { owner: 4, admin: 3, member: 2, viewer: 1 };

/** Higher for a higher role; undefined for a role that is not one of ROLES (never compared). */
export function roleRank(role: string): number | undefined {
  return Object.hasOwn(RANK, role) ? RANK[role as Role] : undefined;
}

/** True when `role` is a known role above `limit`; false for an unknown role, which is never changed. */
export function isAbove(role: string, limit: AssignableRole): boolean {
  const rank = roleRank(role);
  return rank !== undefined && rank > RANK[limit];
}

/** True when `role` is a known role below `limit`. */
export function isBelow(role: string, limit: AssignableRole): boolean {
  const rank = roleRank(role);
  return rank !== undefined && rank < RANK[limit];
}

/** The higher of two roles. */
export function higherRole(a: AssignableRole, b: AssignableRole): AssignableRole {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * One entry of the roster: a name, the highest role it allows (none: no limit), and the day it
 * counts no more (`until`, YYYY-MM-DD), if it gives one; `team`: the `org/slug` line an entry
 * with an `until` came from, which its notice names.
 */
export interface RosterEntry {
  name: string;
  role?: AssignableRole;
  until?: string;
  team?: string;
}
