/** The organization as the API lists it: members, pending invitations and organization API tokens. */

export interface ListedMember {
  username: string;
  /** In lower case when it is one of the known roles; otherwise as listed, or `(none)`. */
  role: string;
  email?: string;
}

export interface PendingInvite {
  email: string;
  /** The role it invites to, in lower case when it is one of the known roles; absent when not shown. */
  role?: string;
  /** When it was sent (epoch milliseconds); absent when the API gave no readable `created_at`. */
  createdAt?: number;
}

export interface OrganizationToken {
  id: string;
  name: string;
  /** Who minted it; absent when the API did not show it. */
  owner?: { username?: string; email?: string };
  /** The group a group-scoped token is for. */
  group?: string;
  /** A group-scoped token's scopes, as listed; absent for an organization-scoped token. */
  scopes?: string[];
  /** When it was created, as listed (a date). */
  createdAt?: string;
}

export type Listing<T> =
  | { kind: 'read'; items: T[] }
  /** Not asked for: the run does not need it. */
  | { kind: 'not-needed' }
  /** The organization's plan does not have this feature. */
  | { kind: 'unavailable'; reason: string }
  | { kind: 'failed'; problem: string };

export interface Directory {
  members: Listing<ListedMember>;
  invites: Listing<PendingInvite>;
  tokens: Listing<OrganizationToken>;
}

/** Which lists a run must read. */
export interface DirectoryNeeds {
  members: boolean;
  invites: boolean;
  tokens: boolean;
}

/** The user whose token the action runs with. */
export interface TokenUser {
  username: string;
  email?: string;
}
