/**
 * Removes (or, in a dry run, checks) each username, a bounded number at a time. Every username
 * ends with exactly one result, whatever happened to the others.
 */
import pLimit from 'p-limit';
import type { IfNotMember } from './inputs.ts';
import type { Log } from './log.ts';
import { MAX_RETRY_AFTER_MS } from './retry-policy.ts';
import type { ApiFailure, ApiOutcome, TursoApi } from './turso-api.ts';

export type ResultKind = 'removed' | 'not-member' | 'would-remove' | 'failed';

export interface MemberResult {
  username: string;
  result: ResultKind;
  /** The `member` value the API returned for a removal. */
  member?: string;
  role?: string;
  /** Why the user was not removed: the API's message, or what went wrong. */
  error?: string;
  attempts?: number;
  /** A removal that happened but deserves a second look (e.g. an unexpected answer body). */
  warning?: string;
}

export interface RemovalPlan {
  org: string;
  usernames: readonly string[];
  dryRun: boolean;
  ifNotMember: IfNotMember;
  concurrency: number;
}

/** True when this result makes the step fail. */
export function isFailure(result: MemberResult, ifNotMember: IfNotMember): boolean {
  return result.result === 'failed' || (result.result === 'not-member' && ifNotMember === 'error');
}

export async function processUsernames(plan: RemovalPlan, api: TursoApi, log: Log): Promise<MemberResult[]> {
  const limit = pLimit(plan.concurrency);
  return Promise.all(
    plan.usernames.map((username) =>
      limit(async () => {
        const result = plan.dryRun
          ? await checkMember(api, plan.org, username)
          : await removeMember(api, plan.org, username);
        logResult(result, plan.ifNotMember, log);
        return result;
      }),
    ),
  );
}

async function removeMember(api: TursoApi, org: string, username: string): Promise<MemberResult> {
  const outcome = await api.removeMember(org, username);
  const { attempts } = outcome;
  if (outcome.ok) {
    const member = outcome.body?.member;
    if (typeof member === 'string') return { username, result: 'removed', member, attempts };
    return {
      username,
      result: 'removed',
      attempts,
      warning: `the API confirmed the removal but its answer was not the expected {"member": ...} JSON: ${truncate(outcome.rawBody)}`,
    };
  }
  if (isNotMemberAnswer(outcome.failure)) {
    const error =
      outcome.ambiguousAttempt === undefined
        ? outcome.failure.message
        : `${outcome.failure.message} — but an earlier attempt got no definite answer (${outcome.ambiguousAttempt}), so that attempt may have removed the user, or the user was never a member`;
    return { username, result: 'not-member', error, attempts };
  }
  return { username, result: 'failed', error: describeFailure(outcome), attempts };
}

async function checkMember(api: TursoApi, org: string, username: string): Promise<MemberResult> {
  const outcome = await api.getMember(org, username);
  const { attempts } = outcome;
  if (outcome.ok) {
    const role = outcome.body?.member?.role;
    return typeof role === 'string'
      ? { username, result: 'would-remove', role, attempts }
      : { username, result: 'would-remove', attempts };
  }
  if (isNotMemberAnswer(outcome.failure)) {
    return { username, result: 'not-member', error: outcome.failure.message, attempts };
  }
  return { username, result: 'failed', error: describeFailure(outcome), attempts };
}

/**
 * Only the API's own 404 (a JSON error) means "not a member": a 404 page from something else
 * (a wrong api-url, a proxy) must not pass for one, or an audit would quietly remove no one.
 */
function isNotMemberAnswer(failure: ApiFailure): failure is ApiFailure & { kind: 'http' } {
  return failure.kind === 'http' && failure.status === 404 && failure.fromApi;
}

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
      return `could not reach the API (${failure.code}) after ${tries}`;
    case 'cancelled':
      return failure.sent
        ? 'the run was cancelled while this request was under way; it may or may not have taken effect'
        : 'not attempted: the run was cancelled';
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
      return `${answer}. Only organization owners and admins can remove members: use a token of an owner or admin of this organization`;
  }
  if (failure.status === 404) {
    return `${answer}, not the API's "not a member" answer: check that api-url is the Turso Platform API`;
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

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text || '(empty)';
}

function logResult(result: MemberResult, ifNotMember: IfNotMember, log: Log): void {
  const title = `Turso: ${result.username}`;
  switch (result.result) {
    case 'removed':
      log.info(`${result.username}: removed${result.member === undefined ? '' : ` (member: ${result.member})`}`);
      if (result.warning !== undefined) log.warning(`${result.username}: ${result.warning}`, title);
      return;
    case 'would-remove':
      log.info(`${result.username}: would be removed (dry run; role: ${result.role ?? 'unknown'})`);
      return;
    case 'not-member': {
      const message = `${result.username}: not a member: ${result.error ?? ''}`;
      if (ifNotMember === 'error') log.error(message, title);
      else if (ifNotMember === 'warn') log.warning(message, title);
      else log.info(message);
      return;
    }
    case 'failed':
      log.error(`${result.username}: ${result.error ?? 'failed'}`, title);
  }
}
