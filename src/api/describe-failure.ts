/** Why a call failed, in words a user can act on. */
import { MAX_RETRY_AFTER_MS } from './retry-policy.ts';
import type { ApiFailure, ApiOutcome } from './transport.ts';

/** A failure in words: what happened, and what the user can do about it. */
export function describeFailure(outcome: ApiOutcome<unknown> & { ok: false }): string {
  const { failure, attempts } = outcome;
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  if (outcome.retryAfterTooLongMs !== undefined) {
    return `the API asked to wait ${Math.ceil(outcome.retryAfterTooLongMs / 1_000)} s before retrying (${httpLabel(failure)}), longer than the ${MAX_RETRY_AFTER_MS / 1_000} s this action waits; run the workflow again later`;
  }
  switch (failure.kind) {
    case 'timeout':
      return `no answer within ${failure.timeoutMs / 1_000} s (request-timeout) after ${tries}`;
    case 'network':
      return `could not reach ${failure.host} (${failure.code}) after ${tries}`;
    case 'cancelled': {
      const stopped = failure.byDefect ? 'the run stopped on an unexpected error' : 'the run was cancelled';
      return failure.sent
        ? `${stopped} while this request was under way; it may or may not have taken effect`
        : `not attempted: ${stopped}`;
    }
    case 'http':
      return describeHttpFailure(failure, tries);
  }
}

function httpLabel(failure: ApiFailure): string {
  return failure.kind === 'http' ? `HTTP ${failure.status}` : failure.kind;
}

function describeHttpFailure(failure: ApiFailure & { kind: 'http' }, tries: string): string {
  const answer = `HTTP ${failure.status}: ${failure.message}`;
  switch (failure.status) {
    case 401:
      return `${answer}. The token is invalid or expired: mint a new one with "turso auth api-tokens mint" and update the secret`;
    case 402:
      return `${answer}. The organization has no active subscription (payment required): check its billing`;
    case 403:
      return `${answer}. Only organization owners and admins can manage members, invitations and tokens: use a token of an owner or admin of this organization`;
  }
  if (failure.status === 404) {
    return `${answer} (${failure.request}). That is not the API's "not a member" answer: check that the org input is the organization's slug (as in "turso org list") and that api-url (${failure.apiUrl}) is the Turso Platform API`;
  }
  if (failure.status >= 300 && failure.status < 400) {
    const target = failure.location === undefined ? '' : ` to ${failure.location}`;
    return `HTTP ${failure.status} redirect${target}. Redirects are not followed, so the token never leaves api-url: set api-url to the API's base URL`;
  }
  if (failure.status >= 500 || failure.status === 408 || failure.status === 429) {
    return `${answer} (after ${tries})`;
  }
  return answer;
}
