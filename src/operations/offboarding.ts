/**
 * Carries out the offboarding of each person: their membership, their pending invitation and the
 * organization API tokens they minted, a person's parts asked for at once (the transport keeps
 * the run's requests to `concurrency` on the wire). Every person ends with exactly one result,
 * whatever happened to the others.
 */
import pLimit from 'p-limit';
import { isTokenNotFound } from '../api/api-tokens.ts';
import { describeFailure } from '../api/describe-failure.ts';
import { isInviteNotFound } from '../api/invites.ts';
import { isNotMemberAnswer } from '../api/members.ts';
import type { OrganizationApi } from '../api/organization.ts';
import { mayHaveTakenEffect, objectFields, type ApiOutcome } from '../api/transport.ts';
import type { FreshRead, ReadBeforeChange } from '../model/fresh-read.ts';
import type { Log } from '../model/log.ts';
import {
  settle,
  type ActionRecord,
  type InviteResult,
  type MembershipResult,
  type PersonPlan,
  type PersonResult,
  type TokenResult,
} from '../model/people.ts';
import type { RunProgress } from '../model/run-record.ts';
import { clip, singleLine } from '../model/safe-text.ts';
import type { RunSettings } from '../model/settings.ts';

interface PartOutcome<R> {
  result: R;
  error?: string;
  warning?: string;
  actions: ActionRecord[];
}

/** The record of one removal, revocation or role change, as it ended. */
export function actionRecord(
  kind: ActionRecord['kind'],
  target: string,
  outcome: ApiOutcome<unknown>,
  meaning: ActionRecord['outcome'],
): ActionRecord {
  const record: ActionRecord = {
    kind,
    target,
    outcome: meaning,
    at: new Date().toISOString(),
    attempts: outcome.attempts,
    mayHaveTakenEffect: mayHaveTakenEffect(outcome),
  };
  const status = outcome.ok ? outcome.status : outcome.failure.kind === 'http' ? outcome.failure.status : undefined;
  if (status !== undefined) record.status = status;
  return record;
}

/**
 * People being offboarded at once: enough to keep the largest `concurrency` busy. Not a limit on
 * requests (the transport's is the only one): the others wait as plans, not as thousands of
 * pending requests that the garbage collector would copy again and again.
 */
const PEOPLE_IN_PROGRESS = 64;

export async function offboardPeople(
  plans: readonly PersonPlan[],
  api: OrganizationApi,
  settings: Pick<RunSettings, 'dryRun'>,
  log: Log,
  progress: RunProgress,
  /** An audit's: each listed member is read again just before anything of theirs is sent. */
  readBefore?: ReadBeforeChange,
): Promise<PersonResult[]> {
  progress.planned(plans);
  const results = await pLimit(PEOPLE_IN_PROGRESS).map(plans, async (plan) => {
    const result =
      readBefore === undefined || settings.dryRun || plan.membership.kind !== 'listed'
        ? await offboardPerson(plan, api, settings.dryRun)
        : await offboardAfterRead(plan, api, readBefore);
    progress.finished(result);
    return result;
  });
  if (results.length > 1 && results.every((r) => r.result === 'not-member')) {
    // Everyone having left already is less likely than a mistyped organization.
    log.warning(
      `None of the ${results.length} usernames is a member of ${api.org}: check that the org input is the right organization slug`,
      'Turso: no members found',
    );
  }
  return results;
}

/**
 * A listed member read again just before their removal: left alone, or the read failed, and
 * nothing of theirs is sent; gone already, and only their invitation and tokens are revoked.
 */
async function offboardAfterRead(
  plan: PersonPlan,
  api: OrganizationApi,
  read: ReadBeforeChange,
): Promise<PersonResult> {
  const fresh = await read(plan.username, { kind: 'remove' }, plan.role ?? '(none)');
  switch (fresh.kind) {
    case 'proceed':
      return offboardPerson({ ...plan, role: fresh.role }, api, false);
    case 'gone':
      return offboardPerson(plan, api, false, fresh.message);
    default:
      return untouched(plan, fresh);
  }
}

/** A member of whom nothing was sent: left alone (`unchanged`), or `failed`, as the read just before found. */
function untouched(plan: PersonPlan, fresh: Extract<FreshRead, { kind: 'leave' | 'failed' }>): PersonResult {
  const left = fresh.kind === 'leave';
  const error = left ? fresh.reason : `not removed: ${fresh.error}`;
  const result: PersonResult = {
    username: plan.username,
    entries: plan.entries,
    listedAtStart: true,
    result: left ? 'unchanged' : 'failed',
    membership: left ? 'kept' : 'failed',
    invite: 'skipped',
    tokens: [],
    error,
    problems: left ? { others: [] } : { membership: error, others: [] },
    actions: [],
    verified: 'not-checked',
  };
  const role = left ? fresh.role : plan.role;
  if (role !== undefined) result.role = role;
  if (plan.email !== undefined) result.email = plan.email;
  if (plan.emailAlsoShownBy !== undefined) result.emailAlsoShownBy = plan.emailAlsoShownBy;
  return result;
}

/** `gone`: the API's "not a member" from the read just before, so no removal is sent. */
async function offboardPerson(
  plan: PersonPlan,
  api: OrganizationApi,
  dryRun: boolean,
  gone?: string,
): Promise<PersonResult> {
  const goneBefore: MembershipOutcome | undefined =
    gone === undefined ? undefined : { result: 'not-member', error: gone, actions: [] };
  const [membership, invite, tokens] = await Promise.all([
    goneBefore ?? membershipPart(plan, api, dryRun),
    invitePart(plan, api, dryRun),
    tokensPart(plan, api, dryRun),
  ]);
  const warnings = [membership.warning, invite.warning].filter((w) => w !== undefined);
  const parts = {
    membership: membership.result,
    invite: invite.result,
    tokens: tokens.tokens,
    problems: {
      ...(membership.error === undefined ? {} : { membership: membership.error }),
      others: [
        invite.result === 'failed' ? `invitation: ${invite.error ?? 'failed'}` : undefined,
        ...tokens.errors,
        plan.unresolved,
      ].filter((e) => e !== undefined),
    },
  };
  const result: PersonResult = {
    username: plan.username,
    entries: plan.entries,
    listedAtStart: plan.membership.kind === 'listed',
    ...settle(parts, dryRun),
    ...parts,
    actions: [...membership.actions, ...invite.actions, ...tokens.actions],
    verified: 'not-checked',
  };
  if (plan.email !== undefined) result.email = plan.email;
  if (plan.emailAlsoShownBy !== undefined) result.emailAlsoShownBy = plan.emailAlsoShownBy;
  const role = membership.role ?? plan.role;
  if (role !== undefined) result.role = role;
  if (membership.member !== undefined) result.member = membership.member;
  if (membership.attempts !== undefined) result.attempts = membership.attempts;
  if (warnings.length > 0) result.warning = warnings.join('; ');
  return result;
}

interface MembershipOutcome extends PartOutcome<MembershipResult> {
  member?: string;
  role?: string;
  attempts?: number;
}

async function membershipPart(plan: PersonPlan, api: OrganizationApi, dryRun: boolean): Promise<MembershipOutcome> {
  const { membership } = plan;
  if (membership.kind === 'none') return { result: 'none', error: membership.reason, actions: [] };
  if (membership.kind === 'failed') return { result: 'failed', error: membership.problem, actions: [] };
  if (dryRun && membership.kind === 'listed') return { result: 'would-remove', actions: [] };
  if (dryRun) {
    const outcome = await api.members.get(plan.username);
    const { attempts } = outcome;
    if (outcome.ok) {
      const role = objectFields(outcome.body?.member)?.role;
      const checked: MembershipOutcome = { result: 'would-remove', attempts, actions: [] };
      if (typeof role === 'string') checked.role = clip(role);
      if (outcome.incomplete !== undefined) checked.warning = `the API found the member, but ${outcome.incomplete}`;
      return checked;
    }
    if (isNotMemberAnswer(outcome.failure)) {
      return { result: 'not-member', error: outcome.failure.message, attempts, actions: [] };
    }
    return { result: 'failed', error: describeFailure(outcome), attempts, actions: [] };
  }
  const outcome = await api.members.remove(plan.username);
  const { attempts } = outcome;
  const record = (meaning: ActionRecord['outcome']) => [actionRecord('membership', plan.username, outcome, meaning)];
  if (outcome.ok) {
    const actions = record('removed');
    if (outcome.incomplete !== undefined) {
      return {
        result: 'removed',
        attempts,
        actions,
        warning: `the API confirmed the removal, but ${outcome.incomplete}`,
      };
    }
    const member = outcome.body?.member;
    // One line: the `member` output lists one member a line.
    if (typeof member === 'string') return { result: 'removed', member: clip(singleLine(member)), attempts, actions };
    return {
      result: 'removed',
      attempts,
      actions,
      warning: `the API confirmed the removal but its answer was not the expected {"member": ...} JSON: ${clip(outcome.rawBody) || '(empty)'}`,
    };
  }
  if (isNotMemberAnswer(outcome.failure)) {
    const error =
      outcome.ambiguousAttempt === undefined
        ? outcome.failure.message
        : `${outcome.failure.message} — but an earlier attempt got no definite answer (${outcome.ambiguousAttempt}), so that attempt may have removed the user, or the user was never a member`;
    return { result: 'not-member', error, attempts, actions: record('not-member') };
  }
  return { result: 'failed', error: describeFailure(outcome), attempts, actions: record('failed') };
}

async function invitePart(plan: PersonPlan, api: OrganizationApi, dryRun: boolean): Promise<PartOutcome<InviteResult>> {
  const { invites } = plan;
  if (invites.kind === 'skipped' || invites.kind === 'unavailable') return { result: invites.kind, actions: [] };
  if (invites.kind === 'failed') return { result: 'failed', error: invites.problem, actions: [] };
  if (invites.emails.length === 0) return { result: 'none', actions: [] };
  if (dryRun) return { result: 'would-revoke', actions: [] };
  const outcomes = await Promise.all(
    invites.emails.map(async (email) => ({ email, outcome: await api.invites.revoke(email) })),
  );
  const actions = outcomes.map(({ email, outcome }) =>
    actionRecord(
      'invitation',
      email,
      outcome,
      outcome.ok ? 'revoked' : isInviteNotFound(outcome.failure) ? 'not-found' : 'failed',
    ),
  );
  const failed = outcomes.find(({ outcome }) => !outcome.ok && !isInviteNotFound(outcome.failure))?.outcome;
  if (failed !== undefined && !failed.ok) return { result: 'failed', error: describeFailure(failed), actions };
  // An invitation that was gone by the time it was revoked is gone all the same.
  return { result: outcomes.some(({ outcome }) => outcome.ok) ? 'revoked' : 'none', actions };
}

async function tokensPart(
  plan: PersonPlan,
  api: OrganizationApi,
  dryRun: boolean,
): Promise<{ tokens: TokenResult[]; errors: string[]; actions: ActionRecord[] }> {
  const { tokens } = plan;
  if (tokens.kind === 'failed') return { tokens: [], errors: [`tokens: ${tokens.problem}`], actions: [] };
  const errors: string[] = [];
  const actions: ActionRecord[] = [];
  const results = await Promise.all(
    tokens.tokens.map(async ({ id, name }): Promise<TokenResult> => {
      if (dryRun) return { id, name, result: 'would-revoke' };
      const outcome = await api.apiTokens.revoke(id);
      const notFound = !outcome.ok && isTokenNotFound(outcome.failure);
      actions.push(actionRecord('token', id, outcome, outcome.ok ? 'revoked' : notFound ? 'not-found' : 'failed'));
      if (outcome.ok) return { id, name, result: 'revoked' };
      // Not this run's revocation, and not a failure if the second read shows it gone.
      if (notFound) return { id, name, result: 'not-found' };
      errors.push(`token ${name}: ${describeFailure(outcome)}`);
      return { id, name, result: 'failed' };
    }),
  );
  return { tokens: results, errors, actions };
}
