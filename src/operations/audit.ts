/**
 * Membership audit: look up the organization, plan to remove every member who is not on the
 * keep list (owners and unknown roles never), with the pending invitations and the API tokens
 * of people who are not staying, refuse a plan larger than max-removals (a dry run reports it
 * all the same, with a warning), then offboard as the root action does, each member read again just
 * before their change. A list that cannot be read whole refuses the whole audit.
 */
import { describeFailure } from '../api/describe-failure.ts';
import { isNotMemberAnswer, namesAnother } from '../api/members.ts';
import type { OrganizationApi } from '../api/organization.ts';
import { objectFields } from '../api/transport.ts';
import { liveKeep, planAudit, roleChange, rowsWhere, tokenOwnerName, type AuditPlan } from '../model/audit-plan.ts';
import { judgeFreshRead, type ReadBeforeChange } from '../model/fresh-read.ts';
import { directoryResolver, type Resolver } from '../model/identity.ts';
import { unapprovedPlan, type ApprovedPlan } from '../model/approved-plan.ts';
import type { Log } from '../model/log.ts';
import { sameName } from '../model/names.ts';
import { claimableEmail, ownsToken } from '../model/ownership.ts';
import type { Directory, ListedMember, TokenUser } from '../model/organization.ts';
import type { JobOutcome } from '../model/outcome.ts';
import { personResult, type PersonPlan, type PersonResult } from '../model/people.ts';
import { planRefusals, type PlanRefusal } from '../model/plan-refusal.ts';
import type { RunProgress } from '../model/run-record.ts';
import type { RosterEntry } from '../model/roles.ts';
import { clip } from '../model/safe-text.ts';
import type { AuditJob, RunSettings } from '../model/settings.ts';
import { asPersonPlan, demotePeople } from './role-changes.ts';
import { readOrganization, warnInvitesUnavailable } from './directory.ts';
import { offboardPeople } from './offboarding.ts';
import { logPlan } from './plan-log.ts';
import { verifyResults } from './verification.ts';
import { changesTurso } from '../model/run-policy.ts';

/** One person plan for each member removed, and for each other person with an invitation or tokens to revoke. */
export function auditPersonPlans(plan: AuditPlan, directory: Directory): PersonPlan[] {
  const tokens = directory.tokens.kind === 'read' ? directory.tokens.items : [];
  const revokedIds = new Set(rowsWhere(plan, { what: 'token', action: 'revoke' }).map((row) => row.whom.id));
  const revokedTokens = tokens.filter((t) => revokedIds.has(t.id));
  const revokedInvites = rowsWhere(plan, { what: 'invitation', action: 'revoke' }).map((row) => row.whom);
  const resolver = directoryResolver(directory);
  const claimedInvites = new Set<string>();
  const claimedTokens = new Set<string>();
  /**
   * A plan for the person, with what of the audit's plan is theirs: by username, and by their
   * email only when theirs alone; `invitation`, when given, is the one they are planned for.
   */
  const person = (
    username: string,
    email: string | undefined,
    membership: PersonPlan['membership'],
    { role, invitation }: { role?: string; invitation?: string } = {},
  ): PersonPlan => {
    const planned: PersonPlan = {
      username,
      entries: [],
      membership,
      invites: { kind: 'skipped' },
      tokens: { kind: 'found', tokens: [] },
    };
    if (role !== undefined) planned.role = role;
    if (email !== undefined) planned.email = email;
    const others = resolver.othersWithEmail(planned);
    if (others.length > 0) planned.emailAlsoShownBy = others;
    const claimable = claimableEmail(planned);
    if (directory.invites.kind === 'unavailable') planned.invites = { kind: 'unavailable' };
    else if (directory.invites.kind === 'read') {
      const emails =
        invitation === undefined
          ? revokedInvites.filter((e) => !claimedInvites.has(e) && sameName(e, claimable))
          : [invitation];
      for (const e of emails) claimedInvites.add(e);
      planned.invites = { kind: 'found', emails };
    }
    const own = revokedTokens.filter((t) => !claimedTokens.has(t.id) && ownsToken(planned, t, resolver));
    for (const t of own) claimedTokens.add(t.id);
    planned.tokens = { kind: 'found', tokens: own };
    return planned;
  };

  const people: PersonPlan[] = rowsWhere(plan, { action: 'remove' }).map(({ whom }) =>
    person(whom.username, whom.email, { kind: 'listed' }, { role: whom.role }),
  );
  for (const email of revokedInvites) {
    if (claimedInvites.has(email)) continue;
    // A departed member's tokens name them: their invitation and tokens are one person; an
    // email several people show is a person of its own, named by the email.
    const holders = resolver.emailHolders(email);
    const username = holders.length === 1 ? holders[0] : undefined;
    const reason = username === undefined ? 'not a member: a pending invitation only' : 'not a member any more';
    people.push(person(username ?? email, email, { kind: 'none', reason }, { invitation: email }));
  }
  // Everything of one departed person is one plan: the first of their tokens claims the rest.
  for (const token of revokedTokens) {
    if (claimedTokens.has(token.id)) continue;
    people.push(person(tokenOwnerName(token), token.owner?.email, { kind: 'none', reason: 'not a member any more' }));
  }
  return people;
}

/** The GitHub teams' logins, and each as a roster entry with its team's role. */
export interface TeamRoster {
  logins: readonly string[];
  roster: readonly RosterEntry[];
}

export async function runAudit(
  job: AuditJob,
  settings: RunSettings,
  api: OrganizationApi,
  log: Log,
  progress: RunProgress,
  teams: TeamRoster = { logins: [], roster: [] },
  /** A push under `approval: require`: the plan its reviewers approved, or why there is none. */
  approved?: ApprovedPlan | string,
): Promise<JobOutcome> {
  const { org } = api;
  const startedAt = new Date();
  // Today is the run's: the job hands its start down.
  const now = (job.startedAt ?? startedAt).getTime();
  const read = await readWhole(api, settings, log);
  if ('problem' in read) return read;
  const { directory, members, tokenUser } = read;
  const plan = auditPlan(job, teams, directory, members, tokenUser, now);
  logPlan(org, members.length, plan, log);
  const resolver = directoryResolver(directory);
  const refusals = planRefusals(plan, {
    org,
    keep: liveKeep(job.keep, job.roster, now),
    members,
    tokenUser,
    resolver,
    maxRemovals: job.maxRemovals,
  });
  if (refusals[0] !== undefined && changesTurso(settings.policy)) {
    return { plan, results: [], problem: refusals[0].problem, ...(tokenUser && { tokenUser }) };
  }
  const wouldBeRefused = reportRefusals(refusals, log);
  // Refused, the plan is carried out as a dry run, and each person is reported as not done.
  const unapproved =
    approved === undefined || !changesTurso(settings.policy) ? undefined : unapprovedPlan(plan, approved);
  if (unapproved !== undefined) {
    log.warning(`The run is refused: ${unapproved}`, 'Turso audit');
    settings = { ...settings, policy: { kind: 'refused', reason: unapproved } };
  }
  const changed = await applyPlan(plan, directory, tokenUser, api, settings, progress);
  const results = withExpiredEntries(await verifyResults(changed, api, settings, startedAt, log), plan);
  return {
    plan,
    results,
    ...(tokenUser && { tokenUser }),
    ...(wouldBeRefused !== undefined && { wouldBeRefused }),
    ...(unapproved !== undefined && { policy: settings.policy }),
    ...(typeof approved === 'object' && { approvedPlan: approved }),
  };
}

/** The organization, read whole; a list that cannot be read refuses the whole audit. */
async function readWhole(
  api: OrganizationApi,
  settings: RunSettings,
  log: Log,
): Promise<
  | { directory: Directory; members: readonly ListedMember[]; tokenUser: TokenUser | undefined }
  | (JobOutcome & { problem: string })
> {
  const { directory, tokenUser } = await readOrganization(
    api,
    { members: true, invites: settings.revokeInvites, tokens: settings.revokeApiTokens },
    log,
  );
  const refused = [directory.members, directory.invites, directory.tokens].flatMap((l) =>
    l.kind === 'failed' ? [l.problem] : [],
  );
  if (refused.length > 0 || directory.members.kind !== 'read') {
    return {
      results: [],
      problem: `The audit of ${api.org} was refused, and nothing was removed: ${refused.join('; ')}`,
      ...(tokenUser && { tokenUser }),
    };
  }
  if (directory.invites.kind === 'unavailable') warnInvitesUnavailable(directory.invites.reason, log);
  return { directory, members: directory.members.items, tokenUser };
}

/** The plan carried out under the run's policy: removals and revocations, and role changes, at once. */
async function applyPlan(
  plan: AuditPlan,
  directory: Directory,
  tokenUser: TokenUser | undefined,
  api: OrganizationApi,
  settings: RunSettings,
  progress: RunProgress,
): Promise<PersonResult[]> {
  const changes = rowsWhere(plan, { action: 'demote' }).map((row) => ({ ...roleChange(row), entries: [] }));
  progress.planned(changes.map(asPersonPlan));
  const readBefore = readBeforeChange(api, tokenUser, directoryResolver(directory));
  const [offboarded, demoted] = await Promise.all([
    offboardPeople(auditPersonPlans(plan, directory), api, settings, progress, readBefore),
    demotePeople(changes, api, !changesTurso(settings.policy), progress, readBefore),
  ]);
  return [...offboarded, ...demoted];
}

/** Each person removed or lowered because a roster entry expired, with the day it did. */
function withExpiredEntries(results: PersonResult[], plan: AuditPlan): PersonResult[] {
  const expired = new Map(
    rowsWhere(plan, { what: 'member' }).flatMap((row) =>
      'expired' in row && row.expired !== undefined ? [[row.whom.username, row.expired] as const] : [],
    ),
  );
  return results.map((result) => {
    const day = expired.get(result.username);
    return day === undefined ? result : personResult({ ...result, rosterExpired: day });
  });
}

/** The audit's plan, from the organization as read, the keep list and the roster's teams, on the day of `now`. */
function auditPlan(
  job: AuditJob,
  teams: TeamRoster,
  directory: Directory,
  members: readonly ListedMember[],
  tokenUser: TokenUser | undefined,
  now: number,
): AuditPlan {
  return planAudit(
    members,
    [...new Set([...job.keep, ...teams.logins])],
    directory.invites.kind === 'read' ? directory.invites.items : [],
    directory.tokens.kind === 'read' ? directory.tokens.items : [],
    {
      teamLogins: teams.logins,
      inviteGraceDays: job.inviteGraceDays,
      now,
      roster: [...job.roster, ...teams.roster],
      resolver: directoryResolver(directory),
      ...(tokenUser && { tokenUser }),
    },
  );
}

/**
 * A run that only plans is a report: it shows what a real run would do, and warns of each
 * refusal a real run would meet; what it says of them (the plan comment shows it), if any.
 */
function reportRefusals(refusals: readonly PlanRefusal[], log: Log): string | undefined {
  for (const { warning } of refusals) log.warning(warning, 'Turso audit');
  return refusals.length === 0 ? undefined : refusals.map((r) => r.wouldBe).join('; ');
}

/**
 * Retrieve Member, just before a member's removal or role change: the plan was made from a list
 * that may be stale (see model/fresh-read.ts). Only a readable member is judged; the API's own
 * "not a member" means gone, and any other answer is the person's failure.
 */
export function readBeforeChange(
  api: OrganizationApi,
  tokenUser: TokenUser | undefined,
  resolver: Resolver,
): ReadBeforeChange {
  return async (username, change, listedRole) => {
    const outcome = await api.members.get(username);
    if (!outcome.ok) {
      if (isNotMemberAnswer(outcome.failure)) return { kind: 'gone', message: outcome.failure.message };
      // A read cannot have changed anything, whenever the cancel came.
      if (outcome.failure.kind === 'cancelled')
        return { kind: 'failed', error: 'the run was cancelled; nothing was sent' };
      return { kind: 'failed', error: `the read just before the change failed: ${describeFailure(outcome)}` };
    }
    const member = objectFields(outcome.body?.member);
    const { role, email } = member ?? {};
    if (outcome.incomplete !== undefined) {
      return { kind: 'failed', error: `the read just before the change was cut short: ${outcome.incomplete}` };
    }
    if (typeof role !== 'string') {
      return {
        kind: 'failed',
        error: `the read just before the change was not the expected {"member": {"role": ...}} JSON: ${clip(outcome.rawBody) || '(empty)'}`,
      };
    }
    if (member !== undefined && namesAnother(member, username)) {
      return {
        kind: 'failed',
        error: `the read just before the change answered for another member: ${clip(outcome.rawBody)}`,
      };
    }
    // The token's user by email only when that email is theirs alone, as everywhere.
    const shown = typeof email === 'string' ? email : undefined;
    const claimable = resolver.othersWithEmail({ username, email: shown }).length === 0 ? shown : undefined;
    const fresh = { username, role: clip(role, 40), claimable };
    return judgeFreshRead(change, fresh, listedRole, tokenUser);
  };
}
