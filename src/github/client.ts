/**
 * The GitHub API client for team rosters and the drift issue: the toolkit's Octokit with
 * Octokit's own throttling and retry plugins, at GITHUB_API_URL (GitHub Enterprise Server
 * included). Loaded only when an audit reads a team or keeps a drift issue.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Log } from '../model/log.ts';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** The longest rate-limit wait worth holding a step for; a longer one fails instead. */
const MAX_RATE_LIMIT_WAIT_S = 60;
const RATE_LIMIT_RETRIES = 3;

/**
 * `signal` is the run's cancellation: after it, no request starts (one under way finishes), and
 * each one that would have is an AbortError, which neither plugin retries.
 */
export function createGitHubClient(token: string, log: Log, signal: AbortSignal): GitHubClient {
  const fetchUnlessCancelled: typeof fetch = (input, init) =>
    signal.aborted ? Promise.reject(new DOMException('the run was cancelled', 'AbortError')) : fetch(input, init);
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
      const retrying = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
      log.info(
        `GitHub ${kind} on ${options.method ?? ''} ${options.url ?? ''}: ${retrying ? `retrying in ${retryAfter} s` : 'giving up'}`,
      );
      return retrying;
    };
  return getOctokit(
    token,
    {
      // Read at call time, not when the toolkit was first loaded.
      baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      userAgent: 'turso-remove-member-action',
      request: { fetch: fetchUnlessCancelled },
      throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit') },
    },
    throttling,
    retry,
  );
}

/** The status of an Octokit request error, or undefined for anything else. */
export function errorStatus(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
