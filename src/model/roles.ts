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

/** Higher for a higher role; undefined for a role that is not one of ROLES (never compared). */
export function roleRank(role: string): number | undefined {
  const index = ROLES.indexOf(role as Role);
  return index < 0 ? undefined : ROLES.length - index;
}

/** True when `role` is a known role above `limit`; false for an unknown role, which is never changed. */
export function isAbove(role: string, limit: AssignableRole): boolean {
  const rank = roleRank(role);
  return rank !== undefined && rank > (roleRank(limit) ?? 0);
}

/** True when `role` is a known role below `limit`. */
export function isBelow(role: string, limit: AssignableRole): boolean {
  const rank = roleRank(role);
  return rank !== undefined && rank < (roleRank(limit) ?? 0);
}

/** The higher of two roles. */
export function higherRole(a: AssignableRole, b: AssignableRole): AssignableRole {
  return (roleRank(a) ?? 0) >= (roleRank(b) ?? 0) ? a : b;
}

/** One entry of the roster: a name, and the highest role it allows (none: no limit). */
export interface RosterEntry {
  name: string;
  role?: AssignableRole;
}
