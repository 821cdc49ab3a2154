/** What the audit tests share: an organization's owner and a member who stays, and tokens minted by someone. */
import type { ApiToken, Member } from '../stand-in/server.ts';

/** An owner (never removed) and a member on every test's keep list. */
export const OWNER_AND_STAYER: readonly Member[] = [
  { username: 'root', role: 'owner', email: 'root@acme.test' },
  { username: 'stays', role: 'member', email: 'stays@acme.test' },
];

/** An organization API token minted by `username`, named `username-id`. */
export const tokenOf = (id: string, username: string): ApiToken => ({
  id,
  name: `${username}-${id}`,
  owner: { username, email: `${username}@acme.test` },
  created_at: '2026-01-01',
});
