/** Groups: Rotate Group Auth Tokens, as the real API answers. */
import type { Route } from './routes.ts';

export const GROUP_ROUTES: readonly Route[] = [
  {
    name: 'rotate',
    method: 'POST',
    pattern: '/v1/organizations/:org/groups/:group/auth/rotate',
    answer: ({ group = '' }, org) => {
      const rotations = org.groups.get(group);
      if (rotations === undefined) return [404, { error: 'group not found' }];
      org.groups.set(group, rotations + 1);
      return [200, undefined];
    },
  },
];
