/**
 * max-removals: how many deletions (memberships, invitations and tokens) one audit may make, as
 * a number, a share of the organization's members, or both; a plan over either is refused.
 */

export interface RemovalLimit {
  count?: number;
  /** Whole percent of the members listed, rounded down. */
  percent?: number;
}

/** The most deletions the limit allows in an organization of `members` members. */
export function allowedDeletions(limit: RemovalLimit, members: number): number {
  const share = limit.percent === undefined ? Infinity : Math.floor((limit.percent * members) / 100);
  return Math.min(limit.count ?? Infinity, share);
}

/** The limit as the input gave it, with what a share comes to: `10, or 5% of 40 members (2)`. */
export function describeLimit(limit: RemovalLimit, members: number): string {
  const share =
    limit.percent === undefined
      ? undefined
      : `${limit.percent}% of ${members} member(s) (${allowedDeletions({ percent: limit.percent }, members)})`;
  return [limit.count === undefined ? undefined : String(limit.count), share]
    .filter((part) => part !== undefined)
    .join(', or ');
}
