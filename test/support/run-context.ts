import { fileURLToPath } from 'node:url';

/**
 * The run context the tests give the action, as the runner's environment would: a run on the
 * default branch, whose event payload names it (the run policy reads `ref` and
 * `repository.default_branch` there).
 */
export const RUN_CONTEXT = {
  GITHUB_REPOSITORY: 'acme/platform',
  GITHUB_RUN_ID: '4242',
  GITHUB_ACTOR: 'octocat',
  GITHUB_EVENT_NAME: 'workflow_dispatch',
  GITHUB_EVENT_PATH: fileURLToPath(new URL('default-branch-event.json', import.meta.url)),
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_WORKFLOW: 'Offboarding',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_REF: 'refs/heads/main',
};
