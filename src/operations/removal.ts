/**
 * The root action: offboard the people named in `username`, by Turso username or by email. Each
 * entry is resolved to one person through what the organization lists, the same way whatever
 * the other inputs: a listed member is removed under the listed spelling; an entry that names
 * no listed member is still sent as given, so that the API's own answer decides it.
 */
import type { OrganizationApi } from '../api/organization.ts';
import type { Log } from '../model/log.ts';
import { directoryResolver, tokenUserProtection, type Resolution, type Resolver } from '../model/identity.ts';
import { isEmail, nameKey, sameName } from '../model/names.ts';
import type { Directory, DirectoryNeeds, TokenUser } from '../model/organization.ts';
import { claimableEmail, ownsToken, sharedEmailClaims } from '../model/ownership.ts';
import type { JobOutcome } from '../model/outcome.ts';
import type { PersonPlan } from '../model/people.ts';
import type { RunProgress } from '../model/run-record.ts';
import type { RemoveJob, RunSettings } from '../model/settings.ts';
import { readOrganization, warnInvitesUnavailable } from './directory.ts';
import { offboardPeople, warnIfNoneAMember } from './offboarding.ts';
import { verifyResults } from './verification.ts';
import { changesTurso } from '../model/run-policy.ts';

export async function runRemoval(
  job: RemoveJob,
  settings: RunSettings,
  api: OrganizationApi,
  log: Log,
  progress: RunProgress,
): Promise<JobOutcome> {
  const startedAt = new Date();
  log.info(
    `${changesTurso(settings.policy) ? 'Offboarding' : 'Checking'} ${job.entries.length} person(s) in organization ${api.org}`,
  );
  const { directory, tokenUser } = await readOrganization(
    api,
    removalNeeds(settings.revokeInvites, settings.revokeApiTokens),
    log,
  );
  if (directory.invites.kind === 'unavailable') warnInvitesUnavailable(directory.invites.reason, log);
  if (directory.tokens.kind === 'read') {
    const unshown = directory.tokens.items.filter((t) => t.owner === undefined);
    if (unshown.length > 0) {
      log.warning(
        `${unshown.length} organization API token(s) do not show who minted them (does the token belong to an owner or admin?), so they were not checked: ${unshown.map((t) => t.name).join(', ')}`,
        'Turso: token owners not shown',
      );
    }
  }
  const { members } = directory;
  const membersUnread =
    members.kind === 'read' ? undefined : members.kind === 'failed' ? members.problem : 'not listed';
  const plans = planRemovals(job.entries, directory, api.org).map((plan) =>
    protectTokenUser(plan, tokenUser, membersUnread),
  );
  const offboarded = await offboardPeople(plans, api, settings, progress);
  const results = await verifyResults(offboarded, api, settings, startedAt, log);
  warnIfNoneAMember(results, api.org, log);
  return tokenUser === undefined ? { results } : { results, tokenUser };
}

/** What a removal run must look up: the members always (to resolve who each entry is), the rest as asked. */
export function removalNeeds(revokeInvites: boolean, revokeApiTokens: boolean): DirectoryNeeds {
  return { members: true, invites: revokeInvites, tokens: revokeApiTokens };
}

/** One plan per person; entries that turn out to name the same person are offboarded once. */
export function planRemovals(entries: readonly string[], directory: Directory, org: string): PersonPlan[] {
  // The lists are indexed once, so that planning stays linear in the people named.
  const resolver = directoryResolver(directory);
  const plans = new Map<string, PersonPlan>();
  for (const entry of entries) {
    const plan = planPerson(entry, directory, resolver, org);
    // An entry that names no one for sure is a person of its own, as given.
    const key = plan.membership.kind === 'failed' ? `as given:${nameKey(entry)}` : resolver.personKey(plan.username);
    const same = plans.get(key);
    if (same === undefined) plans.set(key, plan);
    else same.entries.push(entry);
  }
  return [...plans.values()];
}

/**
 * The plan, or a failure with nothing of theirs touched when the person is (or, with Get Current
 * User unread, may be) the user whose token runs the action: removing it would break this run
 * and every later one. `membersUnread`: why the member list could not be read, if it could not.
 */
export function protectTokenUser(
  plan: PersonPlan,
  tokenUser: TokenUser | undefined,
  membersUnread: string | undefined,
): PersonPlan {
  if (plan.membership.kind === 'failed') return plan;
  const protectedAs = tokenUserProtection({ ...plan, claimable: claimableEmail(plan) }, tokenUser, membersUnread);
  if (protectedAs === undefined) return plan;
  const guarded: PersonPlan = {
    ...plan,
    membership: { kind: 'failed', problem: `not removed: ${protectedAs}` },
    invites: { kind: 'skipped' },
    tokens: { kind: 'found', tokens: [] },
  };
  // Nothing of theirs is looked at, so nothing of it is unresolved.
  delete guarded.unresolved;
  return guarded;
}

/** Who an entry names, as far as the organization's lists tell. */
function resolve(entry: string, directory: Directory, resolver: Resolver): Resolution {
  const { members } = directory;
  if (members.kind !== 'read') {
    const reason = members.kind === 'failed' ? members.problem : 'the members were not listed';
    // A username can still be sent as given; an email cannot be tied to anyone.
    return isEmail(entry) ? { kind: 'unknown', reason } : { kind: 'unlisted', username: entry };
  }
  return resolver.resolve(entry);
}

function planPerson(entry: string, directory: Directory, resolver: Resolver, org: string): PersonPlan {
  const identity = resolve(entry, directory, resolver);
  const nothingRevoked: Pick<PersonPlan, 'invites' | 'tokens'> = {
    invites: { kind: 'skipped' },
    tokens: { kind: 'found', tokens: [] },
  };
  if (identity.kind === 'unknown' || identity.kind === 'refused') {
    return {
      username: entry,
      entries: [entry],
      membership: { kind: 'failed', problem: identity.reason },
      ...nothingRevoked,
    };
  }
  const username = identity.kind === 'member' ? identity.member.username : identity.username;
  const email = identity.kind === 'member' ? identity.member.email : identity.email;
  const plan: PersonPlan = {
    username,
    entries: [entry],
    membership:
      identity.kind === 'member'
        ? { kind: 'listed' }
        : isEmail(username)
          ? { kind: 'none', reason: `no member of ${org} has the email ${entry}` }
          : { kind: 'ask-api' },
    invites: { kind: 'skipped' },
    tokens: { kind: 'found', tokens: [] },
  };
  if (email !== undefined) plan.email = email;
  if (identity.kind === 'member') plan.role = identity.member.role;
  const { members, invites, tokens } = directory;
  const listedTokens = tokens.kind === 'read' ? tokens.items : [];
  const others = resolver.othersWithEmail(plan);
  if (others.length > 0) plan.emailAlsoShownBy = others;
  const claimable = claimableEmail(plan);

  if (invites.kind === 'unavailable') plan.invites = { kind: 'unavailable' };
  else if (invites.kind === 'failed') plan.invites = { kind: 'failed', problem: invites.problem };
  else if (invites.kind === 'read' && email === undefined && members.kind === 'failed') {
    // The email, which invitations are keyed by, comes from the member list.
    plan.invites = { kind: 'failed', problem: members.problem };
  } else if (invites.kind === 'read') {
    plan.invites = {
      kind: 'found',
      emails: invites.items.filter((i) => sameName(i.email, claimable)).map((i) => i.email),
    };
  }

  if (tokens.kind === 'failed') plan.tokens = { kind: 'failed', problem: tokens.problem };
  else if (tokens.kind === 'read')
    plan.tokens = { kind: 'found', tokens: tokens.items.filter((t) => ownsToken(plan, t, resolver)) };
  const shared = sharedEmailClaims(plan, invites.kind === 'read' ? invites.items : [], listedTokens);
  if (shared.length > 0) {
    plan.unresolved = `cannot tell whether ${shared.join(', ')} ${shared.length === 1 ? 'is' : 'are'} ${username}'s: ${email ?? ''} is also the email of ${others.join(', ')} (a shared mailbox), so ${shared.length === 1 ? 'it was' : 'they were'} left alone`;
  }
  if (identity.kind === 'member' && email === undefined) {
    const unclaimed = unclaimedEmails(directory);
    if (unclaimed.length > 0) {
      plan.unresolved = `cannot tell whether ${unclaimed.join(', ')} ${unclaimed.length === 1 ? 'is' : 'are'} ${username}'s: ${username} shows no email`;
    }
  }
  return plan;
}

/** Invitations and token owners shown only by an email that no listed member shows. */
function unclaimedEmails(directory: Directory): string[] {
  const { members, invites, tokens } = directory;
  const listed = (email: string | undefined) =>
    members.kind === 'read' && members.items.some((m) => sameName(m.email, email));
  return [
    ...(invites.kind === 'read' ? invites.items : [])
      .filter((i) => !listed(i.email))
      .map((i) => `the invitation for ${i.email}`),
    ...(tokens.kind === 'read' ? tokens.items : [])
      .filter((t) => t.owner !== undefined && t.owner.username === undefined && !listed(t.owner.email))
      .map((t) => `token ${t.name} (owner ${t.owner?.email ?? ''})`),
  ];
}
