/**
 * Removes (or, in a dry run, checks) each username, a bounded number at a time. Every username
 * ends with exactly one result, whatever happened to the others.
 */
import pLimit from 'p-limit';
import { describeFailure } from '../api/describe-failure.ts';
import { isNotMemberAnswer, type MembersClient } from '../api/members.ts';
import type { IfNotMember } from '../inputs.ts';
import type { Log } from '../reporting/log.ts';
import { clip } from '../safe-text.ts';

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
  const results = await Promise.all(
    plan.usernames.map((username) =>
      limit(async () => {
        const result = plan.dryRun ? await checkMember(members, username) : await removeMember(members, username);
        logResult(result, plan.ifNotMember, log);
        return result;
      }),
    ),
  );
  if (results.length > 1 && results.every((r) => r.result === 'not-member')) {
    // Everyone having left already is less likely than a mistyped organization.
    log.warning(
      `None of the ${results.length} usernames is a member of ${members.org}: check that the org input is the right organization slug`,
      'Turso: no members found',
    );
  }
  return results;
}

async function removeMember(members: MembersClient, username: string): Promise<MemberResult> {
  const outcome = await members.remove(username);
  const { attempts } = outcome;
  if (outcome.ok) {
    const member = outcome.body?.member;
    if (outcome.incomplete !== undefined) {
      return {
        username,
        result: 'removed',
        attempts,
        warning: `the API confirmed the removal, but ${outcome.incomplete}`,
      };
    }
    if (typeof member === 'string') return { username, result: 'removed', member: clip(member), attempts };
    return {
      username,
      result: 'removed',
      attempts,
      warning: `the API confirmed the removal but its answer was not the expected {"member": ...} JSON: ${clip(outcome.rawBody) || '(empty)'}`,
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
    const result: MemberResult = { username, result: 'would-remove', attempts };
    if (typeof role === 'string') result.role = clip(role);
    if (outcome.incomplete !== undefined) result.warning = `the API found the member, but ${outcome.incomplete}`;
    return result;
  }
  if (isNotMemberAnswer(outcome.failure)) {
    return { username, result: 'not-member', error: outcome.failure.message, attempts };
  }
  return { username, result: 'failed', error: describeFailure(outcome), attempts };
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
      if (result.warning !== undefined) log.warning(`${result.username}: ${result.warning}`, title);
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
