/**
 * Proof after acting: when anything of anyone's may have changed, the organization is read
 * again, once, and each such person is checked against it (`verified`). With that read, the
 * audit log is read for the removals this run made (`auditLog`), which never fails a run.
 */
import { describeFailure } from '../api/describe-failure.ts';
import { isPlanWithoutAuditLogs, readAuditLogPage } from '../api/audit-logs.ts';
import type { OrganizationApi } from '../api/organization.ts';
import { removalFinder, type AuditLogEntry } from '../model/audit-log.ts';
import type { Log } from '../model/log.ts';
import type { Directory } from '../model/organization.ts';
import {
  needsVerification,
  personResult,
  withItemsGone,
  type ActionRecord,
  type AuditLogCorroboration,
  type PersonParts,
  type PersonResult,
} from '../model/people.ts';
import type { RunSettings } from '../model/settings.ts';
import { showsGone, showsListed, stillListed } from '../model/verification.ts';
import { judgeRoleChange } from './role-changes.ts';
import { lookUp } from './directory.ts';
import { changesTurso } from '../model/run-policy.ts';

/** Pages of the audit log read at most, newest first. */
export const AUDIT_LOG_PAGES = 5;
export const AUDIT_LOG_PAGE_SIZE = 100;
/** Entries this much older than the run's start still count: the API's clock is not the runner's. */
const CLOCK_SKEW_MS = 60_000;

type AuditTrail =
  { kind: 'read'; removalOf: (username: string) => AuditLogEntry | undefined } | { kind: 'unavailable' };

export async function verifyResults(
  results: readonly PersonResult[],
  api: OrganizationApi,
  settings: RunSettings,
  startedAt: Date,
  log: Log,
): Promise<PersonResult[]> {
  const toCheck = results.filter(needsVerification);
  if (!changesTurso(settings.policy) || toCheck.length === 0) return [...results];
  log.info(`Verifying: reading ${api.org} again for ${toCheck.length} person(s)`);
  const [directory, trail] = await Promise.all([
    lookUp(api, { members: true, invites: settings.revokeInvites, tokens: settings.revokeApiTokens }),
    settings.auditLog ? readAuditTrail(api, new Date(startedAt.getTime() - CLOCK_SKEW_MS), log) : undefined,
  ]);
  const verified = results.map((result) => {
    if (!needsVerification(result)) return result;
    const judged = judge(result, directory, log);
    return trail === undefined || judged.membership !== 'removed'
      ? judged
      : personResult({ ...judged, auditLog: corroborate(judged.username, trail) });
  });
  const unverified = verified.filter((r) => r.verified === 'unverified');
  if (unverified.length > 0) {
    const unread = [directory.members, directory.invites, directory.tokens].flatMap((l) =>
      l.kind === 'failed' ? [l.problem] : l.kind === 'unavailable' ? [l.reason] : [],
    );
    log.warning(
      `The organization could not be read again whole, so ${unverified.length} person(s) are unverified (${unverified.map((r) => r.username).join(', ')}): ${unread.join('; ')}`,
      'Turso: not verified',
    );
  }
  return verified;
}

/** The lists a person's verdict needs that the second read could not read. */
function unreadFor(result: PersonResult, directory: Directory): string[] {
  const unread = (listing: Directory[keyof Directory]) => listing.kind !== 'read';
  return [
    unread(directory.members) ? 'members' : undefined,
    // An invitation part that was not skipped, or unavailable from the start, was read before.
    !['skipped', 'unavailable'].includes(result.invite) && unread(directory.invites) ? 'invitations' : undefined,
    directory.tokens.kind !== 'not-needed' && unread(directory.tokens) ? 'tokens' : undefined,
  ].filter((list) => list !== undefined);
}

/**
 * The invitations and tokens the API called "not found" whose list the second read could not
 * read, in words: "not found" alone settles nothing, only a second read that shows them gone.
 */
function unconfirmedNotFound(result: PersonResult, directory: Directory): string[] {
  const notFound = (read: boolean, names: string[]) => (read ? [] : names);
  return [
    ...notFound(
      directory.invites.kind === 'read',
      result.actions
        .filter((a) => a.kind === 'invitation' && a.outcome === 'not-found')
        .map((a) => `invitation for ${a.target}`),
    ),
    ...notFound(
      directory.tokens.kind === 'read',
      result.tokens.filter((t) => t.result === 'not-found').map((t) => `token ${t.name}`),
    ),
  ].map((what) => `${what}: the API answered "not found", but the second read could not show it gone`);
}

/** The person's result once the second read is in: gone, or still listed (and so failed). */
function judge(result: PersonResult, directory: Directory, log: Log): PersonResult {
  if (result.roleChange !== undefined) return judgeRoleChange(result, directory, log);
  // Each thing of theirs the read shows gone is settled first, whatever else it shows.
  const person = withMembershipGone(
    withItemsGone(result, (action) => showsGone(action, directory)),
    directory,
    log,
  );
  // What the lists that were read still show counts, even when another list could not be read.
  const remaining = stillListed(person, directory);
  if (remaining.length > 0) {
    const problems = {
      ...person.problems,
      others: [...person.problems.others, `still listed after the run: ${remaining.join(', ')}`],
    };
    return personResult({ ...withoutUnseenChanges(person, directory), verified: 'still-listed', problems });
  }
  if (unreadFor(person, directory).length > 0) {
    const unconfirmed = unconfirmedNotFound(person, directory);
    return personResult({
      ...person,
      verified: 'unverified',
      problems: { ...person.problems, others: [...person.problems.others, ...unconfirmed] },
    });
  }
  if (!person.listedAtStart || person.membership === 'removed') return personResult({ ...person, verified: 'gone' });
  // Listed at the start and gone now, but its request was refused (a definite answer), or none
  // was sent: someone else removed them, or they left.
  const request = person.actions.find((action) => action.kind === 'membership');
  const gone = `the second read shows ${person.username} is no longer a member, but not removed by this run: ${request === undefined ? 'the read just before its removal found it gone, so none was sent' : 'its request was refused, so it cannot have taken effect'}`;
  log.info(`${person.username}: ${gone}`);
  if (person.membership !== 'failed') return personResult({ ...person, verified: 'gone' });
  const answer = person.problems.membership;
  return personResult({
    ...person,
    verified: 'gone',
    problems: { ...person.problems, membership: [answer, gone].filter((p) => p !== undefined).join('; ') },
  });
}

/**
 * The person with a membership the read shows gone settled, when its request may have taken
 * effect (a 2xx that confirmed nothing, a 5xx, a lost answer, then perhaps "not a member"):
 * listed at the start, removed by this run; not listed then either, not a member, since nothing
 * says they were one. Either way that answer's problem goes, and its action says the verdict.
 * A "not a member" for someone not listed at the start stays as the API gave it.
 */
function withMembershipGone(person: PersonResult, directory: Directory, log: Log): PersonResult {
  const request = person.actions.find((action) => action.kind === 'membership');
  const settles = person.membership === 'failed' || (person.membership === 'not-member' && person.listedAtStart);
  if (!settles || request?.mayHaveTakenEffect !== true || directory.members.kind !== 'read') return person;
  if (membershipListed(person, directory)) return person;
  const problems = { ...person.problems };
  delete problems.membership;
  const verdict = person.listedAtStart ? 'removed' : 'not-member';
  if (person.listedAtStart) log.info(`${person.username}: removed (verified: listed at the start, gone now)`);
  else {
    problems.membership = `not listed as a member when the run started nor after it: its removal got no definite answer, so whether ${person.username} was a member cannot be told`;
  }
  return personResult({
    ...person,
    membership: verdict,
    problems,
    actions: person.actions.map((action) => (action === request ? { ...action, outcome: verdict } : action)),
  });
}

/** True when the second read still lists the person's membership. */
function membershipListed(person: PersonResult, directory: Directory): boolean {
  const membersOnly: Directory = { ...directory, invites: { kind: 'not-needed' }, tokens: { kind: 'not-needed' } };
  return stillListed(person, membersOnly).length > 0;
}

/**
 * The person with each removal and revocation its own answer confirmed but the second read still
 * lists counted as not done, its action too: what is reported removed or revoked was seen gone,
 * so neither the counts nor the `member` output nor group rotation take it.
 */
function withoutUnseenChanges(person: PersonResult, directory: Directory): PersonResult {
  const removalUnseen = person.membership === 'removed' && membershipListed(person, directory);
  const unseen = (action: ActionRecord) =>
    action.kind === 'membership'
      ? removalUnseen && action.outcome === 'removed'
      : action.outcome === 'revoked' && showsListed(action, directory);
  const listed = person.actions.filter(unseen);
  if (listed.length === 0) return person;
  const undone: PersonParts = {
    ...person,
    membership: removalUnseen ? 'failed' : person.membership,
    invite: listed.some((a) => a.kind === 'invitation') ? 'failed' : person.invite,
    tokens: person.tokens.map((t) =>
      listed.some((a) => a.kind === 'token' && a.target === t.id) ? { ...t, result: 'failed' } : t,
    ),
    actions: person.actions.map((action) => (listed.includes(action) ? { ...action, outcome: 'failed' } : action)),
  };
  if (removalUnseen) delete undone.member;
  return personResult(undone);
}

function corroborate(username: string, trail: AuditTrail): AuditLogCorroboration {
  if (trail.kind === 'unavailable') return 'unavailable';
  const entry = trail.removalOf(username);
  return entry === undefined ? 'none-found' : { created_at: entry.createdAt, author: entry.author };
}

/** The audit log back to `since` (newest first), at most AUDIT_LOG_PAGES pages. */
async function readAuditTrail(api: OrganizationApi, since: Date, log: Log): Promise<AuditTrail> {
  const entries: AuditLogEntry[] = [];
  for (let page = 1; page <= AUDIT_LOG_PAGES; page += 1) {
    const outcome = await api.auditLogs.list(page, AUDIT_LOG_PAGE_SIZE);
    if (!outcome.ok) {
      if (isPlanWithoutAuditLogs(outcome.failure)) {
        log.notice(
          `The audit log is not available to this token or plan (${describeFailure(outcome)}): removals are not corroborated by it`,
        );
      } else {
        log.warning(
          `The audit log could not be read (${describeFailure(outcome)}): removals are not corroborated by it`,
        );
      }
      return { kind: 'unavailable' };
    }
    const read = readAuditLogPage(outcome.body);
    if ('problem' in read) {
      log.notice(
        `The audit log could not be read (page ${page} is not the documented answer: ${read.problem}): removals are not corroborated by it`,
      );
      return { kind: 'unavailable' };
    }
    entries.push(...read.entries);
    const older = read.entries.some((entry) => Date.parse(entry.createdAt) < since.getTime());
    if (older || read.entries.length === 0 || (read.totalPages !== undefined && page >= read.totalPages)) break;
  }
  return { kind: 'read', removalOf: removalFinder(entries, since) };
}
