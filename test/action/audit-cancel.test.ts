/**
 * Cancelling an audit (the runner sends SIGINT): no GitHub or Turso request starts after it, one
 * under way is abandoned even if GitHub never answers it, and the summary, the outputs, the
 * evidence and the step's error say what was actually done, before the runner would kill the job. Bundle only: a
 * signal sent in this process would reach the test runner. The drift issue of a run that was not
 * cancelled says what the audit did, not what it planned.
 */
import { expect, it } from 'vitest';
import { errors, results, warnings } from '../support/action-results.ts';
import { DRIFT_MARKER, GITHUB_TOKEN, openIssue, OWNER_AND_STAYER, REPO, tokenOf } from '../support/audit-fixtures.ts';
import { standInInputs, type RunOptions } from '../support/run-action.ts';
import { bundleAndSource, bundleOnly } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'cancel-turso-token-0123456789';

/** The headers of GitHub's primary rate limit, reset `seconds` from now. */
const rateLimitReset = (seconds: number) => ({
  'x-ratelimit-remaining': '0',
  'x-ratelimit-reset': String(Math.ceil(Date.now() / 1_000) + seconds),
});

const turso = useStandIn({
  token: TOKEN,
  orgs: {
    acme: [
      ...OWNER_AND_STAYER,
      { username: 'p1', role: 'member', email: 'p1@acme.test' },
      { username: 'p2', role: 'member', email: 'p2@acme.test' },
      { username: 'p3', role: 'member', email: 'p3@acme.test' },
    ],
  },
  invites: { acme: ['p2@acme.test'] },
  // Six deletions: three memberships, p2's invitation, p1's token and one of someone who left.
  tokens: { acme: [tokenOf('t1', 'p1'), tokenOf('t9', 'left')] },
});
const github = useGitHubStandIn(GITHUB_TOKEN, {
  'acme-gh/eng': ['stays', ...Array.from({ length: 150 }, (_, i) => `engineer-${i}`)],
});

bundleOnly('cancelling an audit: a signal sent in this process would reach the test runner', (runWith) => {
  const audit = (options: Partial<RunOptions> = {}, inputs: Record<string, string> = {}) =>
    runWith({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, {
        'keep-github-team': 'acme-gh/eng',
        'github-token': GITHUB_TOKEN,
        'drift-issue': 'true',
        concurrency: '1',
        ...inputs,
      }),
      env: { GITHUB_API_URL: github.url },
      ...options,
    });

  it('sends nothing after SIGINT, writes no issue, and says it was cancelled after removing 1 of 6', async () => {
    // The members are read again first (at concurrency 1); the token of someone who left goes, and
    // p1's membership (the second deletion) is under way when the job is cancelled.
    const membershipUnderWay = turso.hold({ method: 'DELETE', username: 'p1' });
    const outcome = await audit({ interrupt: membershipUnderWay.holding(1) });
    const cancelled =
      'The run was cancelled after removing 1 of 6 (memberships, invitations and tokens the audit planned); nothing more was sent';
    expect(outcome.exitCode).toBe(1);
    // After the four look-ups; and after the signal, not even the second read.
    expect(turso.requests.map((r) => `${r.method} ${r.rawPath}`).slice(4)).toEqual([
      'GET /v1/organizations/acme/members/p1',
      'GET /v1/organizations/acme/members/p2',
      'GET /v1/organizations/acme/members/p3',
      'DELETE /v1/organizations/acme/api-tokens/t9',
      'DELETE /v1/organizations/acme/members/p1',
    ]);
    expect(github.requests.every((r) => r.path.startsWith('/orgs/acme-gh/teams/eng/members'))).toBe(true);
    expect(github.repoIssues(REPO)).toEqual([]);
    expect(errors(outcome).at(-1)?.startsWith(`${cancelled}; 3 of 4 people not offboarded: p1, p2, p3`)).toBe(true);
    expect(warnings(outcome)).toContain('The drift issue was left as it is: the run was cancelled');
    expect(outcome.summary).toContain(`<p><strong>${cancelled}.</strong></p>`);
    expect(outcome.outputs).toMatchObject({
      result: 'failed',
      'removed-count': '0',
      'revoked-invites-count': '0',
      'revoked-tokens-count': '1',
      'drift-issue-url': '',
    });
    expect(results(outcome).map((r) => [r.username, r.error])).toEqual([
      [
        'p1',
        'the run was cancelled while this request was under way; it may or may not have taken effect; token p1-t1: not attempted: the run was cancelled',
      ],
      ['p2', 'not attempted: the run was cancelled; invitation: not attempted: the run was cancelled'],
      ['p3', 'not attempted: the run was cancelled'],
      ['left', undefined],
    ]);
  });

  it('sends nothing more when cancelled while a member is read again before the change', async () => {
    const readUnderWay = turso.hold({ method: 'GET', route: 'member', username: 'p1' });
    const outcome = await audit({ interrupt: readUnderWay.holding(1) });
    expect(outcome.exitCode).toBe(1);
    expect(turso.requests.map((r) => `${r.method} ${r.rawPath}`).slice(4)).toEqual([
      'GET /v1/organizations/acme/members/p1',
    ]);
    expect(turso.members('acme').map((m) => m.username)).toContain('p1');
    expect(outcome.outputs['removed-count']).toBe('0');
    expect(results(outcome).map((r) => [r.username, r.error])).toEqual([
      ['p1', 'not removed: the run was cancelled; nothing was sent'],
      ['p2', 'not removed: the run was cancelled; nothing was sent'],
      ['p3', 'not removed: the run was cancelled; nothing was sent'],
      ['left', 'token left-t9: not attempted: the run was cancelled'],
    ]);
  });
  it('reads no further page of a team, and sends nothing to Turso, when cancelled while reading the teams', async () => {
    const firstPage = github.hold(/\/teams\/eng\/members$/);
    const outcome = await audit({ interrupt: firstPage.arrived.then(firstPage.release) });
    expect(outcome.exitCode).toBe(1);
    expect(github.requests).toHaveLength(1);
    expect(turso.requests).toEqual([]);
    expect(errors(outcome).at(-1)).toMatch(
      /^The run was cancelled before anything was removed; nothing more was sent; The audit of acme was refused, and nothing was removed: team acme-gh\/eng could not be read: /,
    );
  });

  it('abandons a team read that GitHub never answers, and refuses the audit with nothing removed', async () => {
    const firstPage = github.hold(/\/teams\/eng\/members$/);
    const outcome = await audit({ interrupt: firstPage.arrived });
    await firstPage.abandoned;
    // It ended by itself, not by a kill.
    expect(outcome.exitCode).toBe(1);
    expect(github.requests).toHaveLength(1);
    expect(turso.requests).toEqual([]);
    expect(errors(outcome).at(-1)).toBe(
      'The run was cancelled before anything was removed; nothing more was sent; The audit of acme was refused, and nothing was removed: team acme-gh/eng could not be read: the run was cancelled while this GitHub request was under way',
    );
    expect(outcome.outputs).toMatchObject({ result: 'failed', 'removed-count': '0' });
    expect(outcome.evidence).toMatchObject({ cancelled: true, people: [] });
  });

  it('abandons an issue listing that GitHub never answers, and still writes every result', async () => {
    const listing = github.hold(/\/repos\/acme\/platform\/issues$/);
    const outcome = await audit({ interrupt: listing.arrived }, { keep: 'p1, p2, p3' });
    await listing.abandoned;
    const cancelled =
      'The run was cancelled after removing 1 of 1 (memberships, invitations and tokens the audit planned); nothing more was sent';
    // It ended by itself, not by a kill, with the token of someone who left revoked.
    expect(outcome.exitCode).toBe(1);
    expect(github.requests.filter((r) => r.path.startsWith('/repos/')).map((r) => r.method)).toEqual(['GET']);
    expect(github.repoIssues(REPO)).toEqual([]);
    expect(warnings(outcome)).toContain(
      'The drift issue may be unfinished: the run was cancelled while it was written',
    );
    expect(errors(outcome).at(-1)).toBe(cancelled);
    expect(outcome.outputs).toMatchObject({
      result: 'removed',
      'revoked-tokens-count': '1',
      'drift-issue-url': '',
    });
    expect(results(outcome).map((r) => [r.username, r.result])).toEqual([['left', 'removed']]);
    expect(outcome.summary).toContain(`<p><strong>${cancelled}.</strong></p>`);
    expect(outcome.evidence).toMatchObject({ cancelled: true, people: [{ username: 'left' }] });
  });

  it.each([
    ['a secondary rate limit', 403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '59' }],
    ['a rate limit', 403, { message: 'API rate limit exceeded' }, rateLimitReset(59)],
    ['a server error', 502, { message: 'Bad gateway' }, {}],
  ])(
    'gives up at once, writing every result, when cancelled while waiting out %s',
    async (_why, status, body, headers) => {
      const limited = github.script(/\/repos\/acme\/platform\/issues$/, status, body, headers);
      const outcome = await audit({ interrupt: limited }, { keep: 'p1, p2, p3' });
      // It ended by itself, before the wait was over, with every result written.
      expect(outcome.exitCode).toBe(1);
      expect(github.requests.filter((r) => r.path.startsWith('/repos/'))).toHaveLength(1);
      expect(errors(outcome).at(-1)).toBe(
        'The run was cancelled after removing 1 of 1 (memberships, invitations and tokens the audit planned); nothing more was sent',
      );
      expect(results(outcome).map((r) => [r.username, r.result])).toEqual([['left', 'removed']]);
      expect(outcome.evidence).toMatchObject({ cancelled: true, people: [{ username: 'left' }] });
    },
  );

  it('starts no further issue request when cancelled while the issue is being written', async () => {
    const listing = github.hold(/\/repos\/acme\/platform\/issues$/);
    const outcome = await audit({ interrupt: listing.arrived.then(listing.release) }, { keep: 'p1, p2, p3' });
    expect(outcome.exitCode).toBe(1);
    expect(github.requests.filter((r) => r.path.startsWith('/repos/')).map((r) => r.method)).toEqual(['GET']);
    expect(github.repoIssues(REPO)).toEqual([]);
    expect(warnings(outcome)).toContain(
      'The drift issue may be unfinished: the run was cancelled while it was written',
    );
    expect(errors(outcome).at(-1)).toBe(
      'The run was cancelled after removing 1 of 1 (memberships, invitations and tokens the audit planned); nothing more was sent',
    );
  });
});

bundleAndSource('the drift issue through the GitHub chunk, as it ships', (runWith) => {
  it('says in the drift issue what the audit did, not what it planned', async () => {
    openIssue(github, {
      title: 'Turso membership drift in acme',
      body: `${DRIFT_MARKER}\nold`,
      labels: ['turso-drift'],
    });
    turso.script({ method: 'DELETE', username: 'p3' }, { status: 409, body: JSON.stringify({ error: 'conflict' }) });
    const outcome = await runWith({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, { keep: 'stays', 'github-token': GITHUB_TOKEN, 'drift-issue': 'true' }),
      env: { GITHUB_API_URL: github.url },
    });
    expect(outcome.exitCode).toBe(1);
    expect(github.repoIssues(REPO)[0]?.body).toContain(
      '\n\nThe audit removed or revoked 5 of the 6 planned; 1 person(s) could not be wholly offboarded (see the run).\n\n',
    );
  });
});
