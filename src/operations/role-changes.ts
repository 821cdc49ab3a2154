/**
 * Lowering roles: Update Member Role for each member above the role allowed (by the audit's
 * roster, or by the demote action's `role`), kept to `concurrency` by the transport like every request; and what the second read
 * shows of each. A role is only ever lowered: the plan never holds a change that would raise one.
 */
import { describeFailure } from '../api/describe-failure.ts';
import { confirmedRoleChange, type UpdatedMemberBody } from '../api/members.ts';
import type { OrganizationApi } from '../api/organization.ts';
import type { ApiOutcome } from '../api/transport.ts';
import type { RoleChange } from '../model/audit-plan.ts';
import type { ReadBeforeChange } from '../model/fresh-read.ts';
import type { AssignableRole } from '../model/roles.ts';
import type { Log } from '../model/log.ts';
import { directoryResolver } from '../model/identity.ts';
import type { Directory } from '../model/organization.ts';
import { personResult, type PersonParts, type PersonPlan, type PersonResult } from '../model/people.ts';
import type { RunProgress } from '../model/run-record.ts';
import { actionRecord } from './offboarding.ts';

/** A role change, with the `username` entries that named the person (the demote action; empty in an audit). */
export interface PlannedRoleChange extends RoleChange {
  entries: string[];
}

export async function demotePeople(
  changes: readonly PlannedRoleChange[],
  api: OrganizationApi,
  planOnly: boolean,
  /** Told of each result; the caller has told it of the plans. */
  progress: RunProgress,
  /** An audit's: each member is read again just before their role is changed. */
  readBefore?: ReadBeforeChange,
): Promise<PersonResult[]> {
  return Promise.all(
    changes.map(async (change) => {
      const result =
        readBefore === undefined || planOnly
          ? await demotePerson(change, api, planOnly)
          : await demoteAfterRead(change, api, readBefore);
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

/**
 * A member read again just before their role change: lowered from the role read; else nothing is
 * sent, and they are left alone (`unchanged`), gone (`not-member`), or the read failed.
 */
async function demoteAfterRead(
  change: PlannedRoleChange,
  api: OrganizationApi,
  read: ReadBeforeChange,
): Promise<PersonResult> {
  const { username, from, to } = change;
  const fresh = await read(username, { kind: 'lower', to }, from);
  if (fresh.kind === 'proceed') return demotePerson({ ...change, from: fresh.role }, api, false);
  const planned = plannedParts(change);
  switch (fresh.kind) {
    case 'leave':
      return personResult({
        ...planned,
        kept: { kind: 'left', reason: fresh.reason },
        roleChange: { from, to, after: fresh.role },
      });
    case 'gone':
      // No role change to judge: the second read shows them gone, as any member who left.
      return personResult({
        ...planned,
        membership: 'not-member',
        kept: undefined,
        problems: { membership: fresh.message, others: [] },
        roleChange: undefined,
      });
    case 'failed': {
      const error = `role not lowered to ${to}: ${fresh.error}`;
      return personResult({ ...planned, kept: { kind: 'not-lowered' }, problems: { others: [error] } });
    }
  }
}

/** A role change planned and not yet sent (a dry run's). */
function plannedParts(change: PlannedRoleChange): PersonParts {
  const { username, from, to } = change;
  const planned: PersonParts = {
    username,
    entries: change.entries,
    listedAtStart: true,
    role: from,
    membership: 'kept',
    kept: { kind: 'would-lower' },
    invite: 'skipped',
    tokens: [],
    problems: { others: [] },
    actions: [],
    verified: 'not-checked',
    roleChange: { from, to },
  };
  if (change.email !== undefined) planned.email = change.email;
  return planned;
}

async function demotePerson(change: PlannedRoleChange, api: OrganizationApi, planOnly: boolean): Promise<PersonResult> {
  const { username, from, to } = change;
  const planned = plannedParts(change);
  if (planOnly) return personResult(planned);
  const outcome = await api.members.updateRole(username, to);
  const { attempts } = outcome;
  const error = roleChangeProblem(outcome, username, to);
  if (error === undefined) {
    return personResult({
      ...planned,
      kept: { kind: 'lowered' },
      attempts,
      actions: [actionRecord('role', username, outcome, 'demoted')],
      roleChange: { from, to, after: to },
    });
  }
  return personResult({
    ...planned,
    kept: { kind: 'not-lowered' },
    attempts,
    problems: { others: [error] },
    actions: [actionRecord('role', username, outcome, 'failed')],
  });
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
  const confirmation = confirmedRoleChange(outcome, username, to);
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
  if (members.kind !== 'read') return personResult({ ...result, verified: 'unverified' });
  // Resolved as every name is: a name several members now share shows no one's role.
  const read = directoryResolver(directory).resolveUsername(result.username);
  const listed = read.kind === 'member' ? read.member : undefined;
  const after = listed?.role;
  // A refused request (a definite 4xx), or none sent, cannot have lowered it: someone else did, not this run.
  const refused = !result.actions.some((a) => a.kind === 'role' && (a.outcome !== 'failed' || a.mayHaveTakenEffect));
  if (after === roleChange.to && !refused) {
    // Whatever the request was answered, the read settles it: nothing of that answer stays.
    if (result.error !== undefined) {
      log.info(`${result.username}: lowered to ${after} (verified: the second read lists them at it)`);
    }
    return personResult({
      ...result,
      kept: { kind: 'lowered' },
      verified: 'at-role',
      roleChange: { ...roleChange, after },
      problems: { others: [] },
      actions: result.actions.map((a) => (a.kind === 'role' ? { ...a, outcome: 'demoted' } : a)),
    });
  }
  const held =
    after === undefined
      ? `not listed as a member after the run, so the role ${roleChange.to} cannot be shown`
      : after === roleChange.to
        ? `the second read lists ${result.username} as ${after}, but not lowered by this run: ${result.actions.length === 0 ? 'none was sent' : 'its request was refused'}`
        : `still ${after} after the run (planned: ${roleChange.to})`;
  const others = [...result.problems.others, held];
  return personResult({
    ...result,
    kept: { kind: 'not-lowered' },
    verified: after === roleChange.to ? 'at-role' : 'not-at-role',
    problems: { others },
    roleChange: after === undefined ? { from: roleChange.from, to: roleChange.to } : { ...roleChange, after },
  });
}
