/**
 * What GitHub accepts: a drift issue body or comment of at most 65,536 characters (the GitHub
 * stand-in refuses a longer one, as GitHub does), and a job summary of at most 1 MiB. A large
 * organization with long, markup-heavy names goes through the bundle; rows that do not fit are
 * left out with one line saying how many and where the full plan is.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { GITHUB_BODY_MAX_CHARS } from '../stand-in/github.ts';
import type { ApiToken, Member } from '../stand-in/server.ts';
import { plan, results } from '../support/action-results.ts';
import { GITHUB_TOKEN, REPO } from '../support/audit-fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'size-turso-token-0123456789';
/** Each character becomes a 5- or 6-character reference: the longest a name can get. */
const LONG = '[|]'.repeat(60);
const DEPARTED = 3_000;
const TOKENS = 300;

const MEMBERS: Member[] = [
  { username: 'root', role: 'owner', email: 'root@acme.test' },
  ...Array.from({ length: DEPARTED }, (_, i) => ({
    username: `${LONG}${i}`,
    role: 'member' as const,
    email: `${i}@acme.test`,
  })),
];
// The issue's own case: 300 tokens with long names whose owners left.
const API_TOKENS: ApiToken[] = Array.from({ length: TOKENS }, (_, i) => ({
  id: `tok-${i}`,
  name: `${LONG}${i}`,
  owner: { username: `left-${i}`, email: `left-${i}@acme.test` },
  created_at: '2026-01-01',
}));

const turso = useStandIn({ token: TOKEN, orgs: { acme: MEMBERS }, tokens: { acme: API_TOKENS } });
const github = useGitHubStandIn(GITHUB_TOKEN);

const leftOut = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 'NaN');

bundleAndSource('the real job summary file and drift issue', (runWith) => {
  it('keeps the drift issue within 65,536 characters and the job summary within 1 MiB, saying how many rows were left out', async () => {
    const outcome = await runWith({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, {
        keep: 'root',
        'github-token': GITHUB_TOKEN,
        'drift-issue': 'true',
        'dry-run': 'true',
        'revoke-invites': 'false',
      }),
      env: { GITHUB_API_URL: github.url },
    });
    expect(outcome.exitCode).toBe(0);

    const body = github.repoIssues(REPO)[0]?.body ?? '';
    expect(body.length).toBeGreaterThan(GITHUB_BODY_MAX_CHARS - 2_000);
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_MAX_CHARS);
    const issueRows = body.split('\n').filter((line) => line.startsWith('| <code>')).length;
    expect(
      leftOut(
        body,
        /^_(\d+) more row\(s\) did not fit in this issue \(GitHub takes 65536 characters\): the full plan is in the run's job summary and its `plan` output\._$/m,
      ),
    ).toBe(DEPARTED + TOKENS - issueRows);

    const summary = outcome.summary ?? '';
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(1_048_576);
    expect(Buffer.byteLength(summary)).toBeGreaterThan(1_048_576 - 70_000);
    const [planTable = '', resultsTable = ''] = summary.split('<h3>Results</h3>');
    expect(results(outcome)).toHaveLength(DEPARTED + TOKENS);
    expect(plan(outcome).remove).toHaveLength(DEPARTED);
    const rows = (table: string) => (table.match(/<tr><td>/g) ?? []).length;
    expect(
      leftOut(
        resultsTable,
        /<p>(\d+) more results row\(s\) did not fit in the job summary \(GitHub shows 1048576 bytes of it\): the <code>results<\/code> output has them all\.<\/p>/,
      ),
    ).toBe(DEPARTED + TOKENS - rows(resultsTable));
    // The plan lists everyone: the departed, the tokens and the owner kept.
    expect(
      leftOut(
        planTable,
        /<p>(\d+) more plan row\(s\) did not fit in the job summary \(GitHub shows 1048576 bytes of it\): the <code>plan<\/code> output has them all\.<\/p>/,
      ),
    ).toBe(DEPARTED + TOKENS + 1 - rows(planTable));
  });

  it('keeps the job summary within 1 MiB when every member is a role to lower, saying how many rows were left out', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'turso-size-'));
    try {
      // Everyone stays, at most a viewer: 3,000 roles to lower, each in the results and the roles table.
      await writeFile(join(workspace, 'roster.txt'), MEMBERS.map((m) => `${m.email} viewer`).join('\n'));
      const outcome = await runWith({
        action: 'audit',
        inputs: standInInputs(turso, TOKEN, {
          'keep-file': 'roster.txt',
          'dry-run': 'true',
          'revoke-invites': 'false',
          'revoke-api-tokens': 'false',
        }),
        env: { GITHUB_WORKSPACE: workspace },
      });
      expect(outcome.exitCode).toBe(0);
      expect(results(outcome)).toHaveLength(DEPARTED);
      const summary = outcome.summary ?? '';
      expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(1_048_576);
      const [, rolesTable = ''] = summary.split('<h3>Roles to lower</h3>');
      const shown = (rolesTable.match(/<tr><td>/g) ?? []).length;
      expect(
        leftOut(
          rolesTable,
          /<p>(\d+) more results row\(s\) did not fit in the job summary \(GitHub shows 1048576 bytes of it\): the <code>results<\/code> output has them all\.<\/p>/,
        ),
      ).toBe(DEPARTED - shown);
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });
});
