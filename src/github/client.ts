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

export function createGitHubClient(token: string, log: Log): GitHubClient {
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
