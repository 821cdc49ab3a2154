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
  const run = (inputs: Record<string, string>) =>
    runWith({
      inputs: standInInputs(standIn, TOKEN, { ...MEMBERSHIP_ONLY, ...inputs }),
      env: { GITHUB_API_URL: github.url },
    });

  it.each([
    ['retries', '0x3', 'from 0 to 20', 3],
    ['retries', '1e1', 'from 0 to 20', 3],
    ['retries', '+3', 'from 0 to 20', 3],
    ['retries', ' 3', 'from 0 to 20', 3],
    ['retries', '3.0', 'from 0 to 20', 3],
    ['concurrency', '0x10', 'from 1 to 64', 4],
    ['concurrency', '4 ', 'from 1 to 64', 4],
    ['invite-grace-days', '1e1', 'from 0 to 3650', 7],
  ])('refuses %s %j: plain decimal digits only', async (input, value, range, example) => {
    const outcome = await run({ username: 'jane', [input]: value });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toBe(
      `Input "${input}": "${value}" is not a whole number ${range} in plain decimal digits; set it to one, e.g. ${example}`,
    );
    expect(standIn.requests).toEqual([]);
  });

  it.each(['0x3', '1e1', '+3', '0x10%'])('refuses max-removals %j', async (value) => {
    const outcome = await run({ keep: 'jane', 'max-removals': value });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toContain(`Input "max-removals": "${value}" is not a number of deletions`);
    expect(standIn.requests).toEqual([]);
  });

  it('reads numbers in decimal digits, leading zeros included', async () => {
    const outcome = await run({ username: 'jane', retries: '03', concurrency: '16', 'invite-grace-days': '0' });
    expect(outcome.exitCode).toBe(0);
    expect(standIn.requestsTo('DELETE')).toHaveLength(1);
  });

  it('reports every bad number in one run', async () => {
    const outcome = await run({ username: 'jane', retries: '0x3', concurrency: '0x10', 'invite-grace-days': '+7' });
    expect(errors(outcome).map((m) => /^Input "([^"]+)"/.exec(m)?.[1])).toEqual([
      'invite-grace-days',
      'retries',
      'concurrency',
      undefined,
    ]);
    expect(standIn.requests).toEqual([]);
  });

  it.each([
    ['token', { token: `${TOKEN}\nsecond-line` }],
    ['token', { token: `${TOKEN}\r\nsecond-line` }],
    ['token', { token: `${TOKEN}\u0007second-line` }],
    ['token', { token: `${TOKEN}\u0100second-line` }],
    [
      'github-token',
      { username: '', 'keep-github-team': 'acme-gh/engineering', 'github-token': `${GITHUB_TOKEN}\nsecond-line` },
    ],
  ])('refuses a %s no HTTP header can carry, quoting none of it', async (input, inputs) => {
    const outcome = await run({ username: 'jane', ...inputs });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toBe(
      `Input "${input}": holds a line break or another character an HTTP header cannot carry (copied with the end of a line?); store the secret again as the token alone, on one line`,
    );
    expect(outcome.everything).not.toContain('second-line');
    expect(standIn.requests).toEqual([]);
    expect(github.requests).toEqual([]);
  });
});
