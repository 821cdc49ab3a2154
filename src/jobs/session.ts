/**
 * What every job starts from once its inputs are read: the transport and the organization's
 * API, GitHub when a feature of the run uses it, the approvals, and the run policy, decided
 * once for the whole run.
 */
import { readFileSync } from 'node:fs';
import { organizationApi, type OrganizationApi } from '../api/organization.ts';
import { RateLimitPause } from '../api/rate-limit-pause.ts';
import { ApiTransport } from '../api/transport.ts';
import { approvalRefusal, describeApprovals, type ApprovalRecord } from '../model/approval.ts';
import type { Log } from '../model/log.ts';
import type { RunContext } from '../model/run-context.ts';
import { eventBranches, runPolicy, type RunPolicy } from '../model/run-policy.ts';
import type { Redactor } from '../model/safe-text.ts';
import type { ApprovalPolicy, RunInputs } from '../model/settings.ts';
import type { RunGitHub } from '../github/index.ts';

/** Where the run is, who it writes for, and its cancellation. */
export interface RunBase {
  run: RunContext;
  startedAt: Date;
  log: Log;
  redact: Redactor;
  /** The job's cancellation (SIGINT, SIGTERM). */
  cancelled: AbortSignal;
  /** The inputs as given, but the tokens: what the evidence record keeps of them. */
  recordedInputs: Record<string, string>;
}

export interface Session extends RunBase {
  inputs: RunInputs;
  /** Aborts all work: the job's cancellation, or a defect of ours. */
  stop: AbortController;
  work: AbortSignal;
  transport: ApiTransport;
  api: OrganizationApi;
  github: RunGitHub | undefined;
  /** The event's payload (the file at GITHUB_EVENT_PATH), or undefined when there is none to read. */
  payload: unknown;
  approval: ApprovalRecord | undefined;
  policy: RunPolicy;
}

function userAgent(run: RunContext): string {
  const origin = run.repository === undefined ? '' : ` (${run.repository}; run ${run.runId ?? 'unknown'})`;
  return `turso-remove-member-action${origin}`;
}

export async function openSession(inputs: RunInputs, base: RunBase): Promise<Session> {
  const { log, redact, run } = base;
  const stop = new AbortController();
  const work = AbortSignal.any([base.cancelled, stop.signal]);
  const transport = new ApiTransport(
    { ...inputs, userAgent: userAgent(run), signal: work, cancelled: base.cancelled },
    new RateLimitPause(),
    (notice) =>
      log.info(
        `${notice.request}: ${notice.cause}; retry ${notice.retryNumber}/${notice.maxRetries} in ${(notice.waitMs / 1_000).toFixed(1)} s`,
      ),
    (line) => log.debug(line),
  );
  // GitHub's client is loaded only by a run whose features need it (the input reader decides).
  const github =
    inputs.githubToken === ''
      ? undefined
      : (await import('../github/index.ts')).createGitHub(
          inputs.githubToken,
          log,
          redact,
          work,
          inputs.requestTimeoutMs,
        );
  const approval =
    github === undefined || inputs.approval === 'none'
      ? undefined
      : await readApproval(inputs.approval, inputs.approvalEnvironment, github, base);
  const payload = readEventPayload();
  // A report changes nothing whatever the event: it has no run policy to tell.
  const policy = decidePolicy(inputs.dryRun, run, payload, approval, inputs.job.kind === 'report' ? undefined : log);
  return {
    ...base,
    inputs,
    stop,
    work,
    transport,
    api: organizationApi(transport, inputs.org),
    github,
    payload,
    approval,
    policy,
  };
}

function readEventPayload(): unknown {
  try {
    return JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH ?? '', 'utf8'));
  } catch {
    return undefined;
  }
}

/** Who approved the run; a look-up that failed is warned of once, and counts as no approval. */
async function readApproval(
  policy: Exclude<ApprovalPolicy, 'none'>,
  environment: string,
  github: RunGitHub,
  base: RunBase,
): Promise<ApprovalRecord> {
  const record = await github.readApprovals(policy, environment, base.run, base.startedAt);
  base.log.info(`Approval: ${describeApprovals(record)}`);
  if (record.unavailable.length > 0) {
    base.log.warning(`Approval: recorded as unavailable: ${record.unavailable.join('; ')}`);
  }
  return record;
}

/** What this run may do, told once: why it only plans, or would be refused. */
function decidePolicy(
  dryRun: boolean,
  run: RunContext,
  payload: unknown,
  approval: ApprovalRecord | undefined,
  log: Log | undefined,
): RunPolicy {
  const found = approval === undefined ? undefined : approvalRefusal(approval);
  const policy = runPolicy({ eventName: run.eventName, ...eventBranches(payload), dryRun, approvalRefusal: found });
  if (found !== undefined && policy.kind === 'plan-only') {
    const would = `A run that changes Turso would be refused: ${found}`;
    if (dryRun) log?.warning(would);
    else log?.info(would);
  }
  if (policy.kind === 'plan-only' && policy.by === 'event') {
    log?.notice(
      `Nothing is changed in Turso, whatever dry-run says: ${policy.reason}. This run only plans; the run on the merged roster (a push to the default branch, schedule, workflow_dispatch or repository_dispatch on it) carries it out`,
    );
  }
  return policy;
}
