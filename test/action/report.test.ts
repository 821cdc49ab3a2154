/**
 * The report action (report/action.yml): the access review of the whole organization, written
 * as JSON, CSV and a roster file, with its findings, sending nothing but reads.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { usesName } from '../../src/model/actions.ts';
import { errors, plan, warnings } from '../support/action-results.ts';
import { parseCsv, readReview } from '../support/access-review.ts';
import { standInInputs, type ActionRunner } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { GITHUB_TOKEN } from '../support/audit-fixtures.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';
import type { AuditLog } from '../stand-in/server.ts';

const TOKEN = 'report-token-0123456789';
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().replace(/\.\d+Z$/, 'Z');

function entry(code: string, author: string, days: number, data: Record<string, unknown> = {}): AuditLog {
  return { code, message: '', origin: 'cli', author, created_at: daysAgo(days), data };
}

const standIn = useStandIn({
  token: TOKEN,
  orgs: {
    acme: [
      { username: 'jane', role: 'owner', email: 'jane@acme.test' },
      { username: 'ann', role: 'admin', email: 'ann@acme.test' },
      { username: 'bob', role: 'member', email: 'bob@acme.test' },
      { username: 'carol', role: 'viewer', email: 'carol@acme.test' },
    ],
  },
  tokens: {
    acme: [
      {
        id: 'tok-bob-ci',
        name: 'bob-ci',
        owner: { username: 'bob', email: 'bob@acme.test' },
        group: 'default',
        scopes: ['db:create'],
        created_at: '2026-05-21',
      },
      { id: 'tok-ann', name: 'ann-org', owner: { username: 'ann', email: 'ann@acme.test' }, created_at: '2026-06-02' },
    ],
  },
});

const github = useGitHubStandIn(GITHUB_TOKEN, { 'acme-gh/eng': ['jane', 'ann'] });

let temp = '';
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'turso-report-'));
  standIn.addAuditLogs('acme', [
    entry('db-create', 'ann', 2),
    entry('org-member-add', 'jane', 10, { username: 'carol' }),
    entry('db-create', 'bob', 120),
  ]);
});
afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

bundleAndSource('the access review through report/action.yml', (runWith: ActionRunner) => {
  const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runWith({ action: 'report', inputs: standInInputs(standIn, TOKEN, inputs), env: { RUNNER_TEMP: temp, ...env } });

  it('reviews the organization against the roster, with every finding, and sends nothing but reads', async () => {
    standIn.setSettings('acme', { require_mfa: false });
    standIn.addInvite('acme', 'zoe@acme.test', 'member', daysAgo(30));
    standIn.addInvite('acme', 'newbie@acme.test', 'viewer', daysAgo(1));
    standIn.addToken('acme', {
      id: 'tok-gone',
      name: 'old-ci',
      owner: { username: 'mallory', email: 'mallory@acme.test' },
      group: 'default',
      scopes: ['full-access'],
      created_at: '2025-01-02',
    });
    const outcome = await run({ keep: 'jane, ann member, bob' });
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    const review = readReview(outcome.outputs['report-file'] ?? '');
    expect(review.findings.map((f) => [f.finding, f.account])).toEqual([
      ['mfa-not-required', 'acme'],
      ['role-above-roster', 'ann'],
      ['inactive', 'bob'],
      ['not-on-roster', 'carol'],
      ['inactive', 'carol'],
      ['old-invitation', 'zoe@acme.test'],
      ['token-owner-not-member', 'tok-gone'],
      ['full-access-token', 'tok-ann'],
      ['full-access-token', 'tok-gone'],
    ]);
    expect(outcome.outputs['findings-count']).toBe('9');
    expect(review.organization).toMatchObject({ slug: 'acme', type: 'team', requireMfa: false, plan: 'scaler' });
    expect(review.members.find((m) => m.username === 'ann')).toMatchObject({
      role: 'admin',
      roster: { named: true, role: 'member' },
      lastActivity: standIn.auditLogs('acme')[0]?.created_at,
      tokens: [{ id: 'tok-ann', name: 'ann-org', group: null, scopes: null, created: '2026-06-02' }],
    });
    expect(review.members.find((m) => m.username === 'carol')).toMatchObject({
      roster: { named: false },
      lastActivity: null,
      joined: standIn.auditLogs('acme')[1]?.created_at,
    });
    expect(review.members.find((m) => m.username === 'bob')?.tokens).toEqual([
      expect.objectContaining({ name: 'bob-ci', group: 'default', scopes: ['db:create'] }),
    ]);
    expect(review.invitations).toEqual([
      expect.objectContaining({ email: 'zoe@acme.test', ageDays: 30, onRoster: false }),
      expect.objectContaining({ email: 'newbie@acme.test', ageDays: 1, onRoster: false }),
    ]);
    expect(review.tokensWithoutMember.map((t) => t.id)).toEqual(['tok-gone']);
    expect(review.tokenUser).toMatchObject({ username: 'platform-bot' });
    expect(standIn.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(new Set(standIn.requests.map((r) => r.route))).toEqual(
      new Set(['members', 'invites', 'api-tokens', 'organization', 'user', 'audit-logs']),
    );
  });

  it("puts the report file's SHA-256 in the log and the summary, with a row per finding", async () => {
    const outcome = await run({ keep: 'jane, ann, bob' });
    const path = outcome.outputs['report-file'] ?? '';
    const sha256 = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
    expect(outcome.stdout).toContain(`Access review: ${path} (SHA-256 ${sha256})`);
    expect(outcome.summary).toContain(sha256);
    expect(outcome.summary).toContain('<td>not-on-roster</td>');
    expect(outcome.summary).toContain('the audit log records changes, not queries');
  });

  it('finds the roster entries that expire within 14 days, and those expired, whose people it no longer names', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const outcome = await run({ keep: `jane until ${day(5)}, ann, bob until ${day(-1)}, carol until ${day(40)}` });
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    const review = readReview(outcome.outputs['report-file'] ?? '');
    const expiring = review.findings.filter((f) => f.finding === 'roster-entry-expires');
    expect(expiring.map((f) => [f.kind, f.account, f.detail])).toEqual([
      ['roster-entry', 'bob', `expired on ${day(-1)}: it keeps no one; extend its until, or drop it`],
      ['roster-entry', 'jane', `expires in 5 day(s), on ${day(5)}`],
    ]);
    // An expired entry names no one: its person is off the roster from that day.
    expect(review.findings.filter((f) => f.finding === 'not-on-roster').map((f) => f.account)).toContain('bob');
    // The summary encodes roster text as inert HTML: parentheses as character references.
    expect(outcome.summary).toContain(`expires in 5 day&#40;s&#41;, on ${day(5)}`);
  });

  it('leaves roster findings out without a roster, and says whom it could not compare', async () => {
    const outcome = await run({});
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    const review = readReview(outcome.outputs['report-file'] ?? '');
    expect(review.rosterGiven).toBe(false);
    expect(review.members.every((m) => m.roster === null)).toBe(true);
    expect(review.findings.map((f) => f.finding)).not.toContain('not-on-roster');
  });

  it('says unavailable for last activity where the plan has no audit log, and finds no one inactive', async () => {
    standIn.removeAuditLogsFromPlan('acme');
    const outcome = await run({ keep: 'jane, ann, bob, carol' });
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    const review = readReview(outcome.outputs['report-file'] ?? '');
    expect(review.window.auditLog).toBe('unavailable');
    expect(review.members.map((m) => [m.lastActivity, m.joined])).toEqual(
      Array.from({ length: 4 }, () => ['unavailable', 'unavailable']),
    );
    expect(review.findings.map((f) => f.finding)).not.toContain('inactive');
    expect(warnings(outcome).join('\n')).toContain('The audit log is not available');
  });

  it('fails, writing no review, when the organization cannot be read whole; never for a finding', async () => {
    standIn.script({ route: 'api-tokens' }, { status: 500, body: '{"error":"boom"}' });
    const outcome = await run({ keep: 'jane', retries: '0' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.outputs['report-file']).toBeUndefined();
    expect(errors(outcome).at(-1)).toMatch(
      /^The organization acme could not be read whole, so no review was written: /,
    );
  });

  it('fails when a page of the audit log cannot be read, rather than call someone inactive', async () => {
    standIn.addAuditLogs(
      'acme',
      Array.from({ length: 250 }, () => entry('db-create', 'ann', 200)),
    );
    standIn.script((r) => r.route === 'audit-logs' && r.page === 2, { status: 500, body: '{"error":"boom"}' });
    const outcome = await run({ keep: 'jane', retries: '0', 'inactive-days': '365' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.outputs['report-file']).toBeUndefined();
    expect(errors(outcome).at(-1)).toContain('could not read page 2 of the audit log');
  });

  it('reads the audit log pages concurrently once the first tells how many there are', async () => {
    // Below the three entries of beforeEach, the newest first, and all within the window.
    standIn.addAuditLogs(
      'acme',
      Array.from({ length: 1_000 }, () => entry('db-create', 'ann', 200)),
    );
    const hold = standIn.hold((r) => r.route === 'audit-logs' && (r.page ?? 1) > 1);
    const running = run({ concurrency: '4', 'inactive-days': '365' });
    await hold.holding(4);
    hold.release();
    const outcome = await running;
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    expect(hold.peak).toBe(4);
    expect(readReview(outcome.outputs['report-file'] ?? '').window.entries).toBe(1_003);
  });

  it('reads the audit log only back to inactive-days ago', async () => {
    // One entry a day for 400 days after the three of beforeEach: 4 pages of 100.
    standIn.addAuditLogs(
      'acme',
      Array.from({ length: 400 }, (_, day) => entry('db-create', 'ann', 121 + day)),
    );
    const outcome = await run({ 'inactive-days': '30', concurrency: '1' });
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    expect(standIn.requests.filter((r) => r.route === 'audit-logs').map((r) => r.page)).toEqual([1]);
  });
  it('reads the roster of GitHub teams as the audit does, each team with its role', async () => {
    const outcome = await run(
      { 'keep-github-team': 'acme-gh/eng viewer', keep: 'bob', 'github-token': GITHUB_TOKEN },
      { GITHUB_API_URL: github.url },
    );
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    const review = readReview(outcome.outputs['report-file'] ?? '');
    expect(review.members.map((m) => [m.username, m.roster])).toEqual([
      ['jane', { named: true, role: 'viewer' }],
      ['ann', { named: true, role: 'viewer' }],
      ['bob', { named: true, role: 'any' }],
      ['carol', { named: false }],
    ]);
    expect(review.findings.filter((f) => f.finding === 'role-above-roster').map((f) => f.account)).toEqual([
      'jane',
      'ann',
    ]);
  });

  it('fails, writing no review, when a team of the roster cannot be read', async () => {
    const outcome = await run(
      { 'keep-github-team': 'acme-gh/gone', 'github-token': GITHUB_TOKEN },
      { GITHUB_API_URL: github.url },
    );
    expect(outcome.exitCode).toBe(1);
    expect(outcome.outputs['report-file']).toBeUndefined();
    expect(standIn.requests).toEqual([]);
  });

  it('fails when Retrieve Organization does not show require_mfa, rather than guess it', async () => {
    standIn.script({ route: 'organization' }, { status: 200, body: '{"organization":{"type":"team"}}' });
    const outcome = await run({ retries: '0' });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome).at(-1)).toContain('could not read the organization: the answer shows no require_mfa');
  });

  it('writes text from the API as data: inert in the summary, the token redacted in every file', async () => {
    standIn.addMember('acme', { username: '<b>x@everyone', role: 'member', email: 'x@acme.test' });
    standIn.addToken('acme', { id: 'tok-leak', name: `leak ${TOKEN}`, created_at: '2026-06-02' });
    const outcome = await run({ keep: 'jane' });
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    expect(outcome.summary).not.toContain('<b>');
    expect(outcome.summary).not.toContain('@everyone');
    for (const file of ['report-file', 'csv-file', 'roster-file']) {
      expect(await readFile(outcome.outputs[file] ?? '', 'utf8')).not.toContain(TOKEN);
    }
    expect(outcome.summary).not.toContain(TOKEN);
    expect(outcome.everything).not.toContain(TOKEN);
  });
});

bundleAndSource('the CSV and the roster file', (runWith: ActionRunner) => {
  const run = (action: 'report' | 'audit', inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runWith({ action, inputs: standInInputs(standIn, TOKEN, inputs), env: { RUNNER_TEMP: temp, ...env } });

  it('opens in a spreadsheet library as plain text: no cell becomes a formula, every hostile name kept', async () => {
    const hostile = ['=1+2', '-2+3', '+cmd', '@SUM(A1)', '=HYPERLINK("http://x","y")', '\tTAB'];
    for (const [i, name] of hostile.entries()) {
      standIn.addToken('acme', {
        id: `sheet-${i}`,
        name,
        owner: { username: 'bob', email: 'bob@acme.test' },
        created_at: '2026-06-02',
      });
    }
    const outcome = await run('report', { keep: 'jane' });
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    // SheetJS reads a CSV as a spreadsheet application does: a cell starting with = is a formula.
    const book = XLSX.read(await readFile(outcome.outputs['csv-file'] ?? '', 'utf8'), { type: 'string' });
    const sheet = book.Sheets[book.SheetNames[0] ?? ''] ?? {};
    const cells = Object.entries(sheet).flatMap(([address, cell]) =>
      address.startsWith('!') ? [] : [cell as { t: string; v: unknown; f?: string }],
    );
    expect(cells.filter((cell) => cell.f !== undefined)).toEqual([]);
    const texts = cells.filter((cell) => cell.t === 's').map((cell) => String(cell.v));
    for (const name of hostile) expect(texts).toContain(`'${name}`);
  });

  it('writes one RFC 4180 row per account, every hostile cell kept as text', async () => {
    standIn.addMember('acme', { username: '=1+2', role: 'member', email: '@sum@acme.test' });
    const hostile = ['-2+3', '+cmd', '\tTAB', '\r=CR', '@SUM(A1)', '=HYPERLINK("http://x","y")', 'a "b", c\nd'];
    for (const [i, name] of hostile.entries()) {
      standIn.addToken('acme', {
        id: `tok-${i}`,
        name,
        owner: { username: 'bob', email: 'bob@acme.test' },
        created_at: '2026-06-02',
      });
    }
    const outcome = await run('report', { keep: 'jane' });
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    const rows = parseCsv(await readFile(outcome.outputs['csv-file'] ?? '', 'utf8'));
    expect(rows[0]).toEqual([
      'account',
      'owner email',
      'kind',
      'role',
      'status',
      'created',
      'last activity',
      'on the roster',
      'finding',
    ]);
    expect(rows.every((row) => row.length === 9)).toBe(true);
    const accounts = rows.slice(1).map((row) => row[0]);
    expect(accounts).toContain("'=1+2");
    expect(rows.find((row) => row[0] === "'=1+2")?.[1]).toBe("'@sum@acme.test");
    for (const name of hostile) {
      expect(accounts).toContain(/^[=+\-@\t\r]/.test(name) ? `'${name}` : name);
    }
    // No cell a spreadsheet would run as a formula.
    expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(rows.find((row) => row[0] === 'carol')).toEqual([
      'carol',
      'carol@acme.test',
      'member',
      'viewer',
      'active',
      expect.stringMatching(/^\d{4}-/),
      '',
      'no',
      'not-on-roster; inactive',
    ]);
  });

  it('writes the organization as a roster that the audit, fed it, plans no change from', async () => {
    standIn.addInvite('acme', 'zoe@acme.test', 'member', daysAgo(30));
    const report = await run('report', {});
    const roster = await readFile(report.outputs['roster-file'] ?? '', 'utf8');
    expect(roster.split('\n')).toEqual([
      expect.stringMatching(/^# The Turso organization acme as it was at \d{4}-\d\d-\d\dT/),
      'ann admin',
      'bob member',
      'carol viewer',
      'jane',
      '# Pending invitations, by email',
      'zoe@acme.test member',
      '',
    ]);
    const workspace = join(temp, 'workspace');
    await mkdir(join(workspace, 'turso'), { recursive: true });
    await writeFile(join(workspace, 'turso', 'roster.txt'), roster);
    const audit = await run(
      'audit',
      { 'keep-file': 'turso/roster.txt', 'dry-run': 'true' },
      { GITHUB_WORKSPACE: workspace },
    );
    expect(audit.exitCode, audit.stdout).toBe(0);
    expect(plan(audit)).toMatchObject({ remove: [], demote: [], revokeInvites: [], revokeTokens: [] });
  });

  it('has only the inputs it uses: dry-run belongs to the actions that change Turso', async () => {
    const outcome = await run('report', { 'dry-run': 'true' });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)).toContainEqual(
      `Input "dry-run": belongs to ${['remove', 'audit', 'demote', 'rotate'].map((job) => usesName(job as 'audit')).join(' and ')}, not to ${usesName('report')}; use that action for it, or remove it from this step`,
    );
    expect(standIn.requests).toEqual([]);
  });

  it('refuses an inactive-days that is not a number of days, before any request', async () => {
    const outcome = await run('report', { 'inactive-days': '0' });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toMatch(/^Input "inactive-days": /);
    expect(standIn.requests).toEqual([]);
  });
});
