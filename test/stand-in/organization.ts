/** The organization itself: Retrieve Organization, with the settings an access review reads. */
import type { Route } from './routes.ts';

/** What Retrieve Organization shows of an organization's settings. */
export interface OrgSettings {
  type: 'personal' | 'team';
  require_mfa: boolean;
  plan_id: string;
}

export const DEFAULT_SETTINGS: OrgSettings = { type: 'team', require_mfa: true, plan_id: 'scaler' };

export const ORGANIZATION_ROUTES: readonly Route[] = [
  {
    name: 'organization',
    method: 'GET',
    pattern: '/v1/organizations/:org',
    answer: ({ org: slug = '' }, org) => [
      200,
      {
        organization: {
          name: slug,
          slug,
          ...org.settings,
          overages: false,
          blocked_reads: false,
          blocked_writes: false,
          plan_timeline: 'monthly',
          platform: '',
        },
      },
    ],
  },
];
