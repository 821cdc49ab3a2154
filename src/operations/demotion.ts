/**
 * Lowering roles: Update Member Role for each member above the role allowed (by the roster, or by
 * demote-to), kept to `concurrency` by the transport like every request; and what the second read
 * shows of each. A role is only ever lowered: the plan never holds a change that would raise one.
 */
import { describeFailure } from '../api/describe-failure.ts';
import { confirmedRoleChange, type UpdatedMemberBody } from '../api/members.ts';
import type { OrganizationApi } from '../api/organization.ts';
import type { ApiOutcome } from '../api/transport.ts';
import type { RoleChange } from '../model/audit-plan.ts';
import type { AssignableRole } from '../model/roles.ts';
import type { Log } from '../model/log.ts';
import { sameName } from '../model/names.ts';
import type { Directory } from '../model/organization.ts';
import type { PersonPlan, PersonResult } from '../model/people.ts';
import type { RunProgress } from '../model/run-record.ts';
import { actionRecord } from './offboarding.ts';

/** A role change, with the `username` entries that named the person (removal mode; empty in an audit). */
export interface PlannedRoleChange extends RoleChange {
  entries: string[];
}

export async function demotePeople(
  changes: readonly PlannedRoleChange[],
  api: OrganizationApi,
  dryRun: boolean,
  /** Told of each result; the caller has told it of the plans. */
  progress: RunProgress,
): Promise<PersonResult[]> {
  return Promise.all(
    changes.map(async (change) => {
      const result = await demotePerson(change, api, dryRun);
      progress.finished(result);
      return result;
    }),
  );
}

/** A role change as the run record plans people: a listed member, nothing else of theirs touched. */
export function asPersonPlan(change: PlannedRoleChange): PersonPlan {
  const plan: PersonPlan = {
    username: change.username,
    entries: change.entries,
    role: change.from,
    membership: { kind: 'listed' },
    invites: { kind: 'skipped' },
    tokens: { kind: 'found', tokens: [] },
  };
  if (change.email !== undefined) plan.email = change.email;
  return plan;
}

async function demotePerson(change: PlannedRoleChange, api: OrganizationApi, dryRun: boolean): Promise<PersonResult> {
  const { username, from, to } = change;
  const planned: PersonResult = {
    username,
    entries: change.entries,
    listedAtStart: true,
    result: 'would-demote',
    role: from,
    membership: 'kept',
    invite: 'skipped',
    tokens: [],
    problems: { others: [] },
    actions: [],
    verified: 'not-checked',
    roleChange: { from, to },
  };
  if (change.email !== undefined) planned.email = change.email;
  if (dryRun) return planned;
  const outcome = await api.members.updateRole(username, to);
  const { attempts } = outcome;
  const error = roleChangeProblem(outcome, username, to);
  if (error === undefined) {
    return {
      ...planned,
      result: 'demoted',
      attempts,
      actions: [actionRecord('role', username, outcome, 'demoted')],
      roleChange: { from, to, after: to },
    };
  }
  return {
    ...planned,
    result: 'failed',
    attempts,
    error,
    problems: { others: [error] },
    actions: [actionRecord('role', username, outcome, 'failed')],
  };
}

/**
 * Why a role change is not known to be done, or undefined when the API's own answer confirmed
 * it. One that may have taken effect is left to the second read (judgeRoleChange).
 */
function roleChangeProblem(
  outcome: ApiOutcome<UpdatedMemberBody>,
  username: string,
  to: AssignableRole,
): string | undefined {
  if (!outcome.ok) return `role not lowered to ${to}: ${describeFailure(outcome)}`;
  const confirmation = confirmedRoleChange(outcome, to);
  return confirmation.confirmed
    ? undefined
    : `role change to ${to} not confirmed: the API answered ${confirmation.answer}; only a second read that lists ${username} at it proves it`;
}

/**
 * A role change once the second read is in: the member listed at the planned role is `demoted`
 * when this run's request may have done it (an answer, or an ambiguous attempt: setting a role
 * twice is harmless); listed at any other role, not listed, or lowered after a refusal, is
 * `failed`, naming what the read showed.
 */
export function judgeRoleChange(result: PersonResult, directory: Directory, log: Log): PersonResult {
  const { roleChange } = result;
  if (roleChange === undefined) return result;
  const { members } = directory;
  if (members.kind !== 'read') return { ...result, verified: 'unverified' };
  const listed = members.items.find((m) => sameName(m.username, result.username));
  const after = listed?.role;
  // A refused request (a definite 4xx) cannot have lowered it: someone else did, not this run.
  const refused = result.actions.some((a) => a.kind === 'role' && a.outcome === 'failed' && !a.mayHaveTakenEffect);
  if (after === roleChange.to && !refused) {
    // Whatever the request was answered, the read settles it: nothing of that answer stays.
    if (result.error !== undefined) {
      log.info(`${result.username}: lowered to ${after} (verified: the second read lists them at it)`);
    }
    const lowered: PersonResult = {
      ...result,
      result: 'demoted',
      verified: 'at-role',
      roleChange: { ...roleChange, after },
      problems: { others: [] },
      actions: result.actions.map((a) => (a.kind === 'role' ? { ...a, outcome: 'demoted' } : a)),
    };
    delete lowered.error;
    return lowered;
  }
  const held =
    after === undefined
      ? `not listed as a member after the run, so the role ${roleChange.to} cannot be shown`
      : after === roleChange.to
        ? `the second read lists ${result.username} as ${after}, but not lowered by this run: its request was refused`
        : `still ${after} after the run (planned: ${roleChange.to})`;
  log.error(`${result.username}: ${held}`, `Turso: ${result.username}`);
  const others = [...result.problems.others, held];
  return {
    ...result,
    result: 'failed',
    verified: after === roleChange.to ? 'at-role' : 'not-at-role',
    error: others.join('; '),
    problems: { others },
    roleChange: after === undefined ? { from: roleChange.from, to: roleChange.to } : { ...roleChange, after },
  };
}
