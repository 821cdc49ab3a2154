/**
 * Text from the API and from rosters is data, never markup: hostile usernames, emails, roles,
 * token names, team logins and API error messages go through the bundle into the drift issue
 * and the job summary, which are then read as GitHub reads them (GFM, raw HTML passed through).
 */
import { beforeEach, expect, it } from 'vitest';
import type { ApiToken, Member } from '../stand-in/server.ts';
import { plan, results } from '../support/action-results.ts';
import { GITHUB_TOKEN, issueUrl, OWNER_AND_STAYER, REPO } from '../support/audit-fixtures.ts';
import { HOSTILE_NAMES, HOSTILE_TEXT, INVISIBLE, renderGfm } from '../support/markdown.ts';
import { standInInputs, type ActionRun } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'markup-turso-token-0123456789';
const RUN_URL = 'https://github.com/acme/platform/actions/runs/4242';

const DEPARTED = HOSTILE_NAMES.map((username, i) => ({ username, email: `gone${i}@acme.test` }));
const TOKENS: ApiToken[] = HOSTILE_TEXT.map((name, i) => ({
  id: `tok-${i}`,
  name,
  owner: DEPARTED[i] ?? { username: 'x', email: 'x@acme.test' },
  created_at: '2026-01-01',
}));

const turso = useStandIn({
  token: TOKEN,
  orgs: {
    acme: [
      ...OWNER_AND_STAYER,
      ...DEPARTED.map((d) => ({ ...d, role: 'member' as const })),
      // An unknown role is kept and shown as listed.
      { username: 'odd', role: HOSTILE_TEXT[0] as Member['role'], email: 'odd@acme.test' },
    ],
  },
  invites: { acme: HOSTILE_NAMES.map((name) => `${name}@evil.example`) },
  tokens: { acme: TOKENS },
});
const github = useGitHubStandIn(GITHUB_TOKEN, {
  'acme-gh/eng': ['stays', ...HOSTILE_NAMES.map((name) => `gh-${name}`)],
});

beforeEach(() => {
  // One removal fails, with an error message that tries every way in too.
  turso.script(
    { method: 'DELETE', username: HOSTILE_NAMES[1] },
    { status: 409, body: JSON.stringify({ error: HOSTILE_TEXT.join(' ') }) },
  );
});

/** Every element the rendered text holds, by name. */
const elements = (html: string) => [...html.matchAll(/<([a-z][a-z0-9]*)/g)].map((m) => m[1] ?? '');
const links = (html: string) => [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);

/** What no hostile name may bring: elements beyond the action's own, raw `@`, links, line breaks in rows. */
function expectInert(markdown: string, ownElements: readonly string[]): string {
  const html = renderGfm(markdown);
  expect(new Set(elements(html))).toEqual(new Set(ownElements));
  expect(markdown).not.toMatch(INVISIBLE);
  expect(markdown).not.toMatch(/@(?!<wbr>)/);
  expect(html).not.toMatch(/@(?!<wbr>)/);
  for (const marker of ['evil.example', '<script', '<img']) {
    expect(markdown).not.toContain(marker);
  }
  return html;
}

bundleAndSource('escaping in the real drift issue and job summary', (runWith) => {
  let outcome: ActionRun;
  beforeEach(async () => {
    outcome = await runWith({
      action: 'audit',
      inputs: standInInputs(turso, TOKEN, {
        'keep-github-team': 'acme-gh/eng',
        'github-token': GITHUB_TOKEN,
        'drift-issue': 'true',
        'max-removals': '100',
        'invite-grace-days': '0',
      }),
      env: { GITHUB_API_URL: github.url },
    });
  });

  it('writes hostile names into the drift issue as data: one row each, no link, mention, image, element or heading', () => {
    expect(outcome.exitCode).toBe(1);
    const body = github.repoIssues(REPO)[0]?.body ?? '';
    const html = expectInert(body, ['p', 'code', 'wbr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a']);
    expect(links(html)).toEqual([RUN_URL]);
    // A row for each departed member, invitation and token, and the header: no name broke a row.
    const planned = plan(outcome) as Record<string, unknown[]>;
    const drift =
      (planned.remove?.length ?? 0) + (planned.revokeInvites?.length ?? 0) + (planned.revokeTokens?.length ?? 0);
    expect(drift).toBe(3 * HOSTILE_NAMES.length);
    // And a row for each member or token kept only because the action may not change it.
    const keptByException = [
      'ownersKept',
      'tokenUserKept',
      'tokenUserNotLowered',
      'unknownRoleKept',
      'tokensOwnerUnknown',
    ]
      .map((rows) => planned[rows]?.length ?? 0)
      .reduce((a, b) => a + b);
    expect(html.match(/<tr>/g)).toHaveLength(drift + keptByException + 1);
    expect(body.match(/\]\(/g)).toHaveLength(1);
  });

  it('writes hostile names and API messages into the job summary as data', () => {
    const summary = outcome.summary ?? '';
    const html = expectInert(summary, ['h2', 'h3', 'p', 'code', 'wbr', 'table', 'tr', 'th', 'td', 'a']);
    expect(links(html)).toEqual([RUN_URL, issueUrl(1)]);
    expect(elements(html).filter((e) => e === 'h2' || e === 'h3')).toEqual(['h2', 'h3', 'h3']);
    const planRows = Object.values(plan(outcome) as Record<string, unknown[]>).reduce((n, list) => n + list.length, 0);
    expect(html.match(/<tr>/g)).toHaveLength(planRows + results(outcome).length + 2);
    // The failed removal's message is there, every character as typed.
    expect(summary).toContain(
      '&#91;Re-authenticate here&#93;&#40;https&#58;//evil&#46;example/login&#41; &#64;<wbr>acme/security',
    );
  });
});
