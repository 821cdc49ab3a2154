/**
 * Members of the organization: List, Retrieve, Update Member Role and Remove Member
 * (`/v1/organizations/{org}/members[/{username}]`).
 */
import type { AssignableRole } from '../model/roles.ts';
import { OrganizationResource } from './resource.ts';
import type { AnswerBody, ApiFailure, ApiOutcome } from './transport.ts';

/** `member`: the removed username. */
export type RemovedMemberBody = AnswerBody<'member'>;
/** `member`: `{username, role, email}`. */
export type RetrievedMemberBody = AnswerBody<'member'>;
/** `members`: `[{username, role, email}]`. */
export type ListedMembersBody = AnswerBody<'members'>;
/** `member`: `{username, email, role}`, the role as it now is. */
export type UpdatedMemberBody = AnswerBody<'member'>;

export class MembersClient extends OrganizationResource {
  list(): Promise<ApiOutcome<ListedMembersBody>> {
    return this.request('GET', 'v1', 'members');
  }

  get(username: string): Promise<ApiOutcome<RetrievedMemberBody>> {
    return this.request('GET', 'v1', 'members', username);
  }

  remove(username: string): Promise<ApiOutcome<RemovedMemberBody>> {
    return this.request('DELETE', 'v1', 'members', username);
  }

  /** Update Member Role; the action only ever sends a role lower than the member's. */
  updateRole(username: string, role: AssignableRole): Promise<ApiOutcome<UpdatedMemberBody>> {
    return this.send('PATCH', { role }, 'v1', 'members', username);
  }
}

/**
 * The API's own "not a member" answers: Remove Member's `user X is not a member of org Y` and
 * Retrieve Member's `could not find member`, matched by their shape. Any other 404, even a
 * JSON one such as `organization not found` for a mistyped org, is not "not a member".
 */
const NOT_A_MEMBER = /\bis not a member of\b|^could not find member\b/i;

export function isNotMemberAnswer(failure: ApiFailure): failure is ApiFailure & { kind: 'http' } {
  return failure.kind === 'http' && failure.status === 404 && failure.fromApi && NOT_A_MEMBER.test(failure.message);
}
