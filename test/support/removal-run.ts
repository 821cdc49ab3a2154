/** A removal of `gone` from the stand-in's `acme`, with a GitHub token, the event and any other runner variables given: how the approval tests run the action. */
import { GITHUB_TOKEN } from './audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from './fixtures.ts';
import { standInInputs, type ActionRun, type ActionRunner } from './run-action.ts';

export function removalOnEvent(
  runWith: ActionRunner,
  stands: { turso: { url: string }; github: { url: string }; token: string },
  inputs: Record<string, string>,
  event: string,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runWith({
    inputs: standInInputs(stands.turso, stands.token, {
      username: 'gone',
      'github-token': GITHUB_TOKEN,
      ...MEMBERSHIP_ONLY,
      ...inputs,
    }),
    env: { GITHUB_API_URL: stands.github.url, GITHUB_EVENT_NAME: event, ...env },
  });
}
