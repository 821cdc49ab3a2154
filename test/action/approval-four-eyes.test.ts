/**
 * `approval: require` against approvals that must not count as a second pair of eyes (a bot's,
 * one GitHub shows with no login), and what an environment reviewer writes kept free of
 * secrets. The bundle against the Turso and GitHub stand-ins, and src/main.ts.
 */
import { beforeEach, expect, it } from 'vitest';
import { errors, results } from '../support/action-results.ts';
import { GITHUB_TOKEN, GONE, OWNER_AND_STAYER, REPO } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { HOSTILE_TEXT, INVISIBLE, renderGfm } from '../support/markdown.ts';
import { removalOnEvent } from '../support/removal-run.ts';
import { standInInputs, type ActionRunner } from '../support/run-action.ts';
import { RUN_CONTEXT } from '../support/run-context.ts';
import { bundleAndSource, sourceOnly } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'four-eyes-turso-token-0123456789';
const MERGE_SHA = RUN_CONTEXT.GITHUB_SHA;
const RUN_REVIEWS = `${REPO}/${RUN_CONTEXT.GITHUB_RUN_ID}`;

const turso = useStandIn({ token: TOKEN, orgs: { acme: [...OWNER_AND_STAYER, GONE] } });
const github = useGitHubStandIn(GITHUB_TOKEN);

beforeEach(() => {
  github.addPull(REPO, {
    author: 'dev',
    commits: ['c0ffee'],
    merged: { sha: MERGE_SHA, at: '2026-12-02T09:00:00Z', by: 'lead' },
  });
});

const tursoWrites = () => turso.requests.filter((r) => r.method !== 'GET');

const offboard = (runWith: ActionRunner, inputs: Record<string, string>, event = 'push') =>
  removalOnEvent(runWith, { turso, github, token: TOKEN }, inputs, event);

bundleAndSource('four eyes are two people', (runWith) => {
  it('refuses a run whose only approving review is by a bot (a workflow may approve its own pull request)', async () => {
    void github.script(/\/reviews$/, 200, [
      {
        id: 1,
        user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
        state: 'APPROVED',
        submitted_at: '2026-12-01T10:00:00Z',
      },
    ]);
    const outcome = await offboard(runWith, { approval: 'require' });
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'failed' }]);
    expect(outcome.evidence).toMatchObject({ approval: { independentApprovers: [] } });
  });

  it('redacts an environment reviewer comment before cutting it, so no part of a secret shows', async () => {
    // Cut at 200 characters, the token would straddle the cut.
    github.runReviews.set(RUN_REVIEWS, [
      { login: 'ops', state: 'approved', environments: ['production'], comment: `${'x'.repeat(180)}${TOKEN}` },
    ]);
    const outcome = await offboard(runWith, { approval: 'record' });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.everything).not.toContain(TOKEN.slice(0, 12));
    expect(outcome.summary).toContain(`${'x'.repeat(180)}&#42;&#42;&#42;`);
  });

  it('keeps what GitHub says of the approvals data: no workflow command in the log, no markup in the summary', async () => {
    const forged = ['x\n::error::forged', '::warning::forged', 'x%0A::error::forged', ...HOSTILE_TEXT];
    void github.script(/\/commits\/[^/]+\/pulls$/, 200, [
      {
        number: 1,
        html_url: 'https://github.example/acme/platform/pull/1',
        user: { login: forged[0], type: 'User' },
        merged_at: forged[1],
        merge_commit_sha: MERGE_SHA,
      },
    ]);
    void github.script(/\/pulls\/\d+$/, 200, {
      number: 1,
      merged_by: { login: forged[2], type: 'User' },
      head: { sha: 'h' },
    });
    void github.script(
      /\/reviews$/,
      200,
      forged.map((login, id) => ({
        id,
        user: { login, type: 'User' },
        state: 'APPROVED',
        submitted_at: login,
        commit_id: 'h',
      })),
    );
    github.runReviews.set(
      RUN_REVIEWS,
      forged.map((text) => ({ login: text, state: 'approved', environments: [text], comment: text })),
    );
    const outcome = await offboard(runWith, { approval: 'record' });
    expect(outcome.exitCode).toBe(0);
    // Each text reached the log and the summary, escaped.
    expect(outcome.stdout).toContain('Approval: pull request #1 by x%0A:%3Aerror:%3Aforged');
    expect(outcome.summary).toContain('&#58;&#58;warning&#58;&#58;forged');
    const lines = `${outcome.stdout}\n${outcome.stderr}`.split('\n');
    expect(lines.filter((line) => /^(::[a-z-]+( [^:]*)?::)?forged/.test(line))).toEqual([]);
    expect(outcome.annotations.filter((a) => a.message.startsWith('forged'))).toEqual([]);
    const summary = outcome.summary ?? '';
    const html = renderGfm(summary);
    const own = new Set(['h2', 'h3', 'p', 'code', 'wbr', 'table', 'tr', 'th', 'td', 'a']);
    expect([...html.matchAll(/<([a-z][a-z0-9]*)/g)].map((m) => m[1]).filter((e) => !own.has(e ?? ''))).toEqual([]);
    expect([...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1])).not.toContainEqual(
      expect.stringContaining('evil.example'),
    );
    expect(summary).not.toMatch(INVISIBLE);
    expect(summary).not.toMatch(/@(?!<wbr>)/);
    for (const marker of ['evil.example', '<script', '<img']) expect(summary).not.toContain(marker);
  });
});

sourceOnly((runWith) => {
  it("refuses when the pull request cannot be read: an environment approval may be its author's", async () => {
    void github.script(/\/commits\/[^/]+\/pulls$/, 403, { message: 'Resource not accessible by integration' });
    // `dev` wrote the merged pull request.
    github.runReviews.set(RUN_REVIEWS, [
      { login: 'dev', state: 'approved', environments: ['production'], comment: '' },
    ]);
    const outcome = await offboard(runWith, { approval: 'require', 'approval-environment': 'production' });
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(outcome.evidence).toMatchObject({ approval: { independentApprovers: [] } });
    expect(errors(outcome).at(-1)).toMatch(/the github-token needs contents: read and pull-requests: read/);
  });

  it('counts no approval of an earlier commit than the one merged: the author pushed after it', async () => {
    void github.script(/\/pulls\/\d+$/, 200, {
      number: 1,
      merged_by: { login: 'lead', type: 'User' },
      head: { sha: 'b2b2b2' },
    });
    void github.script(/\/reviews$/, 200, [
      {
        id: 1,
        user: { login: 'rev', type: 'User' },
        state: 'APPROVED',
        submitted_at: '2026-12-01T10:00:00Z',
        commit_id: 'a1a1a1',
      },
    ]);
    const outcome = await offboard(runWith, { approval: 'require' });
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
  });

  it('does not refuse an audit that would change nothing (a scheduled audit finding no drift)', async () => {
    const outcome = await runWith({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, {
        keep: 'stays, gone',
        'github-token': GITHUB_TOKEN,
        approval: 'require',
        ...MEMBERSHIP_ONLY,
      }),
      env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'schedule' },
    });
    expect(tursoWrites()).toEqual([]);
    expect(errors(outcome)).toEqual([]);
    expect(outcome.exitCode).toBe(0);
  });

  it('counts no environment approval GitHub shows without a login, and keeps the record', async () => {
    void github.script(/\/approvals$/, 200, [
      { environments: [{ id: 1, name: 'production' }], state: 'approved', user: { id: 1, type: 'User' }, comment: '' },
      { environments: [{ id: 1, name: 'production' }], state: 'approved', user: { login: '' }, comment: '' },
    ]);
    const outcome = await offboard(
      runWith,
      { approval: 'require', 'approval-environment': 'production' },
      'workflow_dispatch',
    );
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(outcome.evidence).toMatchObject({ approval: { independentApprovers: [] } });
  });

  it('records the run, refused, when GitHub shows a login that is not text', async () => {
    void github.script(/\/approvals$/, 200, [
      { environments: [{ id: 1, name: 'production' }], state: 'approved', user: { login: 42 }, comment: '' },
    ]);
    const outcome = await offboard(
      runWith,
      { approval: 'require', 'approval-environment': 'production' },
      'workflow_dispatch',
    );
    expect(outcome.exitCode).toBe(1);
    expect(tursoWrites()).toEqual([]);
    expect(results(outcome)).toMatchObject([{ username: 'gone', result: 'failed' }]);
    expect(errors(outcome).join('\n')).not.toContain('Unexpected error');
  });
});
