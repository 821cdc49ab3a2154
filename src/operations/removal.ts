/**
 * Removal mode: offboard the people named in `username`, by Turso username or by email. The
 * directory tells each person's email (for invitations) and tokens; the membership itself is
 * always removed by username, so that the API's own answer, not a list, decides it.
 */
import type { OrganizationApi } from '../api/organization.ts';
import type { Log } from '../model/log.ts';
import { isEmail, sameName } from '../model/names.ts';
import type { Directory, DirectoryNeeds, ListedMember, Listing } from '../model/organization.ts';
import type { PersonPlan, PersonResult } from '../model/people.ts';
import type { RemoveMode, RunSettings } from '../model/settings.ts';
import { lookUp, warnInvitesUnavailable } from './directory.ts';
import { offboardPeople, type ResultListener } from './offboarding.ts';

export async function runRemoval(
  mode: RemoveMode,
  settings: RunSettings,
  api: OrganizationApi,
  log: Log,
  onResult: ResultListener,
): Promise<PersonResult[]> {
  const { entries } = mode;
  log.info(`${settings.dryRun ? 'Checking' : 'Offboarding'} ${entries.length} person(s) in organization ${api.org}`);
  const directory = await lookUp(api, removalNeeds(entries, settings.revokeInvites, settings.revokeApiTokens));
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
  return offboardPeople(planRemovals(entries, directory, api.org), api, settings, log, onResult);
}

/** What the run must look up for these entries and settings. */
export function removalNeeds(
  entries: readonly string[],
  revokeInvites: boolean,
  revokeApiTokens: boolean,
): DirectoryNeeds {
  return {
    members: revokeInvites || entries.some(isEmail),
    invites: revokeInvites,
    tokens: revokeApiTokens,
  };
}

/** One plan per person; entries that turn out to name the same person are offboarded once. */
export function planRemovals(entries: readonly string[], directory: Directory, org: string): PersonPlan[] {
  const plans: PersonPlan[] = [];
  for (const entry of entries) {
    const plan = planPerson(entry, directory, org);
    if (!plans.some((p) => sameName(p.username, plan.username))) plans.push(plan);
  }
  return plans;
}

function findMember(members: Listing<ListedMember>, entry: string): ListedMember | undefined {
  if (members.kind !== 'read') return undefined;
  if (isEmail(entry)) return members.items.find((m) => sameName(m.email, entry));
  return members.items.find((m) => m.username === entry) ?? members.items.find((m) => sameName(m.username, entry));
}

function planPerson(entry: string, directory: Directory, org: string): PersonPlan {
  const { members, invites, tokens } = directory;
  const member = findMember(members, entry);
  const byEmail = isEmail(entry);
  const plan: PersonPlan = {
    username: member?.username ?? entry,
    membership: { kind: 'ask-api' },
    invites: { kind: 'skipped' },
    tokens: { kind: 'found', tokens: [] },
  };
  const email = member?.email ?? (byEmail ? entry : undefined);
  if (email !== undefined) plan.email = email;
  if (member !== undefined) plan.role = member.role;

  if (byEmail && member === undefined) {
    plan.membership =
      members.kind === 'failed'
        ? { kind: 'failed', problem: members.problem }
        : { kind: 'none', reason: `no member of ${org} has the email ${entry}` };
  }

  // The email is needed to find invitations; for a username it comes from the member list.
  const emailUnknown = email === undefined && members.kind === 'failed';
  if (invites.kind === 'unavailable') plan.invites = { kind: 'unavailable' };
  else if (invites.kind === 'failed') plan.invites = { kind: 'failed', problem: invites.problem };
  else if (invites.kind === 'read' && emailUnknown) plan.invites = { kind: 'failed', problem: members.problem };
  else if (invites.kind === 'read') {
    plan.invites = { kind: 'found', emails: invites.items.filter((i) => sameName(i.email, email)).map((i) => i.email) };
  }

  if (tokens.kind === 'failed') plan.tokens = { kind: 'failed', problem: tokens.problem };
  else if (tokens.kind === 'read') {
    plan.tokens = {
      kind: 'found',
      tokens: tokens.items.filter((t) => sameName(t.owner?.username, plan.username) || sameName(t.owner?.email, email)),
    };
  }
  return plan;
}
