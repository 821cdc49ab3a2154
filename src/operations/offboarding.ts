/**
 * Carries out the offboarding of each person: their membership, their pending invitation and the
 * organization API tokens they minted, every request through one limit of `concurrency`. Every
 * person ends with exactly one result, whatever happened to the others.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { describeFailure } from '../api/describe-failure.ts';
import { isInviteNotFound } from '../api/invites.ts';
import { isNotMemberAnswer } from '../api/members.ts';
import type { OrganizationApi } from '../api/organization.ts';
import type { IfNotMember } from '../inputs.ts';
import type { Log } from '../reporting/log.ts';
import { clip } from '../safe-text.ts';
import type { OrganizationToken } from './directory.ts';

export type ResultKind = 'removed' | 'not-member' | 'would-remove' | 'failed';
export type InviteResult = 'revoked' | 'none' | 'would-revoke' | 'skipped' | 'unavailable' | 'failed';
export type MembershipResult = 'removed' | 'would-remove' | 'not-member' | 'none' | 'failed';

export interface TokenResult {
  id: string;
  name: string;
  result: 'revoked' | 'would-revoke' | 'failed';
}

export interface PersonResult {
  /** The Turso username, or the entry as given when no member matched it. */
  username: string;
  result: ResultKind;
  email?: string;
  /** The `member` value the API returned; set only when the membership was removed. */
  member?: string;
  role?: string;
  membership: MembershipResult;
  invite: InviteResult;
  tokens: TokenResult[];
  /** Why the person is not (wholly) offboarded: the API's message, or what went wrong. */
  error?: string;
  /** Attempts of the membership request. */
  attempts?: number;
  /** Something that happened but deserves a second look (e.g. an incomplete answer). */
  warning?: string;
}

/** What to do about one person, decided from the inputs and the directory. */
export interface PersonPlan {
  username: string;
  email?: string;
  role?: string;
  /**
   * `remove`: send Remove Member (Retrieve Member in a dry run), and let the API's answer decide;
   * `listed`: a member as listed, removed without asking first; `none`: no membership, and why;
   * `failed`: it could not be found out.
   */
  membership:
    { kind: 'remove' } | { kind: 'listed' } | { kind: 'none'; reason: string } | { kind: 'failed'; problem: string };
  invites:
    | { kind: 'skipped' }
    | { kind: 'unavailable' }
    | { kind: 'failed'; problem: string }
    | { kind: 'found'; emails: string[] };
  tokens: { kind: 'failed'; problem: string } | { kind: 'found'; tokens: OrganizationToken[] };
}

export interface OffboardingSettings {
  dryRun: boolean;
  ifNotMember: IfNotMember;
  concurrency: number;
}

/** What either mode is given: how to carry the plans out, and what besides memberships to revoke. */
export interface RunSettings extends OffboardingSettings {
  revokeInvites: boolean;
  revokeApiTokens: boolean;
}

/** True when this result makes the step fail. */
export function isFailure(result: PersonResult, ifNotMember: IfNotMember): boolean {
  return result.result === 'failed' || (result.result === 'not-member' && ifNotMember === 'error');
}

interface PartOutcome<R> {
  result: R;
  error?: string;
  warning?: string;
}

export async function offboardPeople(
  plans: readonly PersonPlan[],
  api: OrganizationApi,
  settings: OffboardingSettings,
  log: Log,
): Promise<PersonResult[]> {
  const limit = pLimit(settings.concurrency);
  const results = await Promise.all(
    plans.map(async (plan) => {
      const result = await offboardPerson(plan, api, settings.dryRun, limit);
      logResult(result, settings.ifNotMember, log);
      return result;
    }),
  );
  if (results.length > 1 && results.every((r) => r.result === 'not-member')) {
    // Everyone having left already is less likely than a mistyped organization.
    log.warning(
      `None of the ${results.length} usernames is a member of ${api.org}: check that the org input is the right organization slug`,
      'Turso: no members found',
    );
  }
  return results;
}

async function offboardPerson(
  plan: PersonPlan,
  api: OrganizationApi,
  dryRun: boolean,
  limit: LimitFunction,
): Promise<PersonResult> {
  const [membership, invite, tokens] = await Promise.all([
    membershipPart(plan, api, dryRun, limit),
    invitePart(plan, api, dryRun, limit),
    tokensPart(plan, api, dryRun, limit),
  ]);
  const result: PersonResult = {
    username: plan.username,
    result: 'not-member',
    membership: membership.result,
    invite: invite.result,
    tokens: tokens.tokens,
  };
  if (plan.email !== undefined) result.email = plan.email;
  const role = membership.role ?? plan.role;
  if (role !== undefined) result.role = role;
  if (membership.member !== undefined) result.member = membership.member;
  if (membership.attempts !== undefined) result.attempts = membership.attempts;

  const errors = [
    membership.result === 'failed' ? membership.error : undefined,
    invite.result === 'failed' ? `invitation: ${invite.error ?? 'failed'}` : undefined,
    ...tokens.errors,
  ].filter((e) => e !== undefined);
  const warnings = [membership.warning, invite.warning].filter((w) => w !== undefined);
  if (warnings.length > 0) result.warning = warnings.join('; ');

  const found = dryRun
    ? membership.result === 'would-remove' ||
      invite.result === 'would-revoke' ||
      tokens.tokens.some((t) => t.result === 'would-revoke')
    : membership.result === 'removed' ||
      invite.result === 'revoked' ||
      tokens.tokens.some((t) => t.result === 'revoked');
  if (errors.length > 0) {
    result.result = 'failed';
    result.error = errors.join('; ');
  } else if (found) {
    result.result = dryRun ? 'would-remove' : 'removed';
  } else if (membership.error !== undefined) {
    result.error = membership.error;
  }
  return result;
}

interface MembershipOutcome extends PartOutcome<MembershipResult> {
  member?: string;
  role?: string;
  attempts?: number;
}

async function membershipPart(
  plan: PersonPlan,
  api: OrganizationApi,
  dryRun: boolean,
  limit: LimitFunction,
): Promise<MembershipOutcome> {
  const { membership } = plan;
  if (membership.kind === 'none') return { result: 'none', error: membership.reason };
  if (membership.kind === 'failed') return { result: 'failed', error: membership.problem };
  if (dryRun && membership.kind === 'listed') return { result: 'would-remove' };
  if (dryRun) {
    const outcome = await limit(() => api.members.get(plan.username));
    const { attempts } = outcome;
    if (outcome.ok) {
      const role = outcome.body?.member?.role;
      const checked: MembershipOutcome = { result: 'would-remove', attempts };
      if (typeof role === 'string') checked.role = clip(role);
      if (outcome.incomplete !== undefined) checked.warning = `the API found the member, but ${outcome.incomplete}`;
      return checked;
    }
    if (isNotMemberAnswer(outcome.failure)) return { result: 'not-member', error: outcome.failure.message, attempts };
    return { result: 'failed', error: describeFailure(outcome), attempts };
  }
  const outcome = await limit(() => api.members.remove(plan.username));
  const { attempts } = outcome;
  if (outcome.ok) {
    if (outcome.incomplete !== undefined) {
      return { result: 'removed', attempts, warning: `the API confirmed the removal, but ${outcome.incomplete}` };
    }
    const member = outcome.body?.member;
    if (typeof member === 'string') return { result: 'removed', member: clip(member), attempts };
    return {
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
    return { result: 'not-member', error, attempts };
  }
  return { result: 'failed', error: describeFailure(outcome), attempts };
}

async function invitePart(
  plan: PersonPlan,
  api: OrganizationApi,
  dryRun: boolean,
  limit: LimitFunction,
): Promise<PartOutcome<InviteResult>> {
  const { invites } = plan;
  if (invites.kind === 'skipped' || invites.kind === 'unavailable') return { result: invites.kind };
  if (invites.kind === 'failed') return { result: 'failed', error: invites.problem };
  if (invites.emails.length === 0) return { result: 'none' };
  if (dryRun) return { result: 'would-revoke' };
  const outcomes = await Promise.all(invites.emails.map((email) => limit(() => api.invites.revoke(email))));
  const failed = outcomes.find((o) => !o.ok && !isInviteNotFound(o.failure));
  if (failed !== undefined && !failed.ok) return { result: 'failed', error: describeFailure(failed) };
  // An invitation that was gone by the time it was revoked is gone all the same.
  return outcomes.some((o) => o.ok) ? { result: 'revoked' } : { result: 'none' };
}

async function tokensPart(
  plan: PersonPlan,
  api: OrganizationApi,
  dryRun: boolean,
  limit: LimitFunction,
): Promise<{ tokens: TokenResult[]; errors: string[] }> {
  const { tokens } = plan;
  if (tokens.kind === 'failed') return { tokens: [], errors: [`tokens: ${tokens.problem}`] };
  const errors: string[] = [];
  const results = await Promise.all(
    tokens.tokens.map(async ({ id, name }): Promise<TokenResult> => {
      if (dryRun) return { id, name, result: 'would-revoke' };
      const outcome = await limit(() => api.apiTokens.revoke(id));
      if (outcome.ok) return { id, name, result: 'revoked' };
      errors.push(`token ${name}: ${describeFailure(outcome)}`);
      return { id, name, result: 'failed' };
    }),
  );
  return { tokens: results, errors };
}

function logResult(result: PersonResult, ifNotMember: IfNotMember, log: Log): void {
  const title = `Turso: ${result.username}`;
  const parts = [
    `membership ${result.membership}`,
    `invitation ${result.invite}`,
    `tokens ${result.tokens.length === 0 ? 'none' : result.tokens.map((t) => `${t.name} ${t.result}`).join(', ')}`,
  ].join('; ');
  if (result.warning !== undefined) log.warning(`${result.username}: ${result.warning}`, title);
  switch (result.result) {
    case 'removed':
      log.info(
        `${result.username}: removed${result.member === undefined ? '' : ` (member: ${result.member})`} (${parts})`,
      );
      return;
    case 'would-remove':
      log.info(`${result.username}: would be removed (dry run; role: ${result.role ?? 'unknown'}; ${parts})`);
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

export interface RotationResult {
  group: string;
  result: 'rotated' | 'failed';
  error?: string;
}

/** Rotates each group's database auth tokens, so that tokens a departed person copied stop working. */
export async function rotateGroupTokens(
  groups: readonly string[],
  api: OrganizationApi,
  log: Log,
): Promise<RotationResult[]> {
  return Promise.all(
    groups.map(async (group) => {
      const outcome = await api.groups.rotateTokens(group);
      if (outcome.ok) {
        log.info(`Group ${group}: database auth tokens rotated`);
        return { group, result: 'rotated' as const };
      }
      const error = describeFailure(outcome);
      log.error(`Group ${group}: tokens not rotated: ${error}`, `Turso: group ${group}`);
      return { group, result: 'failed' as const, error };
    }),
  );
}
