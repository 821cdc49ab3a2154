/**
 * Lowering roles: each person named in `username` is lowered to `role` (someone changing
 * teams). Only the members are read: invitations and tokens stay,
 * as their person does. Whoever is already at or below the role is `unchanged`; an owner, the
 * user whose token runs the action and a role that cannot be read are never changed.
 */
import type { OrganizationApi } from '../api/organization.ts';
import type { Log } from '../model/log.ts';
import { tokenUserProtection } from '../model/identity.ts';
import type { JobOutcome } from '../model/outcome.ts';
import { claimableEmail } from '../model/ownership.ts';
import { personResult, type PersonParts, type PersonPlan, type PersonResult } from '../model/people.ts';
import { isAbove, roleRank, type AssignableRole } from '../model/roles.ts';
import type { RunProgress } from '../model/run-record.ts';
import type { DemoteJob, RunSettings } from '../model/settings.ts';
import type { TokenUser } from '../model/organization.ts';
import { demotePeople, type PlannedRoleChange } from './role-changes.ts';
import { readOrganization } from './directory.ts';
import { planRemovals } from './removal.ts';
import { verifyResults } from './verification.ts';
import { changesTurso } from '../model/run-policy.ts';

export async function runDemotion(
  job: DemoteJob,
  settings: RunSettings,
  api: OrganizationApi,
  log: Log,
  progress: RunProgress,
): Promise<JobOutcome> {
  const startedAt = new Date();
  const { entries, role: demoteTo } = job;
  log.info(
    `${changesTurso(settings.policy) ? 'Lowering' : 'Checking'} ${entries.length} person(s) to ${demoteTo} in organization ${api.org}`,
  );
  const { directory, tokenUser } = await readOrganization(api, { members: true, invites: false, tokens: false }, log);
  const plans = planRemovals(entries, directory, api.org);
  progress.planned(plans);
  // A role cannot be known, nor a person told absent, from a member list that was not read.
  const { members } = directory;
  const unread = members.kind === 'read' ? undefined : members.kind === 'failed' ? members.problem : 'not listed';
  const decided = plans.map((plan) => decide(plan, demoteTo, api.org, tokenUser, unread));
  for (const result of decided) if ('result' in result) progress.finished(result);
  const changes = decided.filter((d): d is PlannedRoleChange => !('result' in d));
  const lowered = await demotePeople(changes, api, !changesTurso(settings.policy), progress);
  // Only the people lowered are read again (nothing of the others' was sent), and only the members.
  const membersOnly = { ...settings, revokeInvites: false, revokeApiTokens: false, auditLog: false };
  const verified = (await verifyResults(lowered, api, membersOnly, startedAt, log)).values();
  const results = decided.map((d) => ('result' in d ? d : (verified.next().value as PersonResult)));
  return tokenUser === undefined ? { results } : { results, tokenUser };
}

/** The role change to make for a person, or their result when there is none to make. */
function decide(
  plan: PersonPlan,
  demoteTo: AssignableRole,
  org: string,
  tokenUser: TokenUser | undefined,
  /** Why the member list could not be read, if it could not. */
  unread: string | undefined,
): PlannedRoleChange | PersonResult {
  const { username, entries, email, role, membership } = plan;
  const result = (fields: Pick<PersonParts, 'membership' | 'problems'> & Partial<PersonParts>): PersonResult =>
    personResult({
      username,
      entries,
      listedAtStart: membership.kind === 'listed',
      invite: 'skipped',
      tokens: [],
      actions: [],
      verified: 'not-checked',
      ...(email === undefined ? {} : { email }),
      ...(role === undefined ? {} : { role }),
      ...fields,
    });
  const failed = (error: string) =>
    result({
      membership: 'failed',
      problems: { others: [error] },
      ...(role === undefined ? {} : { roleChange: { from: role, to: demoteTo } }),
    });
  if (unread !== undefined) return failed(`the members could not be read, so the role is not changed: ${unread}`);
  if (membership.kind === 'failed') return failed(membership.problem);
  if (membership.kind === 'ask-api' || membership.kind === 'none') {
    const error = membership.kind === 'none' ? membership.reason : `${username} is not listed as a member of ${org}`;
    return result({ membership: 'not-member', problems: { membership: error, others: [] } });
  }
  if (role === undefined || roleRank(role) === undefined) {
    return failed(`role ${role ?? '(none)'} cannot be read, so it is not changed; check it in Turso`);
  }
  if (role === 'owner') {
    return failed(`owner: this action never changes an owner's role; change it in Turso by hand`);
  }
  if (!isAbove(role, demoteTo)) {
    return result({ membership: 'kept', kept: { kind: 'left' }, problems: { others: [] } });
  }
  // Lowering the token's user could break this run and every later one.
  const protectedAs = tokenUserProtection({ username, role, claimable: claimableEmail(plan) }, tokenUser, unread);
  if (protectedAs !== undefined) return failed(`not lowered: ${protectedAs} (it could break this and every later run)`);
  return { username, entries, from: role, to: demoteTo, ...(email === undefined ? {} : { email }) };
}
