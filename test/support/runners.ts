/**
 * Which runner a scenario of test/action/ gets, said where it is declared (CONTRIBUTING.md, "The
 * test layers").
 *
 * - `bundleAndSource`: what only the shipped artifact can show: action.yml's defaults read
 *   through `INPUT_*`, the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, annotations, escaping and
 *   masking in the real stdout and stderr, the exit code, the environment at start-up, the lazily
 *   loaded GitHub chunk, and one happy path and one failure per action. They run on the bundle
 *   (the entry in dist/ each action.yml names) in a child process, and again on src/main.ts in
 *   this process so that coverage sees them.
 * - `sourceOnly`: the behaviour of src/, which the bundle would only run again, more slowly.
 * - `bundleOnly`: what cannot run in this process (a signal, a global proxy).
 */
import { describe } from 'vitest';
import { runAction, runSource, type ActionRunner } from './run-action.ts';

type Scenarios = (runWith: ActionRunner) => void;

export function bundleAndSource(why: string, scenarios: Scenarios): void {
  describe.each([
    ['bundle', runAction],
    ['source', runSource],
  ] as const)(`%s: ${why}`, (_runner, runWith) => scenarios(runWith));
}

export function sourceOnly(scenarios: Scenarios): void {
  describe('source', () => scenarios(runSource));
}

export function bundleOnly(why: string, scenarios: Scenarios): void {
  describe(`bundle only: ${why}`, () => scenarios(runAction));
}
