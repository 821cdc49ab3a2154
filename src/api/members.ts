/**
 * Members of the organization: List, Retrieve, Update Member Role and Remove Member
 * (`/v1/organizations/{org}/members[/{username}]`).
 */
import { sameName } from '../model/names.ts';
import type { AssignableRole } from '../model/roles.ts';
import { confirmation, type Confirmation } from './confirmation.ts';
import { OrganizationResource } from './resource.ts';
import { objectFields, type AnswerBody, type ApiFailure, type ApiOutcome } from './transport.ts';

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

/** Remove Member's own answer, `{"member": <string>}`: the removed username, as the API gave it. */
export function confirmedRemoval(outcome: ApiOutcome<RemovedMemberBody> & { ok: true }): Confirmation<string> {
  return confirmation(outcome, 'Remove Member\'s {"member": ...} JSON', (body) => {
    const member = objectFields(body)?.member;
    return typeof member === 'string' ? member : undefined;
  });
}

/**
 * Update Member Role's own answer: `{"member": {...}}` with the role asked for (the API's case
 * aside). A member object at another role, or of another member, confirms nothing of this change.
 */
export function confirmedRoleChange(
  outcome: ApiOutcome<UpdatedMemberBody> & { ok: true },
  username: string,
  role: AssignableRole,
): Confirmation<true> {
  return confirmation(outcome, `Update Member Role's {"member": {..., "role": "${role}"}} JSON`, (body) => {
    const member = objectFields(objectFields(body)?.member);
    const answered = member?.role;
    const someoneElse = member !== undefined && namesAnother(member, username);
    return typeof answered === 'string' && answered.toLowerCase() === role && !someoneElse ? true : undefined;
  });
}

/**
 * True when a member object of the API's answer names another member than `username`: it says
 * nothing of this one (a cache or proxy answering for someone else). One without a username
 * names no one else.
 */
export function namesAnother(member: Readonly<Record<string, unknown>>, username: string): boolean {
  const answered = member.username;
  return answered !== undefined && !(typeof answered === 'string' && sameName(answered, username));
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
