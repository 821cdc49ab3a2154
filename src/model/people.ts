/** The people a run offboards: what is planned for each, and what became of it. */
import type { OrganizationToken } from './organization.ts';
import type { AssignableRole } from './roles.ts';
import type { IfNotMember } from './settings.ts';

/**
 * `demoted`, `would-demote`: a role lowered. `unchanged`: already at or below the role asked for,
 * or, in an audit, left alone by the read just before the change (`error` says why).
 */
export type ResultKind =
  'removed' | 'not-member' | 'would-remove' | 'demoted' | 'would-demote' | 'unchanged' | 'failed';
export type InviteResult = 'revoked' | 'none' | 'would-revoke' | 'skipped' | 'unavailable' | 'failed';
/**
 * `removed`: confirmed by Remove Member's own answer, or shown gone by the second read after a
 * request that may have taken effect; `kept`: the membership stays (`PersonParts.kept` says what
 * became of the role).
 */
export type MembershipResult = 'removed' | 'would-remove' | 'not-member' | 'none' | 'kept' | 'failed';

export interface TokenResult {
  id: string;
  name: string;
  /** `not-found`: the API answered "token not found"; the second read decides whether it is gone. */
  result: 'revoked' | 'would-revoke' | 'not-found' | 'failed';
}

/** One request that removed, revoked or lowered something of a person's, as it ended. */
export interface ActionRecord {
  kind: 'membership' | 'invitation' | 'token' | 'role';
  /** The username, email or token id the request named. */
  target: string;
  /** What the API's answer meant. */
  outcome: 'removed' | 'revoked' | 'demoted' | 'not-member' | 'not-found' | 'failed';
  /** The final HTTP status, when the request got one. */
  status?: number;
  /** When the final answer (or failure) came, ISO 8601 UTC. */
  at: string;
  attempts: number;
  /** Answered 2xx, or some attempt ended without a definite answer: it may have been carried out. */
  mayHaveTakenEffect: boolean;
}

/**
 * What a second read of the organization showed: `gone`, `still-listed`, `at-role` (a lowered
 * member listed at the planned role), `not-at-role`, `unverified` (the read failed), or
 * `not-checked` (a dry run, or nothing of the person's may have changed).
 */
export type Verification = 'gone' | 'still-listed' | 'at-role' | 'not-at-role' | 'unverified' | 'not-checked';

/** A member's role to be lowered: the role at the start, the role planned, and the role the run left. */
export interface RoleChangeResult {
  from: string;
  to: AssignableRole;
  /**
   * As the second read showed it, else as Update Member Role answered, or for a member left
   * alone as the read just before the change showed it; absent when unknown.
   */
  after?: string;
}

/** The audit-log entry that records the removal, or why there is none to show. */
export type AuditLogCorroboration = { created_at: string; author: string } | 'none-found' | 'unavailable';

/**
 * What became of a member whose membership the run keeps (`membership: 'kept'`): their role
 * `lowered` (as the API's answer or the second read shows), `would-lower` (a dry run's plan),
 * `not-lowered` (the problems say why), or `left` alone with nothing of theirs sent (the
 * `reason`, unless it is only that their role is already at or below the one asked for).
 */
export type KeptOutcome =
  { kind: 'lowered' } | { kind: 'would-lower' } | { kind: 'not-lowered' } | { kind: 'left'; reason?: string };

/** Everything known of a person but `result` and `error`, which are settled from it (see `personResult`). */
export interface PersonParts {
  /** The Turso username, or the entry as given when no member matched it. */
  username: string;
  /** The `username` entries that named this person, as given; empty in an audit. */
  entries: string[];
  /** Listed as a member when the run started. */
  listedAtStart: boolean;
  email?: string;
  /** Others who show the same email (a shared mailbox): then the email claims nothing of theirs alone. */
  emailAlsoShownBy?: string[];
  /** The `member` value the API returned; set only when the membership was removed. */
  member?: string;
  role?: string;
  membership: MembershipResult;
  /** Set when `membership` is `kept`. */
  kept?: KeptOutcome;
  invite: InviteResult;
  tokens: TokenResult[];
  /** Why each part did not end as hoped. */
  problems: PartProblems;
  /** Why `approval: require` refused the run: nothing was carried out for anyone. */
  refusal?: string;
  /** Attempts of the membership request. */
  attempts?: number;
  /** Something that happened but deserves a second look (e.g. an incomplete answer). */
  warning?: string;
  /** Every removal and revocation sent for this person. */
  actions: ActionRecord[];
  verified: Verification;
  /** Set for a person removed, unless the audit-log check was turned off. */
  auditLog?: AuditLogCorroboration;
  /** Set for a person whose role the run lowers instead of removing them. */
  roleChange?: RoleChangeResult;
  /** The day (YYYY-MM-DD) the roster entry that kept them (at their role) expired, when that is why. */
  rosterExpired?: string;
}

export interface PersonResult extends PersonParts {
  result: ResultKind;
  /** Why the person is not (wholly) offboarded: the API's message, or what went wrong. */
  error?: string;
}

/** What to do about one person, decided from the inputs and the directory. */
export interface PersonPlan {
  username: string;
  /** The `username` entries that named this person, as given; empty in an audit. */
  entries: string[];
  email?: string;
  /** Others who show the same email (a shared mailbox): then the email claims nothing of theirs alone. */
  emailAlsoShownBy?: string[];
  role?: string;
  /**
   * `listed`: a member as listed, removed without asking first; `ask-api`: not found in the
   * list, so Remove Member (Retrieve Member in a dry run) is sent and the API's answer decides;
   * `none`: no membership, and why; `failed`: it could not be found out.
   */
  membership:
    { kind: 'listed' } | { kind: 'ask-api' } | { kind: 'none'; reason: string } | { kind: 'failed'; problem: string };
  invites:
    | { kind: 'skipped' }
    | { kind: 'unavailable' }
    | { kind: 'failed'; problem: string }
    | { kind: 'found'; emails: string[] };
  tokens: { kind: 'failed'; problem: string } | { kind: 'found'; tokens: OrganizationToken[] };
  /**
   * What may be the person's but cannot be told to be (they show no email, and invitations or
   * tokens show only an email no member shows; or their email is also someone else's): a
   * failure, though all that is known to be theirs is still removed.
   */
  unresolved?: string;
}

/** Why each part of a person's offboarding did not end as hoped. */
export interface PartProblems {
  /** The membership's: the API's not-a-member message, or what went wrong. */
  membership?: string;
  /** Each invitation's and token's request that failed, or whose answer confirmed nothing. */
  items?: ItemProblem[];
  /** Everything else: a list that could not be read, what cannot be told to be theirs, what a second read found. */
  others: string[];
}

/** What went wrong with the request for one invitation or token, kept apart so that a second read can settle it. */
export interface ItemProblem {
  kind: 'invitation' | 'token';
  /** The email or token id the request named, as its action record does. */
  target: string;
  problem: string;
}

/**
 * A person's result: their parts, with `result` and `error` settled from them by the one rule
 * (`settle`). The only way a result is made: a person handed in whole is settled again, and no
 * earlier `result` or `error` stays.
 */
export function personResult(parts: PersonParts): PersonResult {
  const own: PersonParts & Partial<Verdict> = { ...parts };
  delete own.result;
  delete own.error;
  return { ...own, ...settle(own) };
}

type Verdict = Pick<PersonResult, 'result' | 'error'>;

const failed = (errors: readonly string[]): Verdict =>
  errors.length === 0 ? { result: 'failed' } : { result: 'failed', error: errors.join('; ') };

/**
 * The rule: a refused run carried out nothing; any problem, or any part that failed, fails the
 * person; a member kept is as their role change ended; else anything of theirs removed or
 * revoked (in a dry run: that would be) makes them removed, and nothing at all makes them not a
 * member.
 */
function settle(parts: PersonParts): Verdict {
  const { membership, invite, tokens, problems } = parts;
  if (parts.refusal !== undefined) return failed([`not carried out: ${parts.refusal}`]);
  const errors = [
    membership === 'failed' ? problems.membership : undefined,
    ...(problems.items ?? []).map((item) => item.problem),
    ...problems.others,
  ].filter((e) => e !== undefined);
  // A part that failed fails the person, even with nothing to say why.
  const partFailed = membership === 'failed' || invite === 'failed' || tokens.some((t) => t.result === 'failed');
  if (errors.length > 0 || partFailed) return failed(errors);
  if (membership === 'kept') return settleKept(parts.kept);
  if (membership === 'removed' || invite === 'revoked' || tokens.some((t) => t.result === 'revoked')) {
    return { result: 'removed' };
  }
  // Only a dry run plans: nothing of theirs is then removed or revoked.
  if (membership === 'would-remove' || invite === 'would-revoke' || tokens.some((t) => t.result === 'would-revoke')) {
    return { result: 'would-remove' };
  }
  return problems.membership === undefined
    ? { result: 'not-member' }
    : { result: 'not-member', error: problems.membership };
}

/** A member kept, without problems, by what became of their role: not told is not lowered. */
function settleKept(kept: KeptOutcome | undefined): Verdict {
  switch (kept?.kind) {
    case 'lowered':
      return { result: 'demoted' };
    case 'would-lower':
      return { result: 'would-demote' };
    case 'left':
      return kept.reason === undefined ? { result: 'unchanged' } : { result: 'unchanged', error: kept.reason };
    case 'not-lowered':
    case undefined:
      return failed([]);
  }
}

/**
 * The person once a second read is in, with each invitation and token that `gone` says the read
 * no longer lists and whose request may have taken effect counted as revoked by this run,
 * whatever its answer said ("not found" after an attempt whose answer was lost, a 5xx, a 2xx
 * that confirmed nothing): that answer's problem goes, and its action is recorded as revoked.
 * Settled again from what is left.
 */
export function withItemsGone(person: PersonResult, gone: (action: ActionRecord) => boolean): PersonResult {
  const done = person.actions.filter(
    (a) =>
      (a.kind === 'invitation' || a.kind === 'token') && a.mayHaveTakenEffect && a.outcome !== 'revoked' && gone(a),
  );
  if (done.length === 0) return person;
  const isDone = (kind: ActionRecord['kind'], target: string) =>
    done.some((a) => a.kind === kind && a.target === target);
  const items = (person.problems.items ?? []).filter((item) => !isDone(item.kind, item.target));
  const invitationDone = done.some((a) => a.kind === 'invitation');
  return personResult({
    ...person,
    invite: !invitationDone ? person.invite : items.some((i) => i.kind === 'invitation') ? 'failed' : 'revoked',
    tokens: person.tokens.map((t) => (isDone('token', t.id) ? { ...t, result: 'revoked' } : t)),
    problems: { ...person.problems, items },
    actions: person.actions.map((a) => (done.includes(a) ? { ...a, outcome: 'revoked' } : a)),
  });
}

/**
 * True when the person's membership was removed, proven or confirmed: `removed` is only ever
 * set by the API's own answer to Remove Member, or by a second read that shows the member gone
 * after a request that may have taken effect. Only such a removal makes group tokens due for rotation.
 */
export const isProvenRemoval = (result: Pick<PersonResult, 'membership'>) => result.membership === 'removed';

/**
 * True when a second read must settle this person: a request of theirs may have changed
 * something, or something of theirs was listed when the run started (a listed member the API
 * called "not a member", an invitation it called "not found": the two sources disagree).
 */
export function needsVerification(result: PersonResult): boolean {
  // Left alone by the read just before the change: nothing of theirs was sent.
  if (result.result === 'unchanged') return false;
  return (
    result.listedAtStart || result.actions.some((action) => action.mayHaveTakenEffect || action.kind !== 'membership')
  );
}

/** A dry run's result that a real run would act on. */
export const wouldChange = (result: Pick<PersonResult, 'result'>) =>
  result.result === 'would-remove' || result.result === 'would-demote';

/** True when this result makes the step fail. */
export function isFailure(result: PersonResult, ifNotMember: IfNotMember): boolean {
  return (
    result.result === 'failed' || (result.result === 'not-member' && notMemberRule(result, ifNotMember) === 'error')
  );
}

/**
 * What if-not-member says of this person: it is about the people a run was asked to offboard by
 * name. An audit names no one, so what it found already gone (an invitation HR deleted while
 * the audit ran) is no reason to fail.
 */
export function notMemberRule(result: Pick<PersonResult, 'entries'>, ifNotMember: IfNotMember): IfNotMember {
  return result.entries.length === 0 ? 'ignore' : ifNotMember;
}

export interface RotationResult {
  group: string;
  result: 'rotated' | 'failed';
  error?: string;
}
