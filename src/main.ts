/**
 * The action: read the job's inputs, open the session it runs in, and run the job; each of the
 * four actions' entries calls `run` with its job.
 */
import * as core from '@actions/core';
import * as http from 'node:http';
import {
  getInputs,
  givenOrg,
  InvalidInputsError,
  readGitHubToken,
  readTursoToken,
  recordedInputs,
} from './inputs/read.ts';
import { readRunContext } from './model/run-context.ts';
import { createRedactor, type Redactor } from './model/safe-text.ts';
import type { JobName, RunInputs } from './model/settings.ts';
import { auditOrganization } from './jobs/audit.ts';
import { lowerRoles } from './jobs/demote.ts';
import { removePeople } from './jobs/remove.ts';
import { reviewAccess } from './jobs/report.ts';
import { rotateGroups } from './jobs/rotate.ts';
import { openSession, type RunBase, type Session } from './jobs/session.ts';
import { createLog } from './reporting/log.ts';
import { writeRecord } from './reporting/record.ts';

export async function run(job: JobName): Promise<void> {
  // Known before the inputs are checked, so that even an input error cannot print it.
  const secrets = [readTursoToken(), readGitHubToken()].filter((secret) => secret !== '');
  for (const secret of secrets) core.setSecret(secret);
  const redact = createRedactor(secrets);
  try {
    await offboard(job, redact);
  } catch (error) {
    // A defect of ours; results already reported stay reported.
    core.setFailed(
      redact(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );
  }
}

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];

/**
 * Honours the runner's proxy variables, as the toolkit's HTTP client does, or says why it
 * cannot: it sets undici's global dispatcher, which the Turso requests and GitHub's fetch use.
 * `http.setGlobalProxyFromEnv` came with Node 24.14, and self-hosted and GHES runners may carry
 * an older 24: without a proxy that does not matter, with one it must not
 * be silently bypassed.
 */
function useRunnerProxy(env: NodeJS.ProcessEnv): string | undefined {
  const set = PROXY_VARIABLES.filter((name) => (env[name] ?? '') !== '');
  if (set.length === 0) return undefined;
  if (!('setGlobalProxyFromEnv' in http) || typeof http.setGlobalProxyFromEnv !== 'function') {
    return `the runner sets ${set.join(', ')}, but Node ${process.version} cannot send requests through a proxy (that needs Node 24.14 or later, with http.setGlobalProxyFromEnv); update the runner's Node 24, or run without a proxy`;
  }
  http.setGlobalProxyFromEnv();
  return undefined;
}

async function offboard(job: JobName, redact: Redactor): Promise<void> {
  const log = createLog(redact);
  const startedAt = new Date();
  // A cancelled job gets SIGINT, then SIGTERM: the first cancels (start nothing new, abandon what
  // is under way); the others must not stop the record of every username's result being written.
  const cancellation = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancellation.signal.aborted) {
      log.warning(`Received ${signal}: the run is cancelled already; ignored until its record is written`);
      return;
    }
    log.warning(`Received ${signal}: the run is cancelled; no further requests are sent`);
    cancellation.abort(signal);
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    const base: RunBase = {
      run: readRunContext(process.env),
      startedAt,
      log,
      redact,
      cancelled: cancellation.signal,
      recordedInputs: recordedInputs(job),
    };
    await checkedRun(job, base);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
  // Every result is written: end now rather than sit out a wait Octokit's plugins scheduled
  // (a rate limit, a retry; up to a minute) until the runner kills the job.
  if (cancellation.signal.aborted) process.exit();
}

/** The job, once its inputs and the runner's proxy are checked; a refused run is recorded too. */
async function checkedRun(job: JobName, base: RunBase): Promise<void> {
  let inputs: RunInputs;
  try {
    inputs = getInputs(job, base.redact);
  } catch (error) {
    if (!(error instanceof InvalidInputsError)) throw error;
    for (const problem of error.problems) base.log.error(`Input "${problem.input}": ${problem.message}`);
    const named = [...new Set(error.problems.map((problem) => problem.input))].join(', ');
    const each = error.problems.map((problem) => `Input "${problem.input}": ${problem.message}`).join('; ');
    await refuse(
      job,
      `${error.problems.length} input problem(s), in ${named}; nothing was sent to the API: ${each}`,
      `${error.problems.length} input problem(s); nothing was sent to the API`,
      { org: givenOrg(), apiUrl: undefined, rotateGroupTokens: [] },
      base,
    );
    return;
  }
  const proxyProblem = useRunnerProxy(process.env);
  if (proxyProblem !== undefined) {
    const problem = `Nothing was sent to the API: ${proxyProblem}`;
    await refuse(job, problem, problem, inputs, base);
    return;
  }
  let session: Session;
  try {
    session = await openSession(inputs, base);
  } catch (error) {
    // A defect of ours before any work: nothing was sent to Turso, and the run is still recorded.
    const message = error instanceof Error ? error.message : String(error);
    base.log.error(`Unexpected error: ${error instanceof Error ? (error.stack ?? message) : message}`);
    const problem = `The run stopped on an unexpected error before any work; nothing was sent to Turso: ${message}`;
    await refuse(job, problem, problem, inputs, base);
    return;
  }
  const asked = inputs.job;
  if (asked.kind === 'remove') await removePeople(session, asked);
  else if (asked.kind === 'audit') await auditOrganization(session, asked);
  else if (asked.kind === 'demote') await lowerRoles(session, asked);
  else if (asked.kind === 'report') await reviewAccess(session, asked);
  else await rotateGroups(session);
}

/**
 * A run refused before any request: its record holds no one, and `problem`; the step fails
 * with `failure` (the problems themselves are already in the log, each named).
 */
async function refuse(
  job: JobName,
  problem: string,
  failure: string,
  given: { org: string; apiUrl: URL | undefined; rotateGroupTokens: readonly string[] },
  { run, startedAt, log, redact, recordedInputs: inputs }: RunBase,
): Promise<void> {
  // A report keeps no evidence record: it changes nothing, and its problems are in the log.
  if (job === 'report') {
    core.setFailed(redact(failure));
    return;
  }
  const lost = await writeRecord(
    { results: [], problem, rotations: [] },
    {
      org: given.org,
      apiUrl: given.apiUrl,
      rotateGroupTokens: given.rotateGroupTokens,
      job,
      policy: undefined,
      inputs,
      run,
      startedAt,
      finishedAt: new Date(),
      tokenUser: undefined,
    },
    log,
    redact,
  );
  core.setFailed(redact([failure, lost].filter(Boolean).join('; ')));
}
