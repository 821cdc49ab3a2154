/**
 * The run's record (each person's result in the log, the outputs, the job summary, the evidence
 * file) is written once, after all work has stopped: a defect in one person's work stops the
 * others' requests first; later signals cannot cut it short; annotations tell each person's
 * settled result; an output that cannot be written leaves the others whole; and a run refused
 * for its inputs is recorded too.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { errors, results, warnings } from '../support/action-results.ts';
import { JANE, MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs, type ActionRunner, type RunOptions } from '../support/run-action.ts';
import { bundleAndSource, bundleOnly } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';
import { numberedMembers } from '../stand-in/server.ts';

const TOKEN = 'record-turso-token-0123456789';
/** More people than are offboarded at once (64), so that the last start only as others end. */
const PEOPLE = numberedMembers(66);
const standIn = useStandIn({ token: TOKEN, orgs: { acme: [JANE, ...PEOPLE] } });
const DEFECT = fileURLToPath(new URL('../support/defect.ts', import.meta.url));

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'turso-record-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const offboard = (runWith: ActionRunner, inputs: Record<string, string>, options: Partial<RunOptions> = {}) =>
  runWith({ inputs: standInInputs(standIn, TOKEN, { ...MEMBERSHIP_ONLY, ...inputs }), ...options });

bundleOnly('a defect and signals: a throw and a signal are brought into the process', (runWith) => {
  it('after a defect in one person, sends nothing more and waits for every request under way to end', async () => {
    const first = standIn.hold({ method: 'DELETE', username: 'user000' });
    const others = standIn.hold((r) => r.method === 'DELETE' && r.username !== 'user000');
    const running = offboard(
      runWith,
      // A request-timeout only so that a run that does not abandon the held requests ends.
      { username: PEOPLE.map((p) => p.username).join(','), concurrency: '64', retries: '0', 'request-timeout': '10' },
      // user064 starts once user000 is done, while the 63 others are held: its path throws.
      { env: { NODE_OPTIONS: `--import=${DEFECT}`, DEFECT_SEGMENT: 'user064' } },
    );
    await Promise.all([first.holding(1), others.holding(63)]);
    first.release();
    const outcome = await running;

    expect(outcome.exitCode).toBe(1);
    expect(standIn.requestsTo('DELETE').map((r) => r.username)).toEqual(
      expect.arrayContaining(PEOPLE.slice(0, 64).map((p) => p.username)),
    );
    expect(standIn.requestsTo('DELETE')).toHaveLength(64);
    // The two look-ups; no second read after the defect.
    expect(standIn.requestsTo('GET')).toHaveLength(2);
    expect(standIn.members('acme').map((m) => m.username)).toEqual([JANE, ...PEOPLE.slice(1)].map((m) => m.username));
    const list = results(outcome);
    expect(list[0]).toMatchObject({ username: 'user000', result: 'removed', verified: 'unverified' });
    expect(list.slice(1, 64).map((r) => r.error)).toEqual(
      PEOPLE.slice(1, 64).map(
        () =>
          'the run stopped on an unexpected error while this request was under way; it may or may not have taken effect',
      ),
    );
    expect(list[64]?.error).toMatch(/^no result: the run stopped on an unexpected error \(a defect while building/);
    // Started as user064 failed, just before the run stopped: its request was never sent.
    expect(list[65]).toMatchObject({ username: 'user065', result: 'failed' });
    expect(outcome.outputs['removed-count']).toBe('1');
    expect(errors(outcome).at(-1)).toMatch(
      /^The run stopped on an unexpected error, with every result known recorded: a defect while building the path for user064; 65 of 66 people not offboarded/,
    );
  });

  it('cancels on the first signal, and lets none of the later ones stop the record being written', async () => {
    // The summary is a named pipe: the record cannot be written whole until the test reads it,
    // after the later signals were received.
    const summaryPipe = join(dir, 'summary');
    execFileSync('mkfifo', [summaryPipe]);
    const removalUnderWay = standIn.hold({ method: 'DELETE', username: 'jane' });
    let summary: Promise<string> | undefined;
    let signalled = false;
    const outcome = await offboard(
      runWith,
      { username: 'jane, user000' },
      {
        env: { GITHUB_STEP_SUMMARY: summaryPipe },
        interrupt: removalUnderWay.holding(1),
        watch: (stdout, signal) => {
          if (!signalled && stdout.includes('Received SIGINT: the run is cancelled;')) {
            signalled = true;
            signal('SIGINT');
            signal('SIGTERM');
          }
          const ignored = ['SIGINT', 'SIGTERM'].map((name) => `Received ${name}: the run is cancelled already`);
          if (summary === undefined && ignored.every((line) => stdout.includes(line))) {
            summary = readFile(summaryPipe, 'utf8');
          }
        },
      },
    );
    expect(outcome.exitCode).toBe(1);
    const received = warnings(outcome).filter((w) => w.startsWith('Received'));
    expect(received[0]).toBe('Received SIGINT: the run is cancelled; no further requests are sent');
    expect(received.slice(1).sort()).toEqual([
      'Received SIGINT: the run is cancelled already; ignored until its record is written',
      'Received SIGTERM: the run is cancelled already; ignored until its record is written',
    ]);
    expect(results(outcome).map((r) => r.username)).toEqual(['jane', 'user000']);
    expect(outcome.evidence).toMatchObject({ cancelled: true });
    expect(await summary).toContain('The run was cancelled after offboarding');
  });

  it('fails the step when none of the record could be written', async () => {
    const outcome = await offboard(
      runWith,
      { username: 'jane' },
      {
        env: {
          GITHUB_OUTPUT: '/nonexistent/output',
          GITHUB_STEP_SUMMARY: '/nonexistent/summary.md',
          RUNNER_TEMP: '/nonexistent/runner-temp',
        },
      },
    );
    expect(outcome.exitCode).toBe(1);
    expect(warnings(outcome)).toHaveLength(3);
    expect(errors(outcome)).toEqual([
      "nothing of the run's record could be written (RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY): each person's result is in the log above",
    ]);
    expect(outcome.stdout).toContain('jane: removed');
  });
});

bundleAndSource('the record in the real output, summary and evidence files', (runWith) => {
  it('writes the summary and the evidence when GITHUB_OUTPUT cannot be written, with one warning naming it', async () => {
    const outcome = await offboard(
      runWith,
      { username: 'jane' },
      { env: { GITHUB_OUTPUT: join(dir, 'none', 'output') } },
    );
    expect(outcome.exitCode).toBe(0);
    expect(warnings(outcome)).toEqual([
      expect.stringMatching(/^The step's outputs could not be written: .*none\/output.* \(GITHUB_OUTPUT\)$/),
    ]);
    expect(outcome.summary).toContain('<td>removed</td><td>removed</td>');
    expect(outcome.stdout).toMatch(/Evidence record: .*turso-evidence-acme-/);
  });

  it('annotates each person once their result is settled: no error that the second read superseded', async () => {
    // The removal took effect but its answer was lost to a 502; the second read shows jane gone.
    standIn.script({ method: 'DELETE', username: 'jane' }, { status: 502, afterEffect: true });
    const outcome = await offboard(runWith, { username: 'jane', retries: '0' });
    expect(results(outcome)).toMatchObject([{ username: 'jane', result: 'removed', verified: 'gone' }]);
    expect(outcome.exitCode).toBe(0);
    expect(errors(outcome)).toEqual([]);
  });

  it('records a run refused for its inputs: result failed, a summary naming them, evidence with no one', async () => {
    const outcome = await offboard(runWith, { username: 'jane', retries: 'many', concurrency: '0' });
    expect(outcome.exitCode).toBe(1);
    expect(standIn.requests).toEqual([]);
    expect(outcome.outputs.result).toBe('failed');
    expect(outcome.outputs.results).toBe('[]');
    expect(outcome.summary).toContain(
      'in retries, concurrency; nothing was sent to the API&#58; Input &#34;retries&#34;&#58; &#34;many&#34; is not a whole number',
    );
    expect(outcome.evidence).toMatchObject({
      job: 'remove',
      apiHost: null,
      organization: 'acme',
      people: [],
      problem: expect.stringContaining('Input "retries"') as unknown,
      totals: { people: 0, removed: 0 },
    });
    expect(errors(outcome).at(-1)).toBe('2 input problem(s); nothing was sent to the API');
  });
});
