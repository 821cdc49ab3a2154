/**
 * What this run may do, decided once from the inputs, the event and the approvals; every part
 * of the run (removal, audit, demotion, rotation, the drift issue, the plan comment, the
 * evidence record, the summary) reads it and nothing else.
 *
 * Turso is changed only on events that run a merged roster: an allow-list, so that an event
 * GitHub adds later plans only. A `workflow_call` needs no entry: a called workflow is given
 * its caller's event name.
 */
export type RunPolicy =
  | { kind: 'apply'; reason: string }
  /** `event`: the roster may not be merged; `dry-run`: the input asks for a plan. */
  | { kind: 'plan-only'; by: 'dry-run' | 'event'; reason: string }
  /** `approval: require` found no independent approval: reported as the real run, refused. */
  | { kind: 'refused'; reason: string };

export interface RunFacts {
  /** `GITHUB_EVENT_NAME`. */
  eventName: string | undefined;
  /** The event payload's `ref` and `repository.default_branch`. */
  ref: string | undefined;
  defaultBranch: string | undefined;
  dryRun: boolean;
  /** Why the approvals found refuse a change, if they do. */
  approvalRefusal: string | undefined;
}

/** Events whose roster is the default branch's: GitHub runs them there. */
const ON_DEFAULT_BRANCH = new Set(['schedule', 'repository_dispatch']);
/** Events that run the roster of the ref they name: merged only on the default branch. */
const ON_THEIR_REF = new Set(['push', 'workflow_dispatch']);

export function runPolicy(facts: RunFacts): RunPolicy {
  const unmerged = unmergedRoster(facts);
  if (unmerged !== undefined) return { kind: 'plan-only', by: 'event', reason: unmerged };
  if (facts.dryRun) return { kind: 'plan-only', by: 'dry-run', reason: 'dry-run is true' };
  if (facts.approvalRefusal !== undefined) return { kind: 'refused', reason: facts.approvalRefusal };
  return { kind: 'apply', reason: `a ${facts.eventName ?? ''} run on the merged roster` };
}

/** Why the run's roster may not be merged, or undefined when it is. */
function unmergedRoster({ eventName, ref, defaultBranch }: RunFacts): string | undefined {
  if (eventName === undefined) return 'the run has no GITHUB_EVENT_NAME, so its roster may not be merged';
  if (ON_DEFAULT_BRANCH.has(eventName)) return undefined;
  if (!ON_THEIR_REF.has(eventName)) return `a ${eventName} event runs a roster that may not be merged`;
  if (ref === undefined || defaultBranch === undefined) {
    return `the ${eventName} event's payload (GITHUB_EVENT_PATH) names no ref or no default branch, so its roster may not be merged`;
  }
  return ref === `refs/heads/${defaultBranch}`
    ? undefined
    : `a ${eventName} on ${ref}, not on the default branch ${defaultBranch}: its roster is not merged`;
}

/** Whether anything may be changed in Turso. */
export const changesTurso = (policy: RunPolicy) => policy.kind === 'apply';

/** A run that only plans reports what it would do; a refused run, what it was asked to do. */
export const reportsAsPlan = (policy: RunPolicy) => policy.kind === 'plan-only';

/** The drift issue is kept by runs on the merged roster, dry runs (the nightly monitor) included. */
export const keepsDriftIssue = (policy: RunPolicy) => policy.kind !== 'plan-only' || policy.by === 'dry-run';

/** The event payload's ref and default branch: data from the runner's file, each checked. */
export function eventBranches(payload: unknown): Pick<RunFacts, 'ref' | 'defaultBranch'> {
  const record = (value: unknown) =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const event = record(payload);
  return { ref: text(event?.ref), defaultBranch: text(record(event?.repository)?.default_branch) };
}
