/** Organization API tokens: List and Revoke, as the real API answers an admin or owner. */
import type { Route } from './routes.ts';

export interface ApiToken {
  id: string;
  name: string;
  /** Who minted it; the API shows it to admins and owners. */
  owner?: { username: string; email: string };
  /** A group-scoped token's group and scopes; an organization-scoped token has neither. */
  group?: string;
  scopes?: string[];
  created_at: string;
}

export const API_TOKEN_ROUTES: readonly Route[] = [
  {
    name: 'api-tokens',
    method: 'GET',
    pattern: '/v1/organizations/:org/api-tokens',
    answer: ({ org: slug = '' }, org) => [
      200,
      { tokens: [...org.tokens.values()].map((token) => ({ ...token, organization: slug })) },
    ],
  },
  {
    name: 'api-token',
    method: 'DELETE',
    pattern: '/v1/organizations/:org/api-tokens/:tokenId',
    answer: ({ tokenId = '' }, org) => {
      if (!org.tokens.delete(tokenId)) return [404, { error: 'token not found' }];
      return [200, { token: tokenId }];
    },
  },
];
