/**
 * GitHub that never answers, or stops halfway through an answer: each request is given up after
 * `request-timeout`, as a failure of its step. A team that cannot be read refuses the audit
 * before anything is removed; a drift issue that cannot be kept fails the step after the audit,
 * with every result written.
 */
import { expect, it } from 'vitest';
import { errors, results } from '../support/action-results.ts';
import { GITHUB_TOKEN, GONE, OWNER_AND_STAYER, REPO } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import type { Member } from '../stand-in/server.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'timeout-turso-token-0123456789';
/** On the second page of the team, which holds 151. */
const ENGINEER: Member = { username: 'engineer-140', role: 'member', email: 'engineer-140@acme.test' };

const turso = useStandIn({ token: TOKEN, orgs: { acme: [...OWNER_AND_STAYER, GONE, ENGINEER] } });
const github = useGitHubStandIn(GITHUB_TOKEN, {
  'acme-gh/eng': ['stays', ...Array.from({ length: 150 }, (_, i) => `engineer-${i}`)],
});

bundleAndSource('GitHub requests within request-timeout', (runWith) => {
  const audit = (inputs: Record<string, string>) =>
    runWith({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, {
        'github-token': GITHUB_TOKEN,
        'request-timeout': '0.5',
        ...MEMBERSHIP_ONLY,
        ...inputs,
      }),
      env: { GITHUB_API_URL: github.url },
    });
  const deletions = () => turso.requests.filter((r) => r.method === 'DELETE');

  it('refuses the audit, removing no one, when a team read gets no answer', async () => {
    const firstPage = github.hold(/\/teams\/eng\/members$/);
    const outcome = await audit({ 'keep-github-team': 'acme-gh/eng' });
    await firstPage.abandoned;
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome).at(-1)).toBe(
      'The audit of acme was refused, and nothing was removed: team acme-gh/eng could not be read: GitHub gave no answer within 0.5 s (request-timeout)',
    );
    expect(github.requests).toHaveLength(1);
    expect(deletions()).toEqual([]);
    expect(outcome.outputs).toMatchObject({ result: 'failed', 'removed-count': '0' });
  });

  it('refuses the audit, removing no one, when a page of a team stops halfway', async () => {
    // Taken for an empty page, it would leave engineer-140 off the roster.
    github.stallBody(/\/teams\/eng\/members\?.*page=2/);
    const outcome = await audit({ 'keep-github-team': 'acme-gh/eng' });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome).at(-1)).toBe(
      'The audit of acme was refused, and nothing was removed: team acme-gh/eng could not be read: GitHub gave no answer within 0.5 s (request-timeout)',
    );
    expect(github.requests).toHaveLength(2);
    expect(deletions()).toEqual([]);
  });

  it('ends with every result when the drift issue gets no answer, failing the step for the issue', async () => {
    const listing = github.hold(/\/repos\/acme\/platform\/issues$/);
    const outcome = await audit({ keep: 'stays, engineer-140', 'drift-issue': 'true' });
    await listing.abandoned;
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome).at(-1)).toBe(
      'the drift issue could not be kept in acme/platform: GitHub gave no answer within 0.5 s (request-timeout)',
    );
    expect(deletions().map((r) => r.rawPath)).toEqual(['/v1/organizations/acme/members/gone']);
    expect(results(outcome).map((r) => [r.username, r.result])).toEqual([['gone', 'removed']]);
    expect(outcome.outputs).toMatchObject({ 'removed-count': '1', 'drift-issue-url': '' });
    expect(outcome.summary).toContain('gone');
    expect(outcome.evidence).toMatchObject({ cancelled: false, people: [{ username: 'gone' }] });
    expect(github.repoIssues(REPO)).toEqual([]);
  });
});
