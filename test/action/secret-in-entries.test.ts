/**
 * The token given where a name belongs, as a careless admin may (the secret in `username` or
 * `keep`, a keep-file that is an env file): a message that quotes an entry cut short quotes it
 * redacted first, so that the cut cannot leave the token's first characters where no redaction
 * recognises them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { errors } from '../support/action-results.ts';
import { GONE, OWNER_AND_STAYER } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';

/** A JWT-like token, longer than a message quotes of an entry, that is a well-formed username too. */
const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJpYXQiOjE3MDAwMDAwMDAsImlkIjoib3JnLTEifQ.Zq8Xw3Lp9Vr2Tk6Hs4Nm7Bc1';
/** Its first characters: what a cut after 40 characters of an entry would leave of it. */
const START = TOKEN.slice(0, 24);

const standIn = useStandIn({ token: TOKEN, orgs: { acme: [...OWNER_AND_STAYER, GONE] } });
let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'turso-secret-'));
});

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

bundleAndSource('the token given as a name', (runWith) => {
  const start = (action: 'remove' | 'audit', inputs: Record<string, string>) =>
    runWith({
      action,
      inputs: standInInputs(standIn, TOKEN, { ...MEMBERSHIP_ONLY, ...inputs }),
      env: { GITHUB_WORKSPACE: workspace },
    });
  const run = (inputs: Record<string, string>) => start('remove', inputs);
  const audit = (inputs: Record<string, string>) => start('audit', inputs);

  it('is redacted before a keep-file entry is cut short in an input error', async () => {
    await writeFile(join(workspace, '.env'), `TURSO_API_TOKEN=${TOKEN}\n`);
    const outcome = await audit({ 'keep-file': '.env' });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toBe(
      'Input "keep-file": .env, line 1: "TURSO_API_TOKEN=***" holds a : or =, as in name: role; give the role after the name, separated by a space (e.g. alice viewer)',
    );
    expect(outcome.everything).not.toContain(START);
    expect(standIn.requests).toEqual([]);
  });

  it('is redacted before a username entry in quotes is cut short in an input error', async () => {
    const outcome = await run({ username: `"${TOKEN}"` });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toMatch(/^Input "username": ""\*\*\*"" is in quotes/);
    expect(outcome.everything).not.toContain(START);
  });

  it('is redacted before keep is quoted cut short as a roster that reads as nobody', async () => {
    const outcome = await audit({ keep: TOKEN });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome).join('\n')).toContain('none of the 1 name(s) of keep and keep-file (***) is a member');
    expect(outcome.everything).not.toContain(START);
    expect(standIn.requestsTo('DELETE')).toEqual([]);
  });
});
