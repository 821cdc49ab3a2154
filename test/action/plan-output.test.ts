/**
 * The `plan` output holds exactly the fields PLAN_OUTPUT_FIELDS describes (the description of the
 * output is made from it): an audit whose plan has rows of every kind fills each field, and
 * writes no other. On the bundle as well: the output as the runner's GITHUB_OUTPUT file holds it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { PLAN_OUTPUT_FIELDS } from '../../src/model/plan-output.ts';
import { plan } from '../support/action-results.ts';
import { GITHUB_TOKEN, tokenOf } from '../support/audit-fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';
import type { Member } from '../stand-in/server.ts';

const TOKEN = 'plan-output-token-0123456789';
const MEMBERS: Member[] = [
  { username: 'root', role: 'owner', email: 'root@acme.test' },
  { username: 'root2', role: 'owner', email: 'root2@acme.test' },
  { username: 'ada', role: 'admin', email: 'ada@acme.test' },
  { username: 'ben', role: 'admin', email: 'ben@acme.test' },
  { username: 'cal', role: 'member', email: 'cal@acme.test' },
  { username: 'dee', role: 'viewer', email: 'dee@acme.test' },
  { username: 'eve', role: 'member', email: 'eve@acme.test' },
];
/**
 * The list as the API shows it: besides the members above, one whose role cannot be read and one
 * who shows no email (so that a keep-list email nobody shows cannot be resolved).
 */
const LISTED = [...MEMBERS, { username: 'odd', role: 'superuser' }, { username: 'nomail', role: 'member' }];
/**
 * root may be a member (an owner: by hand), ada a member (an admin, who may be the token's user
 * while Get Current User fails), cal a viewer (lowered), dee an admin (below: kept); boss's
 * invitation is for more than viewer; typo and who@acme.test name no one.
 */
const ROSTER = [
  'root member',
  'ada member',
  'cal viewer',
  'dee admin',
  'nomail',
  'boss@acme.test viewer',
  'typo',
  'who@acme.test',
].join('\n');

const standIn = useStandIn({ token: TOKEN, orgs: { acme: MEMBERS } });
const github = useGitHubStandIn(GITHUB_TOKEN, { 'acme-gh/support': ['dee', 'gh-only'] });
let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'turso-plan-output-'));
});

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

bundleAndSource('the plan output as the runner reads it', (runWith) => {
  it('holds exactly the fields PLAN_OUTPUT_FIELDS names, each filled by a plan with rows of every kind', async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    standIn.script({ route: 'members' }, { status: 200, body: JSON.stringify({ members: LISTED }) });
    standIn.script({ route: 'user' }, { status: 403, body: '{"error":"no"}' }, { status: 403, body: '{"error":"no"}' });
    standIn.addInvite('acme', 'boss@acme.test', 'admin', daysAgo(1));
    standIn.addInvite('acme', 'hire@acme.test', 'member', daysAgo(1));
    standIn.addInvite('acme', 'old@acme.test', 'member', daysAgo(30));
    standIn.addToken('acme', tokenOf('t1', 'eve'));
    standIn.addToken('acme', { id: 't2', name: 'mystery', created_at: '2026-01-01' });
    await writeFile(join(workspace, 'roster.txt'), ROSTER);
    const outcome = await runWith({
      action: 'audit',
      inputs: standInInputs(standIn, TOKEN, {
        'keep-file': 'roster.txt',
        'keep-github-team': 'acme-gh/support admin',
        'github-token': GITHUB_TOKEN,
        'invite-grace-days': '7',
        'dry-run': 'true',
        retries: '0',
      }),
      env: { GITHUB_WORKSPACE: workspace, GITHUB_API_URL: github.url },
    });
    expect(outcome.exitCode).toBe(0);
    const planned = plan(outcome);
    expect(Object.keys(planned)).toEqual(Object.keys(PLAN_OUTPUT_FIELDS));
    const empty = Object.entries(planned).filter(([, list]) => !Array.isArray(list) || list.length === 0);
    expect(empty.map(([field]) => field)).toEqual([]);
  });
});
