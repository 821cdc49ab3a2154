/**
 * Who approved the run, in the evidence record and the summary (`approval: record`), and four
 * eyes enforced (`approval: require`): a run that would change Turso goes on only when someone
 * other than the person who started it and the pull request's author approved it, through the
 * merged pull request's reviews or the required reviewers of `approval-environment`; what cannot
 * be read counts as no approval (whose approval counts: approval-approvers.test.ts). The bundle
 * against the Turso and GitHub stand-ins, and src/main.ts.
 */
import { beforeEach, expect, it } from 'vitest';
import type { PullRequest, Review } from '../stand-in/github.ts';
import { errors, results, warnings } from '../support/action-results.ts';
import { GITHUB_TOKEN, GONE, OWNER_AND_STAYER, REPO } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { removalOnEvent } from '../support/removal-run.ts';
import { standInInputs } from '../support/run-action.ts';
import { RUN_CONTEXT } from '../support/run-context.ts';
import { bundleAndSource, sourceOnly } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'approval-turso-token-0123';
/** The commit the push brought: the merge commit of the pull request. */
const MERGE_SHA = RUN_CONTEXT.GITHUB_SHA;
const ACTOR = RUN_CONTEXT.GITHUB_ACTOR;
const review = (login: string, state: Review['state'], submittedAt = '2026-12-01T10:00:00Z'): Review => ({
  login,
  state,
  submittedAt,
});

const turso = useStandIn({ token: TOKEN, orgs: { acme: [...OWNER_AND_STAYER, GONE] } });
const github = useGitHubStandIn(GITHUB_TOKEN);

let pull: PullRequest;
beforeEach(() => {
  // Another pull request that merely contains the commit, and the one whose merge made it.
  github.addPull(REPO, { author: 'someone', commits: [MERGE_SHA] });
  pull = github.addPull(REPO, {
    author: 'dev',
    commits: ['c0ffee'],
    merged: { sha: MERGE_SHA, at: '2026-12-02T09:00:00Z', by: 'lead' },
  });
});

const tursoWrites = () => turso.requests.filter((r) => r.method !== 'GET');

bundleAndSource('approval of the run', (runWith) => {
  const offboard = (inputs: Record<string, string>, event = 'push') =>
    removalOnEvent(runWith, { turso, github, token: TOKEN }, inputs, event);

  it('records the merged pull request, who merged it and every reviewer whose latest review approves', async () => {
    pull.reviews.push(
      review('rev', 'APPROVED', '2026-12-01T10:00:00Z'),
      review('rev', 'COMMENTED', '2026-12-01T11:00:00Z'),
      review('changed-mind', 'APPROVED'),
      review('changed-mind', 'CHANGES_REQUESTED'),
    );
    github.runReviews.set(`${REPO}/${RUN_CONTEXT.GITHUB_RUN_ID}`, [
      { login: 'ops', state: 'approved', environments: ['production'], comment: 'ok for HR-4521' },
    ]);
    const outcome = await offboard({ approval: 'record', 'approval-environment': 'production', reference: 'HR-4521' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'removed' }]);
    expect(outcome.evidence).toMatchObject({
      reference: 'HR-4521',
      approval: {
        policy: 'record',
        actor: ACTOR,
        pullRequest: {
          number: pull.number,
          url: `https://github.example/${REPO}/pull/${pull.number}`,
          author: 'dev',
          mergedBy: 'lead',
          mergedAt: '2026-12-02T09:00:00Z',
          approvals: [{ login: 'rev', submittedAt: '2026-12-01T10:00:00Z' }],
        },
        environmentApprovals: [
          { login: 'ops', bot: false, state: 'approved', environments: ['production'], comment: 'ok for HR-4521' },
        ],
        environment: 'production',
        permissions: [
          { login: 'rev', permission: 'write' },
          { login: 'ops', permission: 'write' },
        ],
        unavailable: [],
        independentApprovers: ['rev', 'ops'],
      },
    });
    expect(outcome.summary).toContain('<p>Reference: <code>HR-4521</code></p>');
    expect(outcome.summary).toContain(
      "approved by someone with write access to the repository other than a bot, the run's actors, and the pull request's author and committers: <code>rev</code>, <code>ops</code>.",
    );
  });

  it('reads every page of the reviews', async () => {
    for (let i = 0; i < 120; i += 1) pull.reviews.push(review(`commenter-${i}`, 'COMMENTED'));
    pull.reviews.push(review('late', 'APPROVED'));
    const outcome = await offboard({ approval: 'require' });
    expect(outcome.exitCode).toBe(0);
    expect(github.requests.map((r) => r.path)).toContain(
      `/repos/${REPO}/pulls/${pull.number}/reviews?per_page=100&page=2`,
    );
    expect(outcome.evidence).toMatchObject({ approval: { independentApprovers: ['late'] } });
  });

  it('sends GitHub nothing with approval: none, and the record says nothing was looked up', async () => {
    const outcome = await offboard({});
    expect(outcome.exitCode).toBe(0);
    expect(github.requests).toEqual([]);
    expect(outcome.evidence).toMatchObject({ approval: { policy: 'none' } });
    expect(outcome.summary).toContain('<p>Approval: not looked up (<code>approval: none</code>).</p>');
  });

  it('refuses, changing nothing, when the only approvals are by the actor and the author', async () => {
    pull.reviews.push(review(ACTOR, 'APPROVED'));
    github.runReviews.set(`${REPO}/${RUN_CONTEXT.GITHUB_RUN_ID}`, [
      { login: 'dev', state: 'approved', environments: ['production'], comment: '' },
      { login: 'ops', state: 'rejected', environments: ['production'], comment: '' },
    ]);
    const outcome = await offboard({
      approval: 'require',
      'approval-environment': 'production',
      'rotate-group-tokens': 'default',
    });
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'failed' }]);
    // What was planned for them stays in the record.
    expect(outcome.evidence).toMatchObject({
      people: [{ username: 'gone', result: 'failed', membership: 'would-remove', verified: 'not-checked' }],
    });
    const refusal = `approval: require found no approval by someone with write access to the repository other than a bot, the run's actors, and the pull request's author and committers: pull request #${pull.number} by dev, approved by ${ACTOR}; environment reviews by dev (approved), ops (rejected); started by ${ACTOR}; environment approvals count for production.`;
    expect(results(outcome)[0]?.error).toContain(`not carried out: ${refusal}`);
    expect(errors(outcome).at(-1)).toContain(`The run was refused, and nothing was changed in Turso: ${refusal}`);
    expect(outcome.evidence).toMatchObject({ planOnly: false, approval: { independentApprovers: [] } });
    expect(outcome.summary).toContain('<h2>Turso offboarding</h2>');
    expect(outcome.outputs['removed-count']).toBe('0');
  });

  it('goes on with an approval from an environment reviewer on a manual run', async () => {
    github.runReviews.set(`${REPO}/${RUN_CONTEXT.GITHUB_RUN_ID}`, [
      { login: 'lead', state: 'approved', environments: ['turso-admin'], comment: 'HR-4521' },
    ]);
    const outcome = await offboard({ approval: 'require', 'approval-environment': 'turso-admin' }, 'workflow_dispatch');
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'removed', verified: 'gone' }]);
    // Not a push: no pull request is looked up.
    expect(github.requests.map((r) => r.path)).toEqual([
      `/repos/${REPO}/actions/runs/${RUN_CONTEXT.GITHUB_RUN_ID}/approvals`,
      `/repos/${REPO}/collaborators/lead/permission`,
    ]);
    expect(outcome.evidence).toMatchObject({ approval: { pullRequest: null, independentApprovers: ['lead'] } });
  });

  it('fails closed when the reviews cannot be read, saying which permission is needed', async () => {
    pull.reviews.push(review('rev', 'APPROVED'));
    void github.script(/\/reviews$/, 403, { message: 'Resource not accessible by integration' });
    const outcome = await offboard({ approval: 'require' });
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(errors(outcome).at(-1)).toMatch(
      /the pull request could not be read.*the github-token needs contents: read and pull-requests: read/,
    );
  });

  it('with record, a look-up that fails is recorded as unavailable with one warning, and the run goes on', async () => {
    void github.script(/\/approvals$/, 403, { message: 'Resource not accessible by integration' });
    const outcome = await offboard({ approval: 'record' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toMatchObject([{ result: 'removed' }]);
    expect(warnings(outcome)).toEqual([
      'Approval: recorded as unavailable: the environment approvals of the run could not be read (Resource not accessible by integration); the github-token needs actions: read',
    ]);
    expect(outcome.evidence).toMatchObject({
      approval: { unavailable: [expect.stringContaining('actions: read') as unknown] },
    });
    expect(outcome.evidence?.approval).not.toHaveProperty('environmentApprovals');
  });

  it('a dry run reports what require found and does not fail', async () => {
    const outcome = await offboard({ approval: 'require', 'dry-run': 'true' });
    expect(outcome.exitCode).toBe(0);
    expect(results(outcome)).toMatchObject([{ result: 'would-remove' }]);
    expect(warnings(outcome)).toEqual([
      expect.stringMatching(
        /^A run that changes Turso would be refused: approval: require found no approval/,
      ) as unknown,
    ]);
  });

  it('refuses an audit after planning it: every planned person failed, the drift issue saying so', async () => {
    const outcome = await runWith({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, {
        keep: 'stays',
        'github-token': GITHUB_TOKEN,
        'drift-issue': 'true',
        approval: 'require',
        ...MEMBERSHIP_ONLY,
      }),
      env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'push' },
    });
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'failed' }]);
    expect(outcome.summary).toContain('<td>gone</td><td>member</td><td>not removed: plan refused</td>');
    const [issue] = github.repoIssues(REPO);
    expect(issue?.body).toContain('| <code>gone</code> | <code>member</code> | not removed: plan refused |');
    expect(issue?.body).toContain('or no approval under `approval: require`');
  });

  it('refuses a rotation nobody else approved: no group rotated', async () => {
    const outcome = await runWith({
      action: 'rotate',
      inputs: standInInputs(turso, TOKEN, {
        groups: 'default',
        'github-token': GITHUB_TOKEN,
        approval: 'require',
      }),
      env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'workflow_dispatch' },
    });
    expect(outcome.exitCode).toBe(1);
    expect(turso.rotations('acme')).toEqual({});
    expect(outcome.evidence).toMatchObject({
      rotations: [
        {
          group: 'default',
          result: 'failed',
          error: expect.stringMatching(/^not rotated: approval: require/) as unknown,
        },
      ],
    });
  });

  it.each([
    [{ approval: 'always' }, 'Input "approval": "always" is not one of none, record, require; set it to one'],
    [
      { reference: 'x'.repeat(201) },
      'Input "reference": is 201 characters long; give at most 200 (a ticket or change number, e.g. HR-4521)',
    ],
    [
      { reference: 'HR-1\n::warning::forged' },
      'Input "reference": holds a line break or control character; give one line, e.g. HR-4521',
    ],
    [
      { 'pr-comment': 'true' },
      'Input "pr-comment": belongs to turso-offboard/remove-member-action/audit, not to turso-offboard/remove-member-action; use that action for it, or remove it from this step',
    ],
    [
      { approval: 'record', 'github-token': '' },
      'Input "github-token": is empty, and approval: record needs it; pass a token with the permissions the README\'s "Permissions" lists for it, e.g. github-token: ${{ steps.app-token.outputs.token }}',
    ],
  ])('refuses %o before any request', async (inputs, message) => {
    const outcome = await offboard(inputs);
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toBe(message);
    expect(turso.requests).toEqual([]);
    expect(github.requests).toEqual([]);
  });
});

sourceOnly((runWith) => {
  const record = (env: Record<string, string>, noRunContext = false) =>
    runWith({
      inputs: standInInputs(turso, TOKEN, {
        username: 'gone',
        'github-token': GITHUB_TOKEN,
        approval: 'record',
        ...MEMBERSHIP_ONLY,
      }),
      env: { GITHUB_API_URL: github.url, ...env },
      noRunContext,
    });

  it('reads nothing without GITHUB_REPOSITORY, and records why', async () => {
    const outcome = await record({}, true);
    expect(outcome.exitCode).toBe(0);
    expect(github.requests).toEqual([]);
    expect(outcome.evidence).toMatchObject({
      approval: { unavailable: ['nothing could be read: GITHUB_REPOSITORY is not set'], independentApprovers: [] },
    });
  });

  it('records a pull request whose author and merger GitHub no longer shows (deleted accounts), and no run id', async () => {
    void github.script(/\/commits\/[^/]+\/pulls$/, 200, [
      {
        number: pull.number,
        html_url: 'javascript:alert(1)',
        user: null,
        merged_at: '2026-12-02T09:00:00Z',
        merge_commit_sha: MERGE_SHA,
      },
    ]);
    void github.script(/\/pulls\/\d+$/, 200, { number: pull.number, merged_by: null, head: { sha: 'h' } });
    void github.script(/\/reviews$/, 200, [
      { id: 1, user: null, state: 'APPROVED', submitted_at: null, commit_id: 'h' },
      { id: 2, user: { login: 'rev' }, state: 'APPROVED', submitted_at: null, commit_id: 'h' },
    ]);
    const outcome = await record({ GITHUB_EVENT_NAME: 'push', GITHUB_RUN_ID: '' });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.evidence).toMatchObject({
      approval: {
        pullRequest: { author: '', approvals: [{ login: 'rev', submittedAt: '' }] },
        unavailable: ['the environment approvals could not be read: GITHUB_RUN_ID is not set'],
      },
    });
    expect(outcome.evidence?.approval).not.toHaveProperty('pullRequest.mergedBy');
    // An address that is not a web page is shown as text, never as a link.
    expect(outcome.summary).not.toContain('javascript:');
    expect(outcome.summary).toContain(`pull request &#35;${pull.number} by <code></code>`);
  });
});
