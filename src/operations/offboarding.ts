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
import type { Log } from '../model/log.ts';
import type { InviteResult, MembershipResult, PersonPlan, PersonResult, TokenResult } from '../model/people.ts';
import { clip } from '../model/safe-text.ts';
import type { RunSettings } from '../model/settings.ts';

/** Told of each person's result as soon as it is known. */
export type ResultListener = (result: PersonResult) => void;

interface PartOutcome<R> {
  result: R;
  error?: string;
  warning?: string;
}

export async function offboardPeople(
  plans: readonly PersonPlan[],
  api: OrganizationApi,
  settings: Pick<RunSettings, 'dryRun' | 'concurrency'>,
  log: Log,
  onResult: ResultListener,
): Promise<PersonResult[]> {
  const limit = pLimit(settings.concurrency);
  const results = await Promise.all(
    plans.map(async (plan) => {
      const result = await offboardPerson(plan, api, settings.dryRun, limit);
      onResult(result);
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

  // Something of theirs was removed or revoked (in a dry run: would be).
  const changed = dryRun
    ? membership.result === 'would-remove' ||
      invite.result === 'would-revoke' ||
      tokens.tokens.some((t) => t.result === 'would-revoke')
    : membership.result === 'removed' ||
      invite.result === 'revoked' ||
      tokens.tokens.some((t) => t.result === 'revoked');
  if (errors.length > 0) {
    result.result = 'failed';
    result.error = errors.join('; ');
  } else if (changed) {
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
