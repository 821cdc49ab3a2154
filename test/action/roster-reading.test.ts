/**
 * Names read strictly, as the bundle reads them: a keep-file line is split like `keep`, names
 * compare after Unicode normalization, a name carrying an invisible character is refused before
 * any request, and a run that would only rotate group tokens must say so with `rotate-only`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errors, plan, results } from '../support/action-results.ts';
import { GONE, OWNER_AND_STAYER } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';
import type { Member } from '../stand-in/server.ts';

const TOKEN = 'roster-reading-token-0123456789';
const JANE: Member = { username: 'jane', role: 'member', email: 'jane@acme.test' };
/** Listed by the API in the composed form (NFC), as Turso stores it. */
const JOSE: Member = { username: 'jose', role: 'member', email: 'jos\u00e9@acme.test' };
/** The same address decomposed (NFD): `e` and a combining acute accent. */
const JOSE_NFD = 'jos\u0065\u0301@acme.test';

const standIn = useStandIn({
  token: TOKEN,
  orgs: { acme: [...OWNER_AND_STAYER, JANE, JOSE, GONE] },
  groups: { acme: ['default'] },
});
let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'turso-roster-'));
});

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

const deleted = () => standIn.requestsTo('DELETE').map((r) => r.username);

bundleAndSource('names read strictly, before any request', (runWith) => {
  const run = (inputs: Record<string, string>) =>
    runWith({
      inputs: standInInputs(standIn, TOKEN, { ...MEMBERSHIP_ONLY, ...inputs }),
      env: { GITHUB_WORKSPACE: workspace },
    });
  const audit = async (roster: string, inputs: Record<string, string> = {}) => {
    await writeFile(join(workspace, 'roster.txt'), roster);
    return run({ 'keep-file': 'roster.txt', ...inputs });
  };

  it('reads a keep-file line with commas as several names, like keep', async () => {
    const outcome = await audit('stays\njane,jane@acme.test  # a CSV export\njose\n');
    expect(outcome.exitCode).toBe(0);
    expect(deleted()).toEqual(['gone']);
    expect(plan(outcome)).toMatchObject({ remove: ['gone'], keep: ['stays', 'jane', 'jose'] });
  });

  it('keeps a person whose roster email is decomposed (NFD) while the API lists it composed', async () => {
    const outcome = await audit(`stays\njane\n${JOSE_NFD}\n`);
    expect(outcome.exitCode).toBe(0);
    expect(deleted()).toEqual(['gone']);
  });

  it('offboards the member a decomposed email names', async () => {
    const outcome = await run({ username: JOSE_NFD });
    expect(outcome.exitCode).toBe(0);
    expect(deleted()).toEqual(['jose']);
    expect(results(outcome)).toMatchObject([{ username: 'jose', result: 'removed' }]);
  });

  it.each([
    ['\u200b', 'U+200B'],
    ['\u00ad', 'U+00AD'],
    ['\ufeff', 'U+FEFF'],
    ['\u202e', 'U+202E'],
    ['\u2066', 'U+2066'],
  ])('refuses a keep-file name carrying %j, naming the line and %s', async (invisible, codePoint) => {
    const outcome = await audit(`stays\n# who stays\njane${invisible}@acme.test\njose\n`);
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toBe(
      `Input "keep-file": line 3: "jane<${codePoint}>@acme.test" contains an invisible character, ${codePoint}, at character 5; delete it (text pasted from a chat or a document can carry one); give Turso usernames or emails only`,
    );
    expect(standIn.requests).toEqual([]);
    expect(outcome.outputs.result).toBe('failed');
  });

  it.each(['keep', 'username'])('refuses a name of %s carrying an invisible character', async (input) => {
    const outcome = await run({ [input]: 'stays, \u200bjane' });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toMatch(
      new RegExp(`^Input "${input}": "<U\\+200B>jane" contains an invisible character, U\\+200B, at character 1;`),
    );
    expect(standIn.requests).toEqual([]);
  });

  describe('rotation only when asked for', () => {
    it.each(['', ' , ', '\n'])('refuses username %j beside rotate-group-tokens, rotating nothing', async (username) => {
      const outcome = await run({ username, 'rotate-group-tokens': 'default' });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toMatch(/^Input "username": .*rotate-only: true to only rotate/);
      expect(standIn.requests).toEqual([]);
    });

    it('rotates the groups and nothing else with rotate-only: true', async () => {
      const outcome = await run({ 'rotate-only': 'true', 'rotate-group-tokens': 'default' });
      expect(outcome.exitCode).toBe(0);
      expect(outcome.outputs['rotated-groups']).toBe('default');
      expect(standIn.requests.filter((r) => r.method !== 'GET').map((r) => r.rawPath)).toEqual([
        '/v1/organizations/acme/groups/default/auth/rotate',
      ]);
    });

    it.each([
      [{ username: 'jane', 'rotate-group-tokens': 'default' }, 'rotate-only', 'cannot be combined with username'],
      [{ keep: 'stays', 'rotate-group-tokens': 'default' }, 'rotate-only', 'cannot be combined with username'],
      [{}, 'rotate-only', 'needs rotate-group-tokens'],
    ])('refuses rotate-only with %o', async (inputs, input, message) => {
      const outcome = await run({ 'rotate-only': 'true', ...inputs });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toMatch(new RegExp(`^Input "${input}": ${message}`));
      expect(standIn.requests).toEqual([]);
    });
  });

  it.each(['0.0004', '1e1', '0x1E', '-1', '30s', 'Infinity'])(
    'refuses request-timeout %j: plain decimals of at least 1 ms only',
    async (requestTimeout) => {
      const outcome = await run({ username: 'jane', 'request-timeout': requestTimeout });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toBe(
        `Input "request-timeout": "${requestTimeout}" is not a number of seconds from 0.001 to 600 written as a plain decimal; set it to one, e.g. 30`,
      );
      expect(standIn.requests).toEqual([]);
    },
  );
});
