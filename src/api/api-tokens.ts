/**
 * Platform API tokens of the organization: List and Revoke Organization API Token
 * (`/v1/organizations/{org}/api-tokens[/{tokenId}]`). Admins and owners see every token with
 * the user who minted it (`owner`); revoking is by id.
 */
import { OrganizationResource } from './resource.ts';
import type { ApiOutcome } from './transport.ts';

export interface ApiTokenDetails {
  id?: unknown;
  name?: unknown;
  owner?: { username?: unknown; email?: unknown } | null;
}
export interface ListedApiTokensBody {
  tokens?: ApiTokenDetails[];
}

export class ApiTokensClient extends OrganizationResource {
  list(): Promise<ApiOutcome<ListedApiTokensBody>> {
    return this.request('GET', 'v1', 'api-tokens');
  }

  revoke(id: string): Promise<ApiOutcome<{ token?: unknown }>> {
    return this.request('DELETE', 'v1', 'api-tokens', id);
  }
}
