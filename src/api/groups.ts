/**
 * Groups of the organization: Rotate Group Auth Tokens
 * (`POST /v1/organizations/{org}/groups/{group}/auth/rotate`). Database tokens are not tied to
 * a user, so rotating a group's keys is the only way to cut off tokens a person copied.
 */
import { confirmation, emptyBody, type Confirmation } from './confirmation.ts';
import { OrganizationResource } from './resource.ts';
import type { ApiOutcome } from './transport.ts';

export class GroupsClient extends OrganizationResource {
  /** Answers 200 with no body; every existing token of the group stops working. */
  rotateTokens(group: string): Promise<ApiOutcome<unknown>> {
    return this.request('POST', 'v1', 'groups', group, 'auth', 'rotate');
  }
}

/** Rotate Group Auth Tokens' own answer: 200 with an empty body. */
export function confirmedRotation(outcome: ApiOutcome<unknown> & { ok: true }): Confirmation<true> {
  return confirmation(outcome, "Rotate Group Auth Tokens' empty answer", emptyBody);
}
