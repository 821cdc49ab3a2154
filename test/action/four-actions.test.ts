/**
 * The four actions, each run through its own action.yml as the runner runs it: its `main`, its
 * defaults, only its inputs (another action's is refused before any request, naming that
 * action) and only its outputs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { JOBS, usesName } from '../../src/model/actions.ts';
import type { JobName } from '../../src/model/settings.ts';
import { errors } from '../support/action-results.ts';
import { ANN, BOB, JANE } from '../support/fixtures.ts';
import { actionYmlPath, standInInputs, type ActionRunner } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'four-actions-token-0123456789';
const standIn = useStandIn({ token: TOKEN, orgs: { acme: [JANE, ANN, BOB] }, groups: { acme: ['default'] } });

function declared(job: JobName): { inputs: string[]; outputs: string[] } {
  const action = parse(readFileSync(actionYmlPath(job), 'utf8')) as {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
  };
  return { inputs: Object.keys(action.inputs), outputs: Object.keys(action.outputs) };
}

/** A run of each action that does its job against the stand-in. */
const JOB_RUNS: Record<JobName, Record<string, string>> = {
  remove: { username: 'jane' },
  audit: { keep: 'ann, bob' },
  demote: { username: 'ann', role: 'viewer' },
  rotate: { groups: 'default' },
  report: { keep: 'jane, ann, bob' },
};

/** The actions that may change Turso, each of which writes an evidence record. */
const CHANGING = JOBS.filter((job) => job !== 'report');

bundleAndSource('each action through its own action.yml', (runWith: ActionRunner) => {
  const run = (action: JobName, inputs: Record<string, string>) =>
    runWith({ action, inputs: standInInputs(standIn, TOKEN, inputs) });

  it.each(JOBS)('%s: does its job, sets every output its action.yml declares and no other', async (job) => {
    const outcome = await run(job, JOB_RUNS[job]);
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    expect(Object.keys(outcome.outputs).toSorted()).toEqual(declared(job).outputs.toSorted());
  });

  it.each(CHANGING)('%s: writes an evidence record of the run and its inputs', async (job) => {
    const outcome = await run(job, JOB_RUNS[job]);
    const { inputs } = declared(job);
    expect(outcome.evidence).toMatchObject({ job });
    // The evidence keeps every input of this action but the tokens, with the defaults applied.
    expect(Object.keys(outcome.evidence?.inputs as object).toSorted()).toEqual(
      inputs.filter((name) => name !== 'token' && name !== 'github-token').toSorted(),
    );
  });

  it.each(JOBS)('%s: reads an optional input given as an empty string as its default', async (job) => {
    const { inputs } = declared(job);
    const empty = Object.fromEntries(
      inputs
        .filter((name) => !(name in JOB_RUNS[job]) && !['org', 'token', 'api-url'].includes(name))
        .map((name) => [name, '']),
    );
    const outcome = await run(job, { ...empty, ...JOB_RUNS[job] });
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    expect(errors(outcome)).toEqual([]);
  });

  it('remove: removes the member', async () => {
    await run('remove', JOB_RUNS.remove);
    expect(standIn.members('acme').map((m) => m.username)).toEqual(['ann', 'bob']);
  });

  it('audit: removes everyone the roster does not name', async () => {
    const outcome = await run('audit', JOB_RUNS.audit);
    expect(standIn.members('acme').map((m) => m.username)).toEqual(['ann', 'bob']);
    expect(JSON.parse(outcome.outputs.plan ?? '{}')).toMatchObject({ remove: ['jane'] });
  });

  it('demote: lowers the member to the role, and removes no one', async () => {
    const outcome = await run('demote', JOB_RUNS.demote);
    expect(outcome.outputs['demoted-count']).toBe('1');
    expect(standIn.members('acme').map((m) => [m.username, m.role])).toEqual([
      ['jane', 'member'],
      ['ann', 'viewer'],
      ['bob', 'viewer'],
    ]);
  });

  it('rotate: rotates the groups, and changes no member', async () => {
    const outcome = await run('rotate', JOB_RUNS.rotate);
    expect(outcome.outputs['rotated-groups']).toBe('default');
    expect(standIn.requests.filter((r) => r.method !== 'GET').map((r) => r.rawPath)).toEqual([
      '/v1/organizations/acme/groups/default/auth/rotate',
    ]);
  });

  it('rotate: only says what it would rotate in a dry run, and sends nothing that changes', async () => {
    const outcome = await run('rotate', { ...JOB_RUNS.rotate, 'dry-run': 'true' });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toContain('This run only plans: the database auth tokens of default would be rotated');
    expect(outcome.outputs['rotated-groups']).toBe('');
    expect(standIn.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it.each([
    ['remove', { username: 'jane', keep: 'ann' }, 'keep', [usesName('audit'), usesName('report')]],
    ['audit', { keep: 'ann', username: 'jane' }, 'username', [usesName('remove'), usesName('demote')]],
    ['demote', { username: 'ann', role: 'viewer', groups: 'default' }, 'groups', [usesName('rotate')]],
    ['rotate', { groups: 'default', 'max-removals': '3' }, 'max-removals', [usesName('audit')]],
    ['remove', { username: 'jane', role: 'viewer' }, 'role', [usesName('demote')]],
  ] as const)(
    '%s: refuses %j before any request, naming the action %s belongs to',
    async (job, inputs, input, owners) => {
      const outcome = await run(job, inputs);
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)).toContainEqual(
        `Input "${input}": belongs to ${owners.join(' and ')}, not to ${usesName(job)}; use that action for it, or remove it from this step`,
      );
      expect(standIn.requests).toEqual([]);
      expect(outcome.evidence).toMatchObject({ job, people: [] });
    },
  );

  it.each([
    ['remove', 'demote-to', 'viewer'],
    ['remove', 'rotate-only', 'true'],
    ['audit', 'dry_run', 'true'],
  ] as const)('%s: refuses %s, which no action has, before any request', async (job, input, value) => {
    const outcome = await run(job, { ...JOB_RUNS[job], [input]: value });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toMatch(new RegExp(`^Input "${input}": is not an input of ${usesName(job)}; `));
    expect(standIn.requests).toEqual([]);
  });

  it.each([
    ['remove', {}, 'username', 'is required'],
    ['audit', {}, 'keep', 'the keep list is empty'],
    ['demote', { username: 'ann' }, 'role', 'is required'],
    ['demote', { username: 'ann', role: 'owner' }, 'role', 'is not admin, member or viewer'],
    ['rotate', {}, 'groups', 'is required'],
    [
      'rotate',
      { groups: 'default', approval: 'require', 'github-token': '' },
      'github-token',
      'is empty, and approval: require needs it; ',
    ],
    [
      'audit',
      { keep: 'ann', 'keep-github-team': 'acme-gh/eng', 'drift-issue': 'true', 'github-token': '' },
      'github-token',
      'is empty, and keep-github-team and drift-issue need it; ',
    ],
  ] as const)('%s: with %j, names what %s needs, before any request', async (job, inputs, input, problem) => {
    const outcome = await run(job, inputs);
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toContain(`Input "${input}": `);
    expect(errors(outcome)[0]).toContain(problem);
    expect(standIn.requests).toEqual([]);
  });
});

describe('the actions', () => {
  it('share every input of `org` … `reference` word for word, from the one definition', () => {
    const shared = ['org', 'token', 'api-url', 'retries', 'request-timeout', 'concurrency'];
    const texts = JOBS.map((job) => {
      const { inputs } = parse(readFileSync(actionYmlPath(job), 'utf8')) as { inputs: Record<string, unknown> };
      return JSON.stringify(shared.map((name) => inputs[name]));
    });
    expect(new Set(texts).size).toBe(1);
  });
});
