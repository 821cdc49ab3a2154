/**
 * A large organization: an audit of 15,000 members (List Members is about 1.2 MB, read twice),
 * and an answer over the most the action reads, which refuses the audit with a clear error. On
 * the bundle, since the size of what it reads and writes is the shipped artifact's.
 */
import { rm, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { errors, plan, results } from '../support/action-results.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';
import { numberedMembers } from '../stand-in/server.ts';

const TOKEN = 'large-org-token-0123456789';
const MEMBERS = numberedMembers(15_000);
const DEPARTED = ['user042', 'user7777', 'user14999'];
const STAYING = MEMBERS.filter((m) => !DEPARTED.includes(m.username));

const standIn = useStandIn({
  token: TOKEN,
  orgs: { acme: MEMBERS },
  invites: { acme: ['user7777@acme.test', 'new-hire@acme.test'] },
});
let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'turso-workspace-'));
  // The roster names the stayers by username or by email, in the case people write them.
  await writeFile(
    join(workspace, 'roster.txt'),
    STAYING.map((m, i) => (i % 2 === 0 ? m.username.toUpperCase() : m.email)).join('\n'),
  );
});

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

bundleAndSource('the size of what the shipped action reads', (runWith) => {
  const run = (inputs: Record<string, string> = {}) =>
    runWith({
      action: 'audit',
      inputs: standInInputs(standIn, TOKEN, { 'keep-file': 'roster.txt', 'invite-grace-days': '0', ...inputs }),
      env: { GITHUB_WORKSPACE: workspace },
    });

  it('audits an organization of 15,000 members: removes the three who left, keeps the rest', async () => {
    const outcome = await run();
    expect(errors(outcome)).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    expect(plan(outcome).remove).toEqual(DEPARTED);
    expect(plan(outcome).keep).toHaveLength(STAYING.length);
    expect(results(outcome).map((r) => [r.username, r.result, r.verified])).toEqual([
      ...DEPARTED.map((username) => [username, 'removed', 'gone']),
      ['new-hire@acme.test', 'removed', 'gone'],
    ]);
    // Sent at once: they reach the stand-in in any order.
    expect(
      standIn
        .requestsTo('DELETE')
        .map((r) => r.rawPath.split('/').at(-1))
        .toSorted(),
    ).toEqual(['user042', 'user7777', 'user7777%40acme.test', 'user14999', 'new-hire%40acme.test'].toSorted());
    expect(standIn.members('acme')).toHaveLength(STAYING.length);
    // Each list once before and once after.
    expect(standIn.requests.filter((r) => r.route === 'members')).toHaveLength(2);
  });

  it('refuses the audit when List Members is longer than the most the action reads, saying so', async () => {
    const oversized = JSON.stringify({ members: [], padding: 'x'.repeat(64 * 1_048_576) });
    standIn.script({ route: 'members' }, { status: 200, body: oversized });
    const outcome = await run();
    expect(outcome.exitCode).toBe(1);
    expect(standIn.requestsTo('DELETE')).toEqual([]);
    expect(outcome.stdout).toContain(
      'The audit of acme was refused, and nothing was removed: could not list the members: the answer was longer than 64 MiB, the most this action reads',
    );
  });
});
