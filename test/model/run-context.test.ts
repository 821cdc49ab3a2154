import { describe, expect, it } from 'vitest';
import { isPullRequestEvent, pullRequestNumber, readRunContext } from '../../src/model/run-context.ts';

describe('readRunContext', () => {
  it('reads the run from the runner environment, with its link', () => {
    expect(
      readRunContext({
        GITHUB_REPOSITORY: 'acme/platform',
        GITHUB_RUN_ID: '42',
        GITHUB_SERVER_URL: 'https://ghe.example/',
        GITHUB_ACTOR: 'octocat',
        GITHUB_EVENT_NAME: 'schedule',
        GITHUB_SHA: 'abc123',
        GITHUB_WORKFLOW: 'Offboarding',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_REF: 'refs/heads/main',
      }),
    ).toEqual({
      repository: 'acme/platform',
      runId: '42',
      runUrl: 'https://ghe.example/acme/platform/actions/runs/42',
      actor: 'octocat',
      eventName: 'schedule',
      sha: 'abc123',
      workflow: 'Offboarding',
      runAttempt: '2',
      ref: 'refs/heads/main',
    });
  });

  it('leaves out what a local runner does not set, and makes no link without a run id', () => {
    expect(readRunContext({ GITHUB_REPOSITORY: 'acme/platform', GITHUB_ACTOR: ' ' })).toEqual({
      repository: 'acme/platform',
    });
    expect(readRunContext({})).toEqual({});
  });
});

describe('pullRequestNumber', () => {
  it("reads the number of a pull-request event's pull request", () => {
    expect(pullRequestNumber({ action: 'opened', pull_request: { number: 12 } })).toBe(12);
  });

  it.each([
    null,
    'text',
    {},
    { pull_request: null },
    { pull_request: {} },
    { pull_request: { number: '12' } },
    { pull_request: { number: 0 } },
    { pull_request: { number: 1.5 } },
  ])('finds none in %j', (payload) => {
    expect(pullRequestNumber(payload)).toBeUndefined();
  });
});

describe('isPullRequestEvent', () => {
  it.each([
    ['pull_request', true],
    ['pull_request_target', true],
    ['pull_request_review', true],
    ['pull_request_review_comment', true],
    ['push', false],
    [undefined, false],
  ])('%s: %s', (eventName, expected) => {
    expect(isPullRequestEvent(eventName === undefined ? {} : { eventName })).toBe(expected);
  });
});
