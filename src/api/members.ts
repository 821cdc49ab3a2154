/**
 * Members of the organization: List, Retrieve and Remove Member
 * (`/v1/organizations/{org}/members[/{username}]`).
 */
import type { ApiOutcome, ApiTransport } from './transport.ts';

/** Answer bodies as documented; every field is optional because an answer may not match. */
export interface MemberDetails {
  username?: unknown;
  role?: unknown;
  email?: unknown;
}
export interface RemovedMemberBody {
  member?: unknown;
}
export interface RetrievedMemberBody {
  member?: MemberDetails;
}
export interface ListedMembersBody {
  members?: MemberDetails[];
}

export class MembersClient {
  readonly #transport: ApiTransport;
  readonly #org: string;

  constructor(transport: ApiTransport, org: string) {
    this.#transport = transport;
    this.#org = org;
  }

  list(): Promise<ApiOutcome<ListedMembersBody>> {
    return this.#transport.request('GET', ['v1', 'organizations', this.#org, 'members']);
  }

  get(username: string): Promise<ApiOutcome<RetrievedMemberBody>> {
    return this.#transport.request('GET', ['v1', 'organizations', this.#org, 'members', username]);
  }

  remove(username: string): Promise<ApiOutcome<RemovedMemberBody>> {
    return this.#transport.request('DELETE', ['v1', 'organizations', this.#org, 'members', username]);
  }
}
