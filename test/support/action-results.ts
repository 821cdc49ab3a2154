/** What a run of the action reported, read back from its outputs and annotations. */
import type { ActionRun } from './run-action.ts';

/** One person's entry in the `results` output. */
export interface ResultEntry {
  username: string;
  result: string;
  [field: string]: unknown;
}

/** The `results` output; empty when the run wrote none. */
export function results(outcome: ActionRun): ResultEntry[] {
  return JSON.parse(outcome.outputs.results ?? '[]') as ResultEntry[];
}

/** The `plan` output of an audit; throws when the run wrote none. */
export function plan(outcome: ActionRun): Record<string, unknown> {
  return JSON.parse(outcome.outputs.plan ?? '') as Record<string, unknown>;
}

/** The messages of the error annotations, in order. */
export function errors(outcome: ActionRun): string[] {
  return outcome.annotations.filter((a) => a.level === 'error').map((a) => a.message);
}

/** The messages of the warning annotations, in order. */
export function warnings(outcome: ActionRun): string[] {
  return outcome.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
}
