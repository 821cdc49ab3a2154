/** Members of an organization: List, Retrieve, Update Member Role and Remove Member, as the real API answers. */
import { logMemberRemoved } from './audit-logs.ts';
import type { Route } from './routes.ts';

export interface Member {
  username: string;
  role: 'owner' | 'admin' | 'member' | 'viewer';
  email: string;
}

export const MEMBER_ROUTES: readonly Route[] = [
  {
    name: 'members',
    method: 'GET',
    pattern: '/v1/organizations/:org/members',
    answer: (_params, org) => [200, { members: [...org.members.values()] }],
  },
  {
    name: 'member',
    method: 'GET',
    pattern: '/v1/organizations/:org/members/:username',
    answer: ({ username = '' }, org) => {
      const member = org.members.get(username);
      return member === undefined ? [404, { error: 'could not find member' }] : [200, { member }];
    },
  },
  {
    name: 'member',
    method: 'PATCH',
    pattern: '/v1/organizations/:org/members/:username',
    answer: ({ username = '' }, org, body) => {
      const role = typeof body === 'object' && body !== null ? (body as { role?: unknown }).role : undefined;
      if (role !== 'admin' && role !== 'member' && role !== 'viewer') return [400, { error: 'invalid role' }];
      const member = org.members.get(username);
      if (member === undefined) return [404, { error: `could not find user ${username}` }];
      member.role = role;
      return [200, { member }];
    },
  },
  {
    name: 'member',
    method: 'DELETE',
    pattern: '/v1/organizations/:org/members/:username',
    answer: ({ org: slug = '', username = '' }, org) => {
      if (!org.members.delete(username)) {
        return [404, { error: `user ${username} is not a member of org ${slug}` }];
      }
      org.removals.set(username, (org.removals.get(username) ?? 0) + 1);
      logMemberRemoved(org, username);
      return [200, { member: username }];
    },
  },
];
