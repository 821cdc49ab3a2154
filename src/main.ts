/**
 * The action: read the inputs, offboard (or check) each person or audit the organization,
 * rotate group tokens when asked, report, then fail the step if anything failed.
 */
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import {
  getInputs,
  InvalidInputsError,
  readGitHubToken,
  readTursoToken,
  recordedInputs,
  type Inputs,
} from './inputs/read.ts';
import { organizationApi, type OrganizationApi } from './api/organization.ts';
import { RateLimitPause } from './api/rate-limit-pause.ts';
import { ApiTransport } from './api/transport.ts';
import {
  approvalRefusal,
  describeApprovals,
  refusedResult,
  type ApprovalPolicy,
  type ApprovalRecord,
} from './model/approval.ts';
import type { Log } from './model/log.ts';
import { cancelledAfter, type ModeOutcome, type RunReport } from './model/outcome.ts';
import { isFailure, isProvenRemoval, wouldChange, type PersonResult, type RotationResult } from './model/people.ts';
import {
  isPullRequestEvent,
  pullRequestHead,
  pullRequestNumber,
  readRunContext,
  type RunContext,
} from './model/run-context.ts';
import { changesTurso, eventBranches, keepsDriftIssue, runPolicy, type RunPolicy } from './model/run-policy.ts';
import { RunRecord, type RunProgress } from './model/run-record.ts';
import { createRedactor, type Redactor } from './model/safe-text.ts';
import type { PlanCommentTarget, RunMode, RunSettings } from './model/settings.ts';
import { runDemotion } from './operations/demote-to.ts';
import { readTokenUser } from './operations/directory.ts';
import { runRemoval } from './operations/removal.ts';
import { runRosterAudit } from './operations/roster-audit.ts';
import { rotateGroupTokens } from './operations/rotation.ts';
import { createLog } from './reporting/log.ts';
import { logPersonResult } from './reporting/person-log.ts';
import { writeRecord, type RecordContext } from './reporting/record.ts';
import type { RunGitHub } from './github/index.ts';

function userAgent(run: RunContext): string {
  const origin = run.repository === undefined ? '' : ` (${run.repository}; run ${run.runId ?? 'unknown'})`;
  return `turso-remove-member-action${origin}`;
}

export async function run(): Promise<void> {
  // Known before the inputs are checked, so that even an input error cannot print it.
  const secrets = [readTursoToken(), readGitHubToken()].filter((secret) => secret !== '');
  for (const secret of secrets) core.setSecret(secret);
  const redact = createRedactor(secrets);
  try {
    await offboard(redact);
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

async function offboard(redact: Redactor): Promise<void> {
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
    await checkedRun(startedAt, cancellation.signal, log, redact);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
  // Every result is written: end now rather than sit out a wait Octokit's plugins scheduled
  // (a rate limit, a retry; up to a minute) until the runner kills the job.
  if (cancellation.signal.aborted) process.exit();
}

/** The run, once its inputs and the runner's proxy are checked; a refused run is recorded too. */
async function checkedRun(startedAt: Date, signal: AbortSignal, log: Log, redact: Redactor): Promise<void> {
  const run = readRunContext(process.env);
  let inputs;
  try {
    inputs = getInputs(redact);
  } catch (error) {
    if (!(error instanceof InvalidInputsError)) throw error;
    for (const problem of error.problems) log.error(`Input "${problem.input}": ${problem.message}`);
    const named = [...new Set(error.problems.map((problem) => problem.input))].join(', ');
    const each = error.problems.map((problem) => `Input "${problem.input}": ${problem.message}`).join('; ');
    await refuse(
      `${error.problems.length} input problem(s), in ${named}; nothing was sent to the API: ${each}`,
      `${error.problems.length} input problem(s); nothing was sent to the API`,
      { org: core.getInput('org'), apiUrl: undefined, mode: undefined, policy: undefined, rotateGroupTokens: [] },
      { run, startedAt, log, redact },
    );
    return;
  }

  const proxyProblem = useRunnerProxy(process.env);
  if (proxyProblem !== undefined) {
    const problem = `Nothing was sent to the API: ${proxyProblem}`;
    await refuse(
      problem,
      problem,
      {
        org: inputs.org,
        apiUrl: inputs.apiUrl,
        mode: inputs.mode.kind,
        policy: undefined,
        rotateGroupTokens: inputs.rotateGroupTokens,
      },
      { run, startedAt, log, redact },
    );
    return;
  }
  await removeOrAudit(inputs, run, startedAt, signal, log, redact);
}

/**
 * A run refused before any request: its record holds no one, and `problem`; the step fails
 * with `failure` (the problems themselves are already in the log, each named).
 */
async function refuse(
  problem: string,
  failure: string,
  context: Pick<RecordContext, 'org' | 'apiUrl' | 'mode' | 'policy' | 'rotateGroupTokens'>,
  { run, startedAt, log, redact }: { run: RunContext; startedAt: Date; log: Log; redact: Redactor },
): Promise<void> {
  const lost = await writeRecord(
    { results: [], problem, rotations: [] },
    { ...context, inputs: recordedInputs(), run, startedAt, finishedAt: new Date(), tokenUser: undefined },
    log,
    redact,
  );
  core.setFailed(redact([failure, lost].filter(Boolean).join('; ')));
}

async function removeOrAudit(
  inputs: Inputs,
  run: RunContext,
  startedAt: Date,
  signal: AbortSignal,
  log: Log,
  redact: Redactor,
): Promise<void> {
  // Stopped by the job's cancellation, or by a defect of ours in any part of the work.
  const stop = new AbortController();
  const work = AbortSignal.any([signal, stop.signal]);
  const transport = new ApiTransport(
    {
      apiUrl: inputs.apiUrl,
      token: inputs.token,
      retries: inputs.retries,
      requestTimeoutMs: inputs.requestTimeoutMs,
      concurrency: inputs.concurrency,
      userAgent: userAgent(run),
      signal: work,
    },
    new RateLimitPause(),
    (notice) =>
      log.info(
        `${notice.request}: ${notice.cause}; retry ${notice.retryNumber}/${notice.maxRetries} in ${(notice.waitMs / 1_000).toFixed(1)} s`,
      ),
    (line) => log.debug(line),
  );

  const api = organizationApi(transport, inputs.org);
  // GitHub's client is loaded only by a run whose features need it.
  const github =
    inputs.githubToken === ''
      ? undefined
      : (await import('./github/index.ts')).createGitHub(
          inputs.githubToken,
          log,
          redact,
          work,
          inputs.requestTimeoutMs,
        );
  let approval =
    github === undefined || inputs.approval === 'none'
      ? undefined
      : await readApproval(inputs.approval, inputs.approvalEnvironment, github, run, startedAt, log);
  const payload = readEventPayload();
  let policy = decidePolicy(inputs, run, payload, approval, log);
  const settings: RunSettings = { ...inputs.settings, policy };
  const mode = modeUnder(policy, inputs, run, payload, approval, log);
  const record = new RunRecord();
  // Database tokens are not tied to a user: rotating is the only way to cut off copies.
  const rotating = (results: readonly PersonResult[]) => mode.kind === 'rotate' || results.some(isProvenRemoval);
  let outcome: ModeOutcome | undefined;
  let rotations: RotationResult[] | undefined;
  let unexpected: string | undefined;
  // Whatever is thrown in here, even by a defect of ours, every planned person's result is
  // recorded below, the one place that writes them, once all work has stopped.
  try {
    outcome = await runMode(inputs, mode, settings, api, github, run, work, log, record);
    // An audit refuses a plan its reviewers did not see, once it knows the plan.
    policy = outcome.policy ?? policy;
    if (approval !== undefined && outcome.approvedPlan !== undefined) {
      approval = { ...approval, approvedPlan: outcome.approvedPlan };
    }
    rotations =
      rotating(outcome.results) && changesTurso(policy)
        ? await rotateGroupTokens(inputs.rotateGroupTokens, api, log)
        : [];
  } catch (error) {
    unexpected = error instanceof Error ? error.message : String(error);
    log.error(`Unexpected error: ${error instanceof Error ? (error.stack ?? unexpected) : unexpected}`);
    // The other people's work would go on unrecorded: nothing more is sent, what is under way
    // is abandoned, and the record waits until every request has ended and been told.
    stop.abort(error);
    await transport.settled();
  }
  let results = outcome?.results ?? record.resultsAfter(unexpected ?? '');
  // Each person's result, once settled (after the second read); a refusal below is told once.
  for (const result of results) logPersonResult(result, settings.ifNotMember, log);
  // Nothing new is started after a defect: a rotation that was due is reported as not done.
  rotations ??=
    rotating(results) && changesTurso(policy)
      ? inputs.rotateGroupTokens.map((group) => ({
          group,
          result: 'failed' as const,
          error: 'not rotated: the run stopped on an unexpected error',
        }))
      : [];
  // A refusal stands only where the run would have changed something.
  const refusal =
    policy.kind === 'refused' && (mode.kind === 'rotate' || results.some(wouldChange)) ? policy.reason : undefined;
  if (policy.kind === 'refused' && refusal === undefined) {
    log.info('approval: require refused nothing: this run changes nothing in Turso');
  }
  if (rotating(results) && policy.kind === 'plan-only' && inputs.rotateGroupTokens.length > 0) {
    log.info(`Dry run: the database auth tokens of ${inputs.rotateGroupTokens.join(', ')} would be rotated`);
  }
  let { problem } = outcome ?? {};
  const { plan, driftIssueUrl, planCommentUrl, githubFailures, tokenUser } = outcome ?? {};
  if (refusal !== undefined) {
    // Planned as a dry run, so nothing was sent that changes anything: each person failed.
    results = results.map((result) => refusedResult(result, refusal));
    if (mode.kind === 'rotate') {
      rotations = inputs.rotateGroupTokens.map((group) => ({
        group,
        result: 'failed',
        error: `not rotated: ${refusal}`,
      }));
    }
    problem = `The run was refused, and nothing was changed in Turso: ${refusal}${problem === undefined ? '' : `; ${problem}`}`;
  }
  const report: RunReport = {
    results,
    plan,
    problem,
    rotations,
    driftIssueUrl,
    planCommentUrl,
    githubFailures,
    approval,
    reference: inputs.reference,
    cancelled: signal.aborted,
  };
  const lost = await writeRecord(
    report,
    {
      org: inputs.org,
      apiUrl: inputs.apiUrl,
      mode: mode.kind,
      policy,
      inputs: recordedInputs(),
      run,
      startedAt,
      finishedAt: new Date(),
      tokenUser,
      rotateGroupTokens: inputs.rotateGroupTokens,
    },
    log,
    redact,
  );

  const failures = results.filter((r) => isFailure(r, settings.ifNotMember));
  const failedGroups = rotations.filter((r) => r.result === 'failed').map((r) => r.group);
  const first = failures[0];
  const messages = [
    unexpected === undefined
      ? ''
      : `The run stopped on an unexpected error, with every result known recorded: ${unexpected}`,
    report.cancelled ? cancelledAfter(report) : '',
    problem ?? '',
    failures.length === 1 && first !== undefined
      ? `1 of ${results.length} person(s) not offboarded: ${first.username}: ${first.error ?? first.result}`
      : failures.length > 1
        ? `${failures.length} of ${results.length} people not offboarded: ${failures.map((f) => f.username).join(', ')} (see the errors above)`
        : '',
    failedGroups.length > 0 ? `group tokens not rotated: ${failedGroups.join(', ')}` : '',
    ...(githubFailures ?? []).filter((failure) => failure.failsStep).map((failure) => failure.error),
    lost ?? '',
  ].filter(Boolean);
  if (messages.length > 0) core.setFailed(redact(messages.join('; ')));
}

/** What this run may do, told once: why it only plans, or would be refused. */
function decidePolicy(
  inputs: Inputs,
  run: RunContext,
  payload: unknown,
  approval: ApprovalRecord | undefined,
  log: Log,
): RunPolicy {
  const found = approval === undefined ? undefined : approvalRefusal(approval);
  const policy = runPolicy({
    eventName: run.eventName,
    ...eventBranches(payload),
    dryRun: inputs.dryRun,
    approvalRefusal: found,
  });
  if (found !== undefined && policy.kind === 'plan-only') {
    const would = `A run that changes Turso would be refused: ${found}`;
    if (inputs.dryRun) log.warning(would);
    else log.info(would);
  }
  if (policy.kind === 'plan-only' && policy.by === 'event') {
    log.notice(
      `Nothing is changed in Turso, whatever dry-run says: ${policy.reason}. This run only plans; the run on the merged roster (a push to the default branch, schedule, workflow_dispatch or repository_dispatch on it) carries it out`,
    );
  }
  return policy;
}

/** The mode as the policy allows it: the drift issue only where it is kept, the plan comment on a pull request. */
function modeUnder(
  policy: RunPolicy,
  inputs: Inputs,
  run: RunContext,
  payload: unknown,
  approval: ApprovalRecord | undefined,
  log: Log,
): RunMode {
  const { mode } = inputs;
  if (mode.kind !== 'audit') return mode;
  const keptHere = keepsDriftIssue(policy);
  if (mode.driftIssue !== undefined && !keptHere) {
    log.info('The drift issue is kept by runs on the merged roster, not by this run');
  }
  const planComment = inputs.prComment ? planCommentTarget(run, payload, log) : undefined;
  // A push under approval: require applies only the plan its pull request showed (see model/approved-plan.ts).
  const pullRequest =
    policy.kind === 'apply' && approval?.policy === 'require' && run.eventName === 'push'
      ? approval.pullRequest
      : undefined;
  return {
    ...mode,
    driftIssue: keptHere ? mode.driftIssue : undefined,
    ...(planComment !== undefined && { planComment }),
    ...(pullRequest !== undefined &&
      run.repository !== undefined && { approvedPlanOf: { repository: run.repository, pullRequest } }),
  };
}

/** The event's payload (the file at GITHUB_EVENT_PATH), or undefined when there is none to read. */
function readEventPayload(): unknown {
  try {
    return JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH ?? '', 'utf8'));
  } catch {
    return undefined;
  }
}

/** The pull request to write the plan on, or undefined (with a notice) outside a pull-request run. */
function planCommentTarget(run: RunContext, payload: unknown, log: Log): PlanCommentTarget | undefined {
  if (!isPullRequestEvent(run)) {
    log.notice(
      `pr-comment is ignored on a ${run.eventName ?? 'run without GITHUB_EVENT_NAME'}: the plan is written on pull_request and pull_request_target runs`,
    );
    return undefined;
  }
  const pullRequest = pullRequestNumber(payload);
  if (pullRequest === undefined || run.repository === undefined) {
    log.warning(
      'The plan is not written on the pull request: the event payload (GITHUB_EVENT_PATH) names no pull request, or GITHUB_REPOSITORY is not set. The plan is in the job summary and the plan output',
    );
    return undefined;
  }
  const head = pullRequestHead(payload);
  return { repository: run.repository, pullRequest, ...(head !== undefined && { head }) };
}

/** Who approved the run; a look-up that failed is warned of once, and counts as no approval. */
async function readApproval(
  policy: Exclude<ApprovalPolicy, 'none'>,
  environment: string,
  github: RunGitHub,
  run: RunContext,
  startedAt: Date,
  log: Log,
): Promise<ApprovalRecord> {
  const record = await github.readApprovals(policy, environment, run, startedAt);
  log.info(`Approval: ${describeApprovals(record)}`);
  if (record.unavailable.length > 0) {
    log.warning(`Approval: recorded as unavailable: ${record.unavailable.join('; ')}`);
  }
  return record;
}

/** The work of the run's mode, each person's result told to `progress` as it is known. */
async function runMode(
  inputs: Inputs,
  mode: RunMode,
  settings: RunSettings,
  api: OrganizationApi,
  github: RunGitHub | undefined,
  run: RunContext,
  signal: AbortSignal,
  log: Log,
  progress: RunProgress,
): Promise<ModeOutcome> {
  if (mode.kind === 'audit') {
    const usesGitHub =
      mode.githubTeams.length > 0 ||
      mode.driftIssue !== undefined ||
      mode.planComment !== undefined ||
      mode.approvedPlanOf !== undefined;
    return runRosterAudit(
      mode,
      settings,
      api,
      usesGitHub && github !== undefined ? { client: github, run, reference: inputs.reference } : undefined,
      log,
      progress,
      signal,
    );
  }
  if (mode.kind === 'remove') {
    return mode.demoteTo === undefined
      ? runRemoval(mode, settings, api, log, progress)
      : runDemotion(mode, mode.demoteTo, settings, api, log, progress);
  }
  const tokenUser = await readTokenUser(api, log);
  return { results: [], ...(tokenUser && { tokenUser }) };
}
