/**
 * Platform API tokens of the organization: List and Revoke Organization API Token
 * (`/v1/organizations/{org}/api-tokens[/{tokenId}]`). Admins and owners see every token with
 * the user who minted it (`owner`); revoking is by id.
 */
import { OrganizationResource } from './resource.ts';
import type { AnswerBody, ApiOutcome } from './transport.ts';

/** `tokens`: `[{id, name, owner: {username, email}}]`. */
export type ListedApiTokensBody = AnswerBody<'tokens'>;

export class ApiTokensClient extends OrganizationResource {
  list(): Promise<ApiOutcome<ListedApiTokensBody>> {
    return this.request('GET', 'v1', 'api-tokens');
  }

  revoke(id: string): Promise<ApiOutcome<AnswerBody<'token'>>> {
    return this.request('DELETE', 'v1', 'api-tokens', id);
  }
}
