/** People and inputs that several test files share. */
import type { Member } from '../stand-in/server.ts';

export const JANE: Member = { username: 'jane', role: 'member', email: 'jane@acme.test' };
export const ANN: Member = { username: 'ann', role: 'admin', email: 'ann@acme.test' };
export const BOB: Member = { username: 'bob', role: 'viewer', email: 'bob@acme.test' };

/** Leaves invitations and API tokens out, so that every request is a membership request. */
export const MEMBERSHIP_ONLY: Readonly<Record<string, string>> = {
  'revoke-invites': 'false',
  'revoke-api-tokens': 'false',
};
