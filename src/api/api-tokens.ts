/**
 * Platform API tokens of the organization: List and Revoke Organization API Token
 * (`/v1/organizations/{org}/api-tokens[/{tokenId}]`). Admins and owners see every token with
 * the user who minted it (`owner`); revoking is by id.
 */
import { confirmation, type Confirmation } from './confirmation.ts';
import { OrganizationResource } from './resource.ts';
import { objectFields, type AnswerBody, type ApiFailure, type ApiOutcome } from './transport.ts';

/** `tokens`: `[{id, name, owner: {username, email}}]`. */
export type ListedApiTokensBody = AnswerBody<'tokens'>;
/** `token`: the id of the revoked token. */
export type RevokedApiTokenBody = AnswerBody<'token'>;

export class ApiTokensClient extends OrganizationResource {
  list(): Promise<ApiOutcome<ListedApiTokensBody>> {
    return this.request('GET', 'v1', 'api-tokens');
  }

  revoke(id: string): Promise<ApiOutcome<RevokedApiTokenBody>> {
    return this.request('DELETE', 'v1', 'api-tokens', id);
  }
}

/** Revoke Organization API Token's own answer: `{"token": <string>}`. */
export function confirmedRevocation(outcome: ApiOutcome<RevokedApiTokenBody> & { ok: true }): Confirmation<true> {
  return confirmation(outcome, 'Revoke Organization API Token\'s {"token": ...} JSON', (body) =>
    typeof objectFields(body)?.token === 'string' ? true : undefined,
  );
}

/**
 * The API's own "token not found": the token is no longer there (another run, or the API, removed
 * it first). Exactly that answer: the spec documents no 404 body here, and a token of another
 * organization answers 404 too, so anything else is a failure.
 */
export function isTokenNotFound(failure: ApiFailure): boolean {
  return (
    failure.kind === 'http' && failure.status === 404 && failure.fromApi && /^token not found$/i.test(failure.message)
  );
}
