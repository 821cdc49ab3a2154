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
 * Octokit rethrows an AbortError as it is, and neither plugin retries one: so a request the run
 * gave up on fails that GitHub step at once.
 */
const abandoned = (why: string) => new DOMException(why, 'AbortError');

/** Read anew each time: a signal can abort while a request is under way. */
const isAborted = (signal: AbortSignal) => signal.aborted;

/**
 * Each request, answer body included, within `requestTimeoutMs` and abandoned when the run is
 * cancelled (`signal`); after the cancel none starts. The body is read here, under the same
 * signal, because Octokit takes a JSON body that breaks off for an empty one: a team page that
 * stalled would read as no members.
 */
function boundedFetch(requestTimeoutMs: number, signal: AbortSignal): typeof fetch {
  const nullBody = new Set([101, 204, 205, 304]);
  return async (input, init) => {
    if (signal.aborted) throw abandoned('the run was cancelled');
    const timeout = AbortSignal.timeout(requestTimeoutMs);
    try {
      const answer = await fetch(input, { ...init, signal: AbortSignal.any([signal, timeout]) });
      const body = await answer.arrayBuffer();
      return new Response(nullBody.has(answer.status) ? null : body, {
        status: answer.status,
        statusText: answer.statusText,
        headers: answer.headers,
      });
    } catch (error) {
      if (isAborted(signal)) throw abandoned('the run was cancelled while this GitHub request was under way');
      if (timeout.aborted) {
        throw abandoned(`GitHub gave no answer within ${requestTimeoutMs / 1_000} s (request-timeout)`);
      }
      throw error;
    }
  };
}

/** `signal` is the run's cancellation; `requestTimeoutMs` the `request-timeout` input. */
export function createGitHubClient(
  token: string,
  log: Log,
  signal: AbortSignal,
  requestTimeoutMs: number,
): GitHubClient {
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
      const retrying = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
      log.info(
        `GitHub ${kind} on ${options.method ?? ''} ${options.url ?? ''}: ${retrying ? `retrying in ${retryAfter} s` : 'giving up'}`,
      );
      return retrying;
    };
  const octokit = getOctokit(
    token,
    {
      // Read at call time, not when the toolkit was first loaded.
      baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      userAgent: 'turso-remove-member-action',
      request: { fetch: boundedFetch(requestTimeoutMs, signal) },
      throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit') },
    },
    throttling,
    retry,
  );
  // Outermost, around the plugins' waits for a rate limit or a retry (up to a minute), which a
  // cancel must not sit out: the request is given up at once, and boundedFetch refuses the
  // attempt the wait would have led to.
  octokit.hook.wrap('request', (request, options) => untilCancelled(Promise.resolve(request(options)), signal));
  return octokit;
}

function untilCancelled<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const giveUp = () => reject(abandoned('the run was cancelled while this GitHub request was under way'));
    if (signal.aborted) giveUp();
    signal.addEventListener('abort', giveUp, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', giveUp));
  });
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
