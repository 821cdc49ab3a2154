/**
 * A defect of ours met while a request is under way (here, in the HTTP client reading the
 * answer) is no network failure: it is never retried, never described as "could not reach",
 * and stops the run as any other defect does, with every result recorded.
 */
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { errors, results } from '../support/action-results.ts';
import { JANE, MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleOnly } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'defect-turso-token-0123456789';
const standIn = useStandIn({ token: TOKEN, orgs: { acme: [JANE] } });
const DEFECT = fileURLToPath(new URL('../support/defect.ts', import.meta.url));

bundleOnly('a defect is brought into the process', (runWith) => {
  it('stops the run on a defect met after the request was sent, naming it, after exactly one attempt', async () => {
    // As many answers as attempts a retry would make: each meets the defect.
    const answer = { status: 200, body: '{"member":"jane"}', headers: { 'x-defect': '1' } };
    standIn.script({ method: 'DELETE' }, answer, answer);
    const outcome = await runWith({
      inputs: standInInputs(standIn, TOKEN, { ...MEMBERSHIP_ONLY, username: 'jane', retries: '1' }),
      env: { NODE_OPTIONS: `--import=${DEFECT}`, DEFECT_ANSWER_HEADER: 'x-defect' },
    });

    expect(outcome.exitCode).toBe(1);
    expect(standIn.requestsTo('DELETE')).toHaveLength(1);
    expect(outcome.stdout).not.toMatch(/retry 1\/1/);
    expect(outcome.stdout).not.toContain('could not reach');
    expect(errors(outcome).at(-1)).toMatch(
      /^The run stopped on an unexpected error, with every result known recorded: a defect of the action while sending DELETE \/v1\/organizations\/acme\/members\/jane: TypeError: a defect while reading the answer header x-defect/,
    );
    expect(results(outcome)).toMatchObject([{ username: 'jane', result: 'failed' }]);
    expect(results(outcome)[0]?.error).toMatch(
      /^no result: the run stopped on an unexpected error \(a defect of the action/,
    );
  });

  it('records a run that stopped on a defect before any work, having sent nothing to Turso', async () => {
    const outcome = await runWith({
      inputs: standInInputs(standIn, TOKEN, { ...MEMBERSHIP_ONLY, username: 'jane' }),
      env: { NODE_OPTIONS: `--import=${DEFECT}`, DEFECT_AT_START: '1' },
    });

    expect(outcome.exitCode).toBe(1);
    expect(standIn.requests).toEqual([]);
    expect(errors(outcome).at(-1)).toBe(
      'The run stopped on an unexpected error before any work; nothing was sent to Turso: a defect while the run was set up',
    );
    expect(outcome.outputs.result).toBe('failed');
    expect(outcome.evidence).toMatchObject({ job: 'remove', people: [] });
    expect(outcome.summary).toContain('a defect while the run was set up');
  });
});
