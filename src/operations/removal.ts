/**
 * Removes (or, in a dry run, checks) each username, a bounded number at a time. Every username
 * ends with exactly one result, whatever happened to the others.
 */
import pLimit from 'p-limit';
import { describeFailure } from '../api/describe-failure.ts';
import type { MembersClient } from '../api/members.ts';
import type { ApiFailure } from '../api/transport.ts';
import type { IfNotMember } from '../inputs.ts';
import type { Log } from '../reporting/log.ts';

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
  usernames: readonly string[];
  dryRun: boolean;
  ifNotMember: IfNotMember;
  concurrency: number;
}

/** True when this result makes the step fail. */
export function isFailure(result: MemberResult, ifNotMember: IfNotMember): boolean {
  return result.result === 'failed' || (result.result === 'not-member' && ifNotMember === 'error');
}

export async function processUsernames(plan: RemovalPlan, members: MembersClient, log: Log): Promise<MemberResult[]> {
  const limit = pLimit(plan.concurrency);
  return Promise.all(
    plan.usernames.map((username) =>
      limit(async () => {
        const result = plan.dryRun ? await checkMember(members, username) : await removeMember(members, username);
        logResult(result, plan.ifNotMember, log);
        return result;
      }),
    ),
  );
}

async function removeMember(members: MembersClient, username: string): Promise<MemberResult> {
  const outcome = await members.remove(username);
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

async function checkMember(members: MembersClient, username: string): Promise<MemberResult> {
  const outcome = await members.get(username);
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
