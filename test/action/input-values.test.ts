/**
 * Values read strictly, as the bundle reads them from `INPUT_*` (untrimmed where the runner keeps
 * spaces): whole numbers in plain decimal digits only, and a token an HTTP header can carry.
 * Each is refused before any request, naming the input, and every problem is told in one run.
 */
import { expect, it } from 'vitest';
import { errors } from '../support/action-results.ts';
import { GITHUB_TOKEN } from '../support/audit-fixtures.ts';
import { JANE, MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'input-values-token-0123456789';
const standIn = useStandIn({ token: TOKEN, orgs: { acme: [JANE] } });
const github = useGitHubStandIn(GITHUB_TOKEN, { 'acme-gh/engineering': ['jane'] });

bundleAndSource('values as the runner passes them, refused before any request', (runWith) => {
  const start = (action: 'remove' | 'audit', inputs: Record<string, string>) =>
    runWith({
      action,
      inputs: standInInputs(standIn, TOKEN, { ...MEMBERSHIP_ONLY, ...inputs }),
      env: { GITHUB_API_URL: github.url },
    });
  const run = (inputs: Record<string, string>) => start('remove', inputs);
  const audit = (inputs: Record<string, string>) => start('audit', inputs);
  /** Who the action changes: a removal names jane, an audit keeps her. */
  const person = { remove: { username: 'jane' }, audit: { keep: 'jane' } } as const;

  it.each([
    ['retries', '0x3', 'from 0 to 20', 3, 'remove'],
    ['retries', '1e1', 'from 0 to 20', 3, 'remove'],
    ['retries', '+3', 'from 0 to 20', 3, 'remove'],
    ['retries', ' 3', 'from 0 to 20', 3, 'remove'],
    ['retries', '3.0', 'from 0 to 20', 3, 'remove'],
    ['concurrency', '0x10', 'from 1 to 64', 4, 'remove'],
    ['concurrency', '4 ', 'from 1 to 64', 4, 'remove'],
    ['invite-grace-days', '1e1', 'from 0 to 3650', 7, 'audit'],
  ] as const)('refuses %s %j: plain decimal digits only', async (input, value, range, example, action) => {
    const outcome = await start(action, { ...person[action], [input]: value });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toBe(
      `Input "${input}": "${value}" is not a whole number ${range} in plain decimal digits; set it to one, e.g. ${example}`,
    );
    expect(standIn.requests).toEqual([]);
  });

  it.each(['0x3', '1e1', '+3', '0x10%'])('refuses max-removals %j', async (value) => {
    const outcome = await audit({ keep: 'jane', 'max-removals': value });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toContain(`Input "max-removals": "${value}" is not a number of deletions`);
    expect(standIn.requests).toEqual([]);
  });

  it('reads numbers in decimal digits, leading zeros included', async () => {
    const audited = await audit({ keep: 'jane', 'invite-grace-days': '007', 'max-removals': '010' });
    expect(errors(audited)).toEqual([]);
    expect(audited.exitCode).toBe(0);
    const outcome = await run({ username: 'jane', retries: '03', concurrency: '16' });
    expect(outcome.exitCode).toBe(0);
    expect(standIn.requestsTo('DELETE')).toHaveLength(1);
  });

  it('reports every bad number in one run', async () => {
    const outcome = await audit({ keep: 'jane', retries: '0x3', concurrency: '0x10', 'invite-grace-days': '+7' });
    expect(errors(outcome).map((m) => /^Input "([^"]+)"/.exec(m)?.[1])).toEqual([
      'invite-grace-days',
      'retries',
      'concurrency',
      undefined,
    ]);
    expect(standIn.requests).toEqual([]);
  });

  it.each([
    ['token', 'remove', { token: `${TOKEN}\nsecond-line` }],
    ['token', 'remove', { token: `${TOKEN}\r\nsecond-line` }],
    ['token', 'remove', { token: `${TOKEN}\u0007second-line` }],
    ['token', 'remove', { token: `${TOKEN}\u0100second-line` }],
    [
      'github-token',
      'audit',
      { 'keep-github-team': 'acme-gh/engineering', 'github-token': `${GITHUB_TOKEN}\nsecond-line` },
    ],
  ] as const)('refuses a %s no HTTP header can carry, quoting none of it', async (input, action, inputs) => {
    const outcome = await start(action, { ...(action === 'remove' ? person.remove : {}), ...inputs });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toBe(
      `Input "${input}": holds a line break or another character an HTTP header cannot carry (copied with the end of a line?); store the secret again as the token alone, on one line`,
    );
    expect(outcome.everything).not.toContain('second-line');
    expect(standIn.requests).toEqual([]);
    expect(github.requests).toEqual([]);
  });
});
