/**
 * Where and by whom the step runs, read from the runner's environment. Every part is
 * optional: local runners (act, @github/local-action) and Gitea or Forgejo runners leave some
 * unset, and a missing one must never fail a step whose work is done.
 */
export interface RunContext {
  repository?: string;
  runId?: string;
  /** Link to the run, when the server, repository and run id are all known. */
  runUrl?: string;
  actor?: string;
  /** Who started this attempt: a re-run's is whoever re-ran it (GITHUB_TRIGGERING_ACTOR). */
  triggeringActor?: string;
  eventName?: string;
  sha?: string;
  workflow?: string;
  /** 1 for the first attempt of a run, 2 for its first re-run, and so on. */
  runAttempt?: string;
  ref?: string;
  /** The step's id (`GITHUB_ACTION`): tells two steps of one job apart. */
  step?: string;
}

/** The parts read as they are, each from its runner variable. */
const VARIABLES = {
  repository: 'GITHUB_REPOSITORY',
  runId: 'GITHUB_RUN_ID',
  actor: 'GITHUB_ACTOR',
  triggeringActor: 'GITHUB_TRIGGERING_ACTOR',
  eventName: 'GITHUB_EVENT_NAME',
  sha: 'GITHUB_SHA',
  workflow: 'GITHUB_WORKFLOW',
  runAttempt: 'GITHUB_RUN_ATTEMPT',
  ref: 'GITHUB_REF',
  step: 'GITHUB_ACTION',
} as const satisfies Record<Exclude<keyof RunContext, 'runUrl'>, string>;

export function readRunContext(env: Readonly<Record<string, string | undefined>>): RunContext {
  const known = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const context: RunContext = {};
  for (const [part, name] of Object.entries(VARIABLES) as [keyof typeof VARIABLES, string][]) {
    const value = known(name);
    if (value !== undefined) context[part] = value;
  }
  const { repository, runId } = context;
  if (repository !== undefined && runId !== undefined) {
    const serverUrl = known('GITHUB_SERVER_URL') ?? 'https://github.com';
    context.runUrl = `${serverUrl.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`;
  }
  return context;
}

/** The events whose runs write the plan on their pull request (`pr-comment`). */
const PULL_REQUEST_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
]);

export const isPullRequestEvent = (run: RunContext) => PULL_REQUEST_EVENTS.has(run.eventName ?? '');

/** The pull request's number in a pull-request event's payload (the file at GITHUB_EVENT_PATH). */
/** The pull request's head commit the event names (`pull_request.head.sha`), or undefined. */
export function pullRequestHead(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || !('pull_request' in payload)) return undefined;
  const pr = payload.pull_request;
  if (typeof pr !== 'object' || pr === null || !('head' in pr)) return undefined;
  const head = pr.head;
  if (typeof head !== 'object' || head === null || !('sha' in head)) return undefined;
  return typeof head.sha === 'string' && head.sha !== '' ? head.sha : undefined;
}

export function pullRequestNumber(payload: unknown): number | undefined {
  if (typeof payload !== 'object' || payload === null || !('pull_request' in payload)) return undefined;
  const pr = payload.pull_request;
  if (typeof pr !== 'object' || pr === null || !('number' in pr)) return undefined;
  return typeof pr.number === 'number' && Number.isSafeInteger(pr.number) && pr.number > 0 ? pr.number : undefined;
}
