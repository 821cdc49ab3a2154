/**
 * Carries out the offboarding of each person: their membership, their pending invitation and the
 * organization API tokens they minted, a person's parts asked for at once (the transport keeps
 * the run's requests to `concurrency` on the wire). Every person ends with exactly one result,
 * whatever happened to the others.
 */
import pLimit from 'p-limit';
import { confirmedRevocation, isTokenNotFound } from '../api/api-tokens.ts';
import { describeFailure } from '../api/describe-failure.ts';
import { confirmedInviteDeletion, isInviteNotFound } from '../api/invites.ts';
import { confirmedRemoval, isNotMemberAnswer } from '../api/members.ts';
import type { OrganizationApi } from '../api/organization.ts';
import { mayHaveTakenEffect, objectFields, type ApiOutcome } from '../api/transport.ts';
import type { FreshRead, ReadBeforeChange } from '../model/fresh-read.ts';
import type { Log } from '../model/log.ts';
import {
  personResult,
  type ActionRecord,
  type InviteResult,
  type ItemProblem,
  type MembershipResult,
  type PersonParts,
  type PersonPlan,
  type PersonResult,
  type TokenResult,
} from '../model/people.ts';
import type { RunProgress } from '../model/run-record.ts';
import { clip, singleLine } from '../model/safe-text.ts';
import type { RunSettings } from '../model/settings.ts';
import { changesTurso } from '../model/run-policy.ts';

interface PartOutcome<R> {
  result: R;
  /** Why the part did not end as hoped: the API's message, or what went wrong. */
  problem?: string;
  warning?: string;
  actions: ActionRecord[];
}

/** What a part with one request per item (invitations, tokens) ended with. */
interface ItemsOutcome<R> {
  result: R;
  /** Each failed item's problem. */
  items: ItemProblem[];
  /** A problem of the whole part: its list could not be read. */
  problem?: string;
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
  settings: Pick<RunSettings, 'policy'>,
  progress: RunProgress,
  /** An audit's: each listed member is read again just before anything of theirs is sent. */
  readBefore?: ReadBeforeChange,
): Promise<PersonResult[]> {
  progress.planned(plans);
  const results = await pLimit(PEOPLE_IN_PROGRESS).map(plans, async (plan) => {
    const result =
      readBefore === undefined || !changesTurso(settings.policy) || plan.membership.kind !== 'listed'
        ? await offboardPerson(plan, api, !changesTurso(settings.policy))
        : await offboardAfterRead(plan, api, readBefore);
    progress.finished(result);
    return result;
  });
  return results;
}

/**
 * Warns when no one named is a member, as settled by the second read (a "not a member" it shows
 * to be this run's removal does not count): everyone having left already is less likely than a
 * mistyped organization.
 */
export function warnIfNoneAMember(results: readonly PersonResult[], org: string, log: Log): void {
  if (results.length > 1 && results.every((r) => r.result === 'not-member')) {
    log.warning(
      `None of the ${results.length} usernames is a member of ${org}: check that the org input is the right organization slug`,
      'Turso: no members found',
    );
  }
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
  const outcome: Pick<PersonParts, 'membership' | 'kept' | 'problems'> =
    fresh.kind === 'leave'
      ? { membership: 'kept', kept: { kind: 'left', reason: fresh.reason }, problems: { others: [] } }
      : { membership: 'failed', problems: { membership: `not removed: ${fresh.error}`, others: [] } };
  const result: PersonParts = {
    username: plan.username,
    entries: plan.entries,
    listedAtStart: true,
    ...outcome,
    invite: 'skipped',
    tokens: [],
    actions: [],
    verified: 'not-checked',
  };
  const role = fresh.kind === 'leave' ? fresh.role : plan.role;
  if (role !== undefined) result.role = role;
  if (plan.email !== undefined) result.email = plan.email;
  if (plan.emailAlsoShownBy !== undefined) result.emailAlsoShownBy = plan.emailAlsoShownBy;
  return personResult(result);
}

/** `gone`: the API's "not a member" from the read just before, so no removal is sent. */
async function offboardPerson(
  plan: PersonPlan,
  api: OrganizationApi,
  planOnly: boolean,
  gone?: string,
): Promise<PersonResult> {
  const goneBefore: MembershipOutcome | undefined =
    gone === undefined ? undefined : { result: 'not-member', problem: gone, actions: [] };
  const [membership, invite, tokens] = await Promise.all([
    goneBefore ?? membershipPart(plan, api, planOnly),
    invitePart(plan, api, planOnly),
    tokensPart(plan, api, planOnly),
  ]);
  const result: PersonParts = {
    username: plan.username,
    entries: plan.entries,
    listedAtStart: plan.membership.kind === 'listed',
    membership: membership.result,
    invite: invite.result,
    tokens: tokens.result,
    problems: {
      ...(membership.problem === undefined ? {} : { membership: membership.problem }),
      items: [...invite.items, ...tokens.items],
      others: [invite.problem, tokens.problem, plan.unresolved].filter((e) => e !== undefined),
    },
    actions: [...membership.actions, ...invite.actions, ...tokens.actions],
    verified: 'not-checked',
  };
  if (plan.email !== undefined) result.email = plan.email;
  if (plan.emailAlsoShownBy !== undefined) result.emailAlsoShownBy = plan.emailAlsoShownBy;
  const role = membership.role ?? plan.role;
  if (role !== undefined) result.role = role;
  if (membership.member !== undefined) result.member = membership.member;
  if (membership.attempts !== undefined) result.attempts = membership.attempts;
  if (membership.warning !== undefined) result.warning = membership.warning;
  return personResult(result);
}

interface MembershipOutcome extends PartOutcome<MembershipResult> {
  member?: string;
  role?: string;
  attempts?: number;
}

async function membershipPart(plan: PersonPlan, api: OrganizationApi, planOnly: boolean): Promise<MembershipOutcome> {
  const { membership } = plan;
  if (membership.kind === 'none') return { result: 'none', problem: membership.reason, actions: [] };
  if (membership.kind === 'failed') return { result: 'failed', problem: membership.problem, actions: [] };
  if (planOnly && membership.kind === 'listed') return { result: 'would-remove', actions: [] };
  if (planOnly) {
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
      return { result: 'not-member', problem: outcome.failure.message, attempts, actions: [] };
    }
    return { result: 'failed', problem: describeFailure(outcome), attempts, actions: [] };
  }
  const outcome = await api.members.remove(plan.username);
  const { attempts } = outcome;
  const record = (meaning: ActionRecord['outcome']) => [actionRecord('membership', plan.username, outcome, meaning)];
  if (outcome.ok) {
    const confirmation = confirmedRemoval(outcome);
    if (!confirmation.confirmed) {
      // It may have taken effect: the second read decides (see verification).
      const problem = `removal not confirmed: the API answered ${confirmation.answer}; only a second read that shows the member gone proves it`;
      return { result: 'failed', problem, attempts, actions: record('failed') };
    }
    // One line: the `member` output lists one member a line.
    return { result: 'removed', member: clip(singleLine(confirmation.value)), attempts, actions: record('removed') };
  }
  if (isNotMemberAnswer(outcome.failure)) {
    const problem =
      outcome.ambiguousAttempt === undefined
        ? outcome.failure.message
        : `${outcome.failure.message} — but an earlier attempt got no definite answer (${outcome.ambiguousAttempt}), so that attempt may have removed the user, or the user was never a member`;
    return { result: 'not-member', problem, attempts, actions: record('not-member') };
  }
  return { result: 'failed', problem: describeFailure(outcome), attempts, actions: record('failed') };
}

async function invitePart(
  plan: PersonPlan,
  api: OrganizationApi,
  planOnly: boolean,
): Promise<ItemsOutcome<InviteResult>> {
  const { invites } = plan;
  const nothingSent = (result: InviteResult, problem?: string) => ({
    result,
    items: [],
    actions: [],
    ...(problem === undefined ? {} : { problem: `invitation: ${problem}` }),
  });
  if (invites.kind === 'skipped' || invites.kind === 'unavailable') return nothingSent(invites.kind);
  if (invites.kind === 'failed') return nothingSent('failed', invites.problem);
  if (invites.emails.length === 0) return nothingSent('none');
  if (planOnly) return nothingSent('would-revoke');
  const ended = await Promise.all(
    invites.emails.map(async (email) => {
      const outcome = await api.invites.revoke(email);
      if (outcome.ok) {
        const confirmation = confirmedInviteDeletion(outcome);
        return confirmation.confirmed
          ? { action: actionRecord('invitation', email, outcome, 'revoked') }
          : {
              action: actionRecord('invitation', email, outcome, 'failed'),
              problem: `invitation: revocation not confirmed: the API answered ${confirmation.answer}`,
            };
      }
      // Not this run's revocation, and not a failure if the second read shows it gone.
      if (isInviteNotFound(outcome.failure)) return { action: actionRecord('invitation', email, outcome, 'not-found') };
      return {
        action: actionRecord('invitation', email, outcome, 'failed'),
        problem: `invitation: ${describeFailure(outcome)}`,
      };
    }),
  );
  const actions = ended.map(({ action }) => action);
  const items = itemProblems('invitation', ended);
  const result = items.length > 0 ? 'failed' : actions.some((a) => a.outcome === 'revoked') ? 'revoked' : 'none';
  return { result, items, actions };
}

/** The problems of the items whose request failed. */
function itemProblems(
  kind: ItemProblem['kind'],
  ended: readonly { action: ActionRecord; problem?: string }[],
): ItemProblem[] {
  return ended.flatMap(({ action, problem }) =>
    problem === undefined ? [] : [{ kind, target: action.target, problem }],
  );
}

async function tokensPart(
  plan: PersonPlan,
  api: OrganizationApi,
  planOnly: boolean,
): Promise<ItemsOutcome<TokenResult[]>> {
  const { tokens } = plan;
  if (tokens.kind === 'failed') return { result: [], items: [], problem: `tokens: ${tokens.problem}`, actions: [] };
  const ended = await Promise.all(
    tokens.tokens.map(
      async ({ id, name }): Promise<{ token: TokenResult; action?: ActionRecord; problem?: string }> => {
        if (planOnly) return { token: { id, name, result: 'would-revoke' } };
        const outcome = await api.apiTokens.revoke(id);
        if (outcome.ok) {
          const confirmation = confirmedRevocation(outcome);
          return confirmation.confirmed
            ? { token: { id, name, result: 'revoked' }, action: actionRecord('token', id, outcome, 'revoked') }
            : {
                token: { id, name, result: 'failed' },
                action: actionRecord('token', id, outcome, 'failed'),
                problem: `token ${name}: revocation not confirmed: the API answered ${confirmation.answer}`,
              };
        }
        // Not this run's revocation, and not a failure if the second read shows it gone.
        if (isTokenNotFound(outcome.failure)) {
          return { token: { id, name, result: 'not-found' }, action: actionRecord('token', id, outcome, 'not-found') };
        }
        return {
          token: { id, name, result: 'failed' },
          action: actionRecord('token', id, outcome, 'failed'),
          problem: `token ${name}: ${describeFailure(outcome)}`,
        };
      },
    ),
  );
  const sent = ended.flatMap(({ action, problem }) => (action === undefined ? [] : [{ action, problem }]));
  return {
    result: ended.map(({ token }) => token),
    items: itemProblems('token', sent),
    actions: sent.map(({ action }) => action),
  };
}
