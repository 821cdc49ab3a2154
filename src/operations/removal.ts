/**
 * Removal mode: offboard the people named in `username`, by Turso username or by email. Each
 * entry is resolved to one person through what the organization lists, the same way whatever
 * the other inputs: a listed member is removed under the listed spelling; an entry that names
 * no listed member is still sent as given, so that the API's own answer decides it.
 */
import type { OrganizationApi } from '../api/organization.ts';
import type { Log } from '../model/log.ts';
import { isEmail, NameIndex, sameName } from '../model/names.ts';
import type {
  Directory,
  DirectoryNeeds,
  ListedMember,
  OrganizationToken,
  PendingInvite,
  TokenUser,
} from '../model/organization.ts';
import type { ModeOutcome } from '../model/outcome.ts';
import type { PersonPlan } from '../model/people.ts';
import type { RemoveMode, RunSettings } from '../model/settings.ts';
import { readOrganization, warnInvitesUnavailable } from './directory.ts';
import { offboardPeople, type ResultListener } from './offboarding.ts';
import { verifyResults } from './verification.ts';

export async function runRemoval(
  mode: RemoveMode,
  settings: RunSettings,
  api: OrganizationApi,
  log: Log,
  onResult: ResultListener,
): Promise<ModeOutcome> {
  const startedAt = new Date();
  log.info(
    `${settings.dryRun ? 'Checking' : 'Offboarding'} ${mode.entries.length} person(s) in organization ${api.org}`,
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
  const plans = planRemovals(mode.entries, directory, api.org, tokenUser);
  const offboarded = await offboardPeople(plans, api, settings, log, onResult);
  const results = await verifyResults(offboarded, api, settings, startedAt, log);
  return tokenUser === undefined ? { results } : { results, tokenUser };
}

/** What a removal run must look up: the members always (to resolve who each entry is), the rest as asked. */
export function removalNeeds(revokeInvites: boolean, revokeApiTokens: boolean): DirectoryNeeds {
  return { members: true, invites: revokeInvites, tokens: revokeApiTokens };
}

/** One plan per person; entries that turn out to name the same person are offboarded once. */
export function planRemovals(
  entries: readonly string[],
  directory: Directory,
  org: string,
  tokenUser?: TokenUser,
): PersonPlan[] {
  const lookups = lookupsOf(directory);
  const plans = new Map<string, PersonPlan>();
  for (const entry of entries) {
    const plan = planPerson(entry, lookups, org, tokenUser);
    const same = plans.get(plan.username.toLowerCase());
    if (same === undefined) plans.set(plan.username.toLowerCase(), plan);
    else same.entries.push(entry);
  }
  return [...plans.values()];
}

/** The directory with its lists indexed by name, so that resolving each entry takes no scan of them. */
interface Lookups {
  directory: Directory;
  members: NameIndex<ListedMember>;
  membersByEmail: NameIndex<ListedMember>;
  membersWithoutEmail: number;
  invites: NameIndex<PendingInvite>;
  tokensByOwnerUsername: NameIndex<OrganizationToken>;
  tokensByOwnerEmail: NameIndex<OrganizationToken>;
  /** Worked out on first use: most runs never need it. */
  unclaimedEmails: () => string[];
}

function lookupsOf(directory: Directory): Lookups {
  const members = directory.members.kind === 'read' ? directory.members.items : [];
  const invites = directory.invites.kind === 'read' ? directory.invites.items : [];
  const tokens = directory.tokens.kind === 'read' ? directory.tokens.items : [];
  let unclaimed: string[] | undefined;
  return {
    directory,
    members: new NameIndex(members, (m) => m.username),
    membersByEmail: new NameIndex(members, (m) => m.email),
    membersWithoutEmail: members.filter((m) => m.email === undefined).length,
    invites: new NameIndex(invites, (i) => i.email),
    tokensByOwnerUsername: new NameIndex(tokens, (t) => t.owner?.username),
    tokensByOwnerEmail: new NameIndex(tokens, (t) => t.owner?.email),
    unclaimedEmails: () => (unclaimed ??= unclaimedEmails(directory)),
  };
}

/** Who an entry names, as far as the organization's lists tell. */
type Identity =
  | { kind: 'member'; member: ListedMember }
  /** No listed member: the username (and email) to act on, as far as known. */
  | { kind: 'unlisted'; username: string; email?: string }
  | { kind: 'unknown'; problem: string };

function resolve(entry: string, lookups: Lookups): Identity {
  const { members } = lookups.directory;
  if (members.kind !== 'read') {
    const problem = members.kind === 'failed' ? members.problem : 'the members were not listed';
    // A username can still be sent as given; an email cannot be tied to anyone.
    return isEmail(entry) ? { kind: 'unknown', problem } : { kind: 'unlisted', username: entry };
  }
  const listed = (username: string) => {
    const named = lookups.members.all(username);
    return named.find((m) => m.username === username) ?? named[0];
  };
  if (!isEmail(entry)) {
    const member = listed(entry);
    if (member !== undefined) return { kind: 'member', member };
    const owner = lookups.tokensByOwnerUsername.all(entry)[0]?.owner;
    return owner?.email === undefined
      ? { kind: 'unlisted', username: entry }
      : { kind: 'unlisted', username: entry, email: owner.email };
  }
  const byEmail = lookups.membersByEmail.all(entry)[0];
  if (byEmail !== undefined) return { kind: 'member', member: byEmail };
  // Another listed record may pair the email with a username: a token's owner.
  const paired = lookups.tokensByOwnerEmail.all(entry).find((t) => t.owner?.username !== undefined)?.owner?.username;
  if (paired !== undefined) {
    const member = listed(paired);
    return member === undefined
      ? { kind: 'unlisted', username: paired, email: entry }
      : { kind: 'member', member: { ...member, email: member.email ?? entry } };
  }
  const withoutEmail = lookups.membersWithoutEmail;
  if (withoutEmail > 0) {
    return {
      kind: 'unknown',
      problem: `cannot tell whether ${entry} is a member: ${withoutEmail} member(s) show no email`,
    };
  }
  return { kind: 'unlisted', username: entry, email: entry };
}

function planPerson(entry: string, lookups: Lookups, org: string, tokenUser: TokenUser | undefined): PersonPlan {
  const identity = resolve(entry, lookups);
  const nothingRevoked: Pick<PersonPlan, 'invites' | 'tokens'> = {
    invites: { kind: 'skipped' },
    tokens: { kind: 'found', tokens: [] },
  };
  if (identity.kind === 'unknown') {
    return {
      username: entry,
      entries: [entry],
      membership: { kind: 'failed', problem: identity.problem },
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

  if (tokenUser !== undefined && (sameName(username, tokenUser.username) || sameName(email, tokenUser.email))) {
    // Removing it would break this run and every later one.
    return {
      ...plan,
      membership: { kind: 'failed', problem: 'not removed: this is the user whose token runs the action' },
      ...nothingRevoked,
    };
  }

  const { members, invites, tokens } = lookups.directory;
  if (invites.kind === 'unavailable') plan.invites = { kind: 'unavailable' };
  else if (invites.kind === 'failed') plan.invites = { kind: 'failed', problem: invites.problem };
  else if (invites.kind === 'read' && email === undefined && members.kind === 'failed') {
    // The email, which invitations are keyed by, comes from the member list.
    plan.invites = { kind: 'failed', problem: members.problem };
  } else if (invites.kind === 'read') {
    plan.invites = { kind: 'found', emails: lookups.invites.all(email).map((i) => i.email) };
  }

  if (tokens.kind === 'failed') plan.tokens = { kind: 'failed', problem: tokens.problem };
  else if (tokens.kind === 'read') {
    const theirs = new Set([...lookups.tokensByOwnerUsername.all(username), ...lookups.tokensByOwnerEmail.all(email)]);
    plan.tokens = { kind: 'found', tokens: theirs.size === 0 ? [] : tokens.items.filter((t) => theirs.has(t)) };
  }
  if (identity.kind === 'member' && email === undefined) {
    const unclaimed = lookups.unclaimedEmails();
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
