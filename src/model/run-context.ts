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
  eventName?: string;
  sha?: string;
  workflow?: string;
  /** 1 for the first attempt of a run, 2 for its first re-run, and so on. */
  runAttempt?: string;
  ref?: string;
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const known = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const context: RunContext = {};
  const repository = known('GITHUB_REPOSITORY');
  const runId = known('GITHUB_RUN_ID');
  const serverUrl = known('GITHUB_SERVER_URL') ?? 'https://github.com';
  if (repository !== undefined) context.repository = repository;
  if (runId !== undefined) context.runId = runId;
  if (repository !== undefined && runId !== undefined) {
    context.runUrl = `${serverUrl.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`;
  }
  const actor = known('GITHUB_ACTOR');
  if (actor !== undefined) context.actor = actor;
  const eventName = known('GITHUB_EVENT_NAME');
  if (eventName !== undefined) context.eventName = eventName;
  const sha = known('GITHUB_SHA');
  if (sha !== undefined) context.sha = sha;
  const workflow = known('GITHUB_WORKFLOW');
  if (workflow !== undefined) context.workflow = workflow;
  const runAttempt = known('GITHUB_RUN_ATTEMPT');
  if (runAttempt !== undefined) context.runAttempt = runAttempt;
  const ref = known('GITHUB_REF');
  if (ref !== undefined) context.ref = ref;
  return context;
}
