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
import { planAudit, plannedChanges, rosterReadsAsNobody, tokenOwnerName, type AuditPlan } from '../model/audit-plan.ts';
import { judgeFreshRead, type ReadBeforeChange } from '../model/fresh-read.ts';
import { directoryResolver, type Resolver } from '../model/identity.ts';
import { unapprovedPlan, type ApprovedPlan } from '../model/approved-plan.ts';
import type { Log } from '../model/log.ts';
import { sameName } from '../model/names.ts';
import { claimableEmail, ownsToken } from '../model/ownership.ts';
import type { Directory, TokenUser } from '../model/organization.ts';
import type { JobOutcome } from '../model/outcome.ts';
import type { PersonPlan } from '../model/people.ts';
import { allowedDeletions, describeLimit } from '../model/removal-limit.ts';
import type { RunProgress } from '../model/run-record.ts';
import type { RosterEntry } from '../model/roles.ts';
import { clip } from '../model/safe-text.ts';
import type { AuditJob, RunSettings } from '../model/settings.ts';
import { asPersonPlan, demotePeople } from './role-changes.ts';
import { readOrganization, warnInvitesUnavailable } from './directory.ts';
import { offboardPeople } from './offboarding.ts';
import { verifyResults } from './verification.ts';
import { changesTurso } from '../model/run-policy.ts';

/** One person plan for each member removed, and for each other person with an invitation or tokens to revoke. */
export function auditPersonPlans(plan: AuditPlan, directory: Directory): PersonPlan[] {
  const tokens = directory.tokens.kind === 'read' ? directory.tokens.items : [];
  const revokedTokens = tokens.filter((t) => plan.revokeTokens.some((p) => p.id === t.id));
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
          ? plan.revokeInvites.filter((e) => !claimedInvites.has(e) && sameName(e, claimable))
          : [invitation];
      for (const e of emails) claimedInvites.add(e);
      planned.invites = { kind: 'found', emails };
    }
    const own = revokedTokens.filter((t) => !claimedTokens.has(t.id) && ownsToken(planned, t, resolver));
    for (const t of own) claimedTokens.add(t.id);
    planned.tokens = { kind: 'found', tokens: own };
    return planned;
  };

  const people: PersonPlan[] = plan.remove.map((member) =>
    person(member.username, member.email, { kind: 'listed' }, { role: member.role }),
  );
  for (const email of plan.revokeInvites) {
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
  mode: AuditJob,
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
      problem: `The audit of ${org} was refused, and nothing was removed: ${refused.join('; ')}`,
      ...(tokenUser && { tokenUser }),
    };
  }
  if (directory.invites.kind === 'unavailable') warnInvitesUnavailable(directory.invites.reason, log);
  const members = directory.members.items;
  const plan = planAudit(
    members,
    [...new Set([...mode.keep, ...teams.logins])],
    directory.invites.kind === 'read' ? directory.invites.items : [],
    directory.tokens.kind === 'read' ? directory.tokens.items : [],
    {
      teamLogins: teams.logins,
      inviteGraceDays: mode.inviteGraceDays,
      roster: [...mode.roster, ...teams.roster],
      resolver: directoryResolver(directory),
      ...(tokenUser && { tokenUser }),
    },
  );
  logPlan(org, members.length, plan, log);

  const unresolved = [
    ...plan.keepRefused.map((refused) => `the keep list names ${refused}`),
    ...(plan.keepUnresolved.length === 0
      ? []
      : [
          `the keep list names ${plan.keepUnresolved.join(', ')}, which no member, invitation or token owner shows, while ${members.filter((m) => m.email === undefined).length} member(s) show no email: whom it keeps cannot be told. Name those people by username`,
        ]),
  ].join('; ');
  // Whatever max-removals allows: in a small organization a roster of nobody is within it.
  const why =
    unresolved === '' ? rosterReadsAsNobody(plan, mode.keep, tokenUser, directoryResolver(directory)) : unresolved;
  // A run that only plans says what a real run would refuse: the plan comment shows it.
  let wouldBeRefused: string | undefined;
  if (why !== undefined) {
    if (!changesTurso(settings.policy)) {
      log.warning(`A real run would be refused: ${why}`, 'Turso audit');
      wouldBeRefused = why;
    } else {
      return {
        plan,
        results: [],
        problem: `The audit of ${org} was refused, and nothing was removed: ${why}`,
        ...(tokenUser && { tokenUser }),
      };
    }
  }
  const deletions = plannedChanges(plan);
  if (deletions > allowedDeletions(mode.maxRemovals, members.length)) {
    const lowered = plan.demote.length > 0 ? `, lower ${plan.demote.length} role(s)` : '';
    const over = `The audit would remove ${plan.remove.length} member(s)${lowered}, revoke ${plan.revokeInvites.length} invitation(s) and ${plan.revokeTokens.length} token(s), ${deletions} in all, more than max-removals allows (${describeLimit(mode.maxRemovals, members.length)})`;
    const allow = `Check the keep list, or set max-removals to at least ${deletions}${mode.maxRemovals.percent === undefined ? '' : ' (and raise or drop its percentage)'} if this is intended.`;
    // A dry run is a report: it shows what a real run would do, and that it would be refused.
    if (!changesTurso(settings.policy)) {
      log.warning(`${over}: a real run would be refused. ${allow}`, 'Turso audit');
      wouldBeRefused = [wouldBeRefused, `${over}. ${allow}`].filter(Boolean).join('; ');
    } else
      return { plan, results: [], problem: `${over}; nothing was removed. ${allow}`, ...(tokenUser && { tokenUser }) };
  }
  // Refused, the plan is carried out as a dry run, and each person is reported as not done.
  const unapproved =
    approved === undefined || !changesTurso(settings.policy) ? undefined : unapprovedPlan(plan, approved);
  if (unapproved !== undefined) {
    log.warning(`The run is refused: ${unapproved}`, 'Turso audit');
    settings = { ...settings, policy: { kind: 'refused', reason: unapproved } };
  }
  const changes = plan.demote.map((change) => ({ ...change, entries: [] }));
  progress.planned(changes.map(asPersonPlan));
  const readBefore = readBeforeChange(api, tokenUser, directoryResolver(directory));
  const [offboarded, demoted] = await Promise.all([
    offboardPeople(auditPersonPlans(plan, directory), api, settings, progress, readBefore),
    demotePeople(changes, api, !changesTurso(settings.policy), progress, readBefore),
  ]);
  const results = await verifyResults([...offboarded, ...demoted], api, settings, startedAt, log);
  return {
    plan,
    results,
    ...(tokenUser && { tokenUser }),
    ...(wouldBeRefused !== undefined && { wouldBeRefused }),
    ...(unapproved !== undefined && { policy: settings.policy }),
    ...(typeof approved === 'object' && { approvedPlan: approved }),
  };
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

function logPlan(org: string, memberCount: number, plan: AuditPlan, log: Log): void {
  log.info(
    `Audit of ${org}: ${memberCount} member(s); ${plan.remove.length} to remove, ${plan.keep.length} on the keep list, ${plan.ownersKept.length} owner(s) kept; ${plan.revokeInvites.length} invitation(s) and ${plan.revokeTokens.length} token(s) to revoke`,
  );
  for (const member of plan.tokenUserKept) {
    log.warning(
      plan.tokenUserUnknown
        ? `${member.username}: admin, not on the keep list, but kept: Get Current User could not be read, and any admin may be the user whose token runs the action`
        : `${member.username}: not on the keep list, but kept: this is the user whose token runs the action (removing it would break every later run); add it to the roster, or run the audit with another owner's token`,
      'Turso audit',
    );
  }
  for (const change of plan.demote) log.info(`${change.username}: ${change.from}, to be lowered to ${change.to}`);
  for (const change of plan.tokenUserNotLowered) {
    log.warning(
      `${change.username}: ${change.from}, above the ${change.to} the roster allows, but not lowered: ${plan.tokenUserUnknown ? 'Get Current User could not be read, and any admin may be' : 'this is'} the user whose token runs the action (lowering it could break this and every later run); lower it by hand, or run the audit with another owner's token`,
      'Turso audit',
    );
  }
  for (const change of plan.ownersAboveRole) {
    log.warning(
      `${change.username}: owner, and the roster allows at most ${change.to}: this action never changes an owner; change the role in Turso by hand`,
      'Turso audit',
    );
  }
  for (const invite of plan.invitesAboveRole) {
    log.warning(
      `The invitation for ${invite.email} is for ${invite.role}, and the roster allows at most ${invite.allowed}: invitations are never changed; revoke it in Turso and invite again as ${invite.allowed}`,
      'Turso audit',
    );
  }
  for (const member of plan.ownersKept) {
    log.info(`${member.username}: owner, not on the keep list; kept (an audit never removes owners)`);
  }
  for (const member of plan.unknownRoleKept) {
    log.warning(
      `${member.username}: role ${member.role} is not one of owner, admin, member, viewer; kept (an audit removes no one whose role it cannot read)`,
      'Turso audit',
    );
  }
  for (const token of plan.tokensOwnerUnknown) {
    log.warning(
      token.owner === undefined
        ? `Token ${token.name} (${token.id}): the API does not show who minted it, so it is not revoked; check it by hand`
        : `Token ${token.name} (${token.id}): its owner is shown only as ${token.owner}, which cannot be tied to one member, so it is not revoked; check it by hand`,
      'Turso audit',
    );
  }
  const young = plan.invitesKept.filter((i) => i.invitedDaysAgo !== undefined);
  if (young.length > 0) {
    log.info(
      `${young.length} invitation(s) sent within invite-grace-days kept (new hires): ${young.map((i) => `${i.email} (${i.invitedDaysAgo} day(s) ago)`).join(', ')}`,
    );
  }
  for (const { email } of plan.invitesKept.filter((i) => i.invitedDaysAgo === undefined)) {
    log.warning(
      `The invitation for ${email} has no readable created_at, so its age is unknown and it is kept; check it by hand`,
      'Turso audit',
    );
  }
  if (plan.teamNotMembers.length > 0) {
    log.info(
      `${plan.teamNotMembers.length} member(s) of the GitHub teams are not members of ${org} (expected: not everyone uses Turso); the job summary lists them`,
    );
  }
  if (plan.notMembers.length > 0) {
    log.warning(
      `On the keep list but not members of ${org} (typos, or invitations not yet accepted?): ${plan.notMembers.join(', ')}`,
      'Turso audit',
    );
  }
}
