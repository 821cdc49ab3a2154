/** Pending invitations (v2): List and Delete Invite, as the real API answers, plan limits included. */
import type { Route } from './routes.ts';

export interface Invite {
  id: number;
  email: string;
  role: 'admin' | 'member' | 'viewer';
  created_at: string;
}

const STARTER_PLAN = [
  403,
  { error: 'invites are not available on your plan', code: 'feature_not_available_for_starter_plan' },
] as const;

export const INVITE_ROUTES: readonly Route[] = [
  {
    name: 'invites',
    method: 'GET',
    pattern: '/v2/organizations/:org/invites',
    answer: (_params, org) =>
      org.invitesAvailable ? [200, { invites: [...org.invites.values()] }] : [...STARTER_PLAN],
  },
  {
    name: 'invite',
    method: 'DELETE',
    pattern: '/v2/organizations/:org/invites/:email',
    answer: ({ email = '' }, org) => {
      if (!org.invitesAvailable) return [...STARTER_PLAN];
      const key = [...org.invites.keys()].find((k) => k.toLowerCase() === email.toLowerCase());
      if (key === undefined) return [404, { error: 'invite not found' }];
      org.invites.delete(key);
      return [200, undefined];
    },
  },
];
