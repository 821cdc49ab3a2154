/**
 * Pending invitations of the organization: List and Delete Invite
 * (`/v2/organizations/{org}/invites[/{email}]`). Invitations are keyed by email, and are a
 * feature of the Scaler plan and above.
 */
import { confirmation, emptyBody, type Confirmation } from './confirmation.ts';
import { OrganizationResource } from './resource.ts';
import type { AnswerBody, ApiFailure, ApiOutcome } from './transport.ts';

/** `invites`: `[{id, email, role, created_at}]`. */
export type ListedInvitesBody = AnswerBody<'invites'>;

export class InvitesClient extends OrganizationResource {
  list(): Promise<ApiOutcome<ListedInvitesBody>> {
    return this.request('GET', 'v2', 'invites');
  }

  /** Answers 200 with no body. */
  revoke(email: string): Promise<ApiOutcome<unknown>> {
    return this.request('DELETE', 'v2', 'invites', email);
  }
}

/** Delete Invite's own answer: 200 with an empty body. */
export function confirmedInviteDeletion(outcome: ApiOutcome<unknown> & { ok: true }): Confirmation<true> {
  return confirmation(outcome, "Delete Invite's empty answer", emptyBody);
}

/** The API's own "invite not found": the invitation is already gone. */
export function isInviteNotFound(failure: ApiFailure): boolean {
  return (
    failure.kind === 'http' && failure.status === 404 && failure.fromApi && /^invite not found\b/i.test(failure.message)
  );
}

/**
 * The organization's plan has no invitations: a 403, or a 4xx whose `code` names a plan (e.g.
 * `feature_not_available_for_starter_plan`). Never a word in the message: "explanation" is no plan.
 */
export function isPlanWithoutInvites(failure: ApiFailure): boolean {
  if (failure.kind !== 'http') return false;
  return (
    failure.status === 403 ||
    (failure.status >= 400 && failure.status < 500 && /(^|_)plan(_|$)/i.test(failure.code ?? ''))
  );
}
