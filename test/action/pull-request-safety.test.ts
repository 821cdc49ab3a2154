/**
 * On pull_request and pull_request_target runs nothing is changed in Turso, whatever dry-run
 * says and whichever of the four actions runs: removals, role changes, invitations, API tokens and group
 * token rotations alike; and `approval: require` refuses a role change as it refuses a removal.
 * The bundle against the Turso stand-in, and src/main.ts.
 */
import { expect, it } from 'vitest';
import { results } from '../support/action-results.ts';
import { GITHUB_TOKEN, GONE, OWNER_AND_STAYER, tokenOf } from '../support/audit-fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';
import type { JobName } from '../../src/model/settings.ts';

const TOKEN = 'pull-request-turso-token-0123';

const turso = useStandIn({
  token: TOKEN,
  orgs: { acme: [...OWNER_AND_STAYER, GONE, { username: 'boss', role: 'admin', email: 'boss@acme.test' }] },
  invites: { acme: ['gone@acme.test', 'stranger@acme.test'] },
  tokens: { acme: [tokenOf('t1', 'gone')] },
  groups: { acme: ['default'] },
});
const github = useGitHubStandIn(GITHUB_TOKEN);

const tursoWrites = () => turso.requests.filter((r) => r.method !== 'GET');

const MODES: [string, JobName, Record<string, string>][] = [
  [
    'a removal with its invitations, tokens and a rotation',
    'remove',
    { username: 'gone', 'rotate-group-tokens': 'default' },
  ],
  ['a role change (demote)', 'demote', { username: 'boss', role: 'viewer' }],
  ['a rotation (rotate)', 'rotate', { groups: 'default' }],
  [
    'an audit that removes, lowers a role, revokes invitations and tokens, and rotates',
    'audit',
    { keep: 'stays, boss viewer', 'invite-grace-days': '0', 'rotate-group-tokens': 'default' },
  ],
];

bundleAndSource('nothing changed in Turso on pull-request events', (runWith) => {
  it.each(
    MODES.flatMap(([what, action, inputs]) =>
      ['pull_request', 'pull_request_target'].map((event) => [what, event, action, inputs] as const),
    ),
  )('%s on %s, with dry-run false', async (_what, event, action, inputs) => {
    const outcome = await runWith({
      action,
      inputs: standInInputs(turso, TOKEN, { 'dry-run': 'false', 'github-token': GITHUB_TOKEN, ...inputs }),
      env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: event },
    });
    expect(tursoWrites()).toEqual([]);
    expect(outcome.exitCode).toBe(0);
  });

  // These events too run on the pull request's merge ref (refs/pull/N/merge): its roster is not merged.
  it.each(['pull_request_review', 'pull_request_review_comment'])(
    'changes nothing on %s, whose checkout is the unmerged roster',
    async (event) => {
      const outcome = await runWith({
        action: 'audit',
        inputs: standInInputs(turso, TOKEN, { 'dry-run': 'false', 'github-token': GITHUB_TOKEN, keep: 'stays, boss' }),
        env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: event, GITHUB_REF: 'refs/pull/7/merge' },
      });
      expect(tursoWrites()).toEqual([]);
      expect(outcome.exitCode).toBe(0);
    },
  );

  it('approval: require refuses a role change nobody else approved, lowering no role', async () => {
    const outcome = await runWith({
      action: 'demote',
      inputs: standInInputs(turso, TOKEN, {
        username: 'boss',
        role: 'viewer',
        'github-token': GITHUB_TOKEN,
        approval: 'require',
      }),
      env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'workflow_dispatch' },
    });
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(results(outcome)).toMatchObject([{ username: 'boss', result: 'failed' }]);
  });
});
