/**
 * What every job's floor owes, in the rotate and demote actions as in the others: a run that a
 * defect of ours or a cancellation stops records every result it knows, sends nothing new, and
 * says what it did.
 */
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { errors, results } from '../support/action-results.ts';
import { ANN, BOB, JANE, MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleAndSource, bundleOnly } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'jobs-floor-token-0123456789';
const standIn = useStandIn({
  token: TOKEN,
  orgs: { acme: [JANE, ANN, { ...BOB, role: 'admin' }] },
  groups: { acme: ['alpha', 'beta'] },
});
const DEFECT = fileURLToPath(new URL('../support/defect.ts', import.meta.url));

/** The second rotation is carried out, then its answer meets a defect of ours. */
function defectOnSecondRotation() {
  let rotations = 0;
  standIn.script((r) => r.route === 'rotate' && ++rotations === 2, {
    status: 200,
    headers: { 'x-defect': '1' },
    afterEffect: true,
  });
  return { NODE_OPTIONS: `--import=${DEFECT}`, DEFECT_ANSWER_HEADER: 'x-defect' };
}

bundleOnly('a defect is brought into the process', (runWith) => {
  it.each([
    ['rotate', { groups: 'alpha, beta' }],
    ['remove', { ...MEMBERSHIP_ONLY, username: 'jane', 'rotate-group-tokens': 'alpha, beta' }],
  ] as const)(
    '%s: a defect after one group was rotated keeps that group rotated in the record',
    async (action, inputs) => {
      const outcome = await runWith({
        action,
        inputs: standInInputs(standIn, TOKEN, { ...inputs, concurrency: '1' }),
        env: defectOnSecondRotation(),
      });
      expect(outcome.exitCode).toBe(1);
      expect(outcome.stdout).toContain('Group alpha: database auth tokens rotated');
      expect(outcome.outputs['rotated-groups']).toBe('alpha');
      expect(outcome.evidence?.rotations).toEqual([
        { group: 'alpha', result: 'rotated' },
        {
          group: 'beta',
          result: 'failed',
          error: expect.stringMatching(
            /^no result: the run stopped on an unexpected error \(a defect of the action while sending POST .*\); a rotation sent for it, if any, may have taken effect$/,
          ) as unknown,
        },
      ]);
      expect(errors(outcome).at(-1)).toMatch(/; group tokens not rotated: beta$/);
    },
  );

  it('demote: a defect in one role change records everyone, and sends nothing after it', async () => {
    // Bob's role change cannot even be built; ann's, at concurrency 1 behind nothing, is abandoned.
    const outcome = await runWith({
      action: 'demote',
      inputs: standInInputs(standIn, TOKEN, { username: 'ann, bob', role: 'viewer', concurrency: '1' }),
      env: { NODE_OPTIONS: `--import=${DEFECT}`, DEFECT_SEGMENT: 'bob' },
    });
    expect(outcome.exitCode).toBe(1);
    expect(results(outcome)).toMatchObject([
      {
        username: 'ann',
        result: 'failed',
        verified: 'unverified',
        // Abandoned for the defect, whether or not it had gone out: nobody cancelled the run.
        error: expect.stringMatching(
          /^role not lowered to viewer: (the run stopped on an unexpected error while this request was under way|not attempted: the run stopped on an unexpected error)/,
        ) as unknown,
      },
      {
        username: 'bob',
        result: 'failed',
        error: expect.stringMatching(
          /^no result: the run stopped on an unexpected error \(a defect while building the path for bob\)/,
        ) as unknown,
      },
    ]);
    // Nothing for bob, and no second read: the run stopped at the defect.
    expect(standIn.requests.filter((r) => r.username === 'bob')).toEqual([]);
    expect(standIn.requestsTo('GET').filter((r) => r.route === 'members')).toHaveLength(1);
    expect(errors(outcome).at(-1)).toMatch(
      /^The run stopped on an unexpected error, with every result known recorded: a defect while building the path for bob; 2 of 2 people not lowered: ann, bob/,
    );
  });
});

bundleOnly('cancelling: a signal sent in this process would reach the test runner', (runWith) => {
  it('demote: a cancelled run says how many roles it lowered', async () => {
    const second = standIn.hold({ method: 'PATCH', username: 'bob' });
    const outcome = await runWith({
      action: 'demote',
      inputs: standInInputs(standIn, TOKEN, { username: 'ann, bob', role: 'viewer', concurrency: '1' }),
      interrupt: second.holding(1),
    });
    expect(outcome.exitCode).toBe(1);
    const cancelled = 'The run was cancelled after lowering 1 of 2 person(s); nothing more was sent';
    expect(errors(outcome).at(-1)?.startsWith(`${cancelled}; 1 of 2 person(s) not lowered: bob: `)).toBe(true);
    expect(outcome.summary).toContain(`<p><strong>${cancelled}.</strong></p>`);
  });

  it('rotate: a cancelled run says how many groups it rotated', async () => {
    let rotations = 0;
    const second = standIn.hold((r) => r.route === 'rotate' && ++rotations === 2);
    const outcome = await runWith({
      action: 'rotate',
      inputs: standInInputs(standIn, TOKEN, { groups: 'alpha, beta', concurrency: '1' }),
      interrupt: second.holding(1),
    });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.outputs['rotated-groups']).toBe('alpha');
    const cancelled = 'The run was cancelled after rotating 1 of 2 group(s); nothing more was sent';
    expect(errors(outcome).at(-1)?.startsWith(cancelled)).toBe(true);
    expect(outcome.summary).toContain(`<p><strong>${cancelled}.</strong></p>`);
  });
});

bundleAndSource('the summary counts what each job does', (runWith) => {
  it.each([
    ['rotate', { groups: 'alpha, beta' }, '2 of 2 group(s) rotated.'],
    ['rotate', { groups: 'alpha, beta', 'dry-run': 'true' }, '2 group(s) would be rotated.'],
    ['demote', { username: 'nobody', role: 'viewer' }, '0 of 1 person lowered.'],
    ['demote', { username: 'ann', role: '' }, 'no role was lowered.'],
    ['rotate', { groups: '' }, 'no group was rotated.'],
  ] as const)('%s with %j: "%s"', async (action, inputs, counts) => {
    const outcome = await runWith({ action, inputs: standInInputs(standIn, TOKEN, inputs) });
    expect(outcome.summary).toContain(`<p>Organization <code>acme</code>: ${counts}</p>`);
  });
});
