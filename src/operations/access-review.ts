/**
 * The access review's reading of the organization: the members, the invitations, the
 * organization API tokens, the organization's settings, the token's user, and the audit log
 * back to a time, all concurrently, sending nothing but GETs. The review is written only from
 * an organization read whole: any list that fails, breaks off or holds an entry that cannot be
 * read is a problem, and so is a page of the audit log (a plan without an audit log is not).
 */
import { isPlanWithoutAuditLogs, readAuditLogPage } from '../api/audit-logs.ts';
import { describeFailure } from '../api/describe-failure.ts';
import type { OrganizationApi } from '../api/organization.ts';
import { objectFields } from '../api/transport.ts';
import type { OrganizationSettings, Unavailable } from '../model/access-review.ts';
import type { AuditLogEntry } from '../model/audit-log.ts';
import type { Log } from '../model/log.ts';
import type { Listing, ListedMember, OrganizationToken, PendingInvite, TokenUser } from '../model/organization.ts';
import { clip, jsonText } from '../model/safe-text.ts';
import { lookUp, readTokenUser } from './directory.ts';

/** List Audit Logs' default page size, the one the spec documents. */
export const AUDIT_LOG_PAGE_SIZE = 100;

export interface OrganizationRead {
  settings: OrganizationSettings;
  members: ListedMember[];
  invites: PendingInvite[] | Unavailable;
  tokens: OrganizationToken[];
  tokenUser: TokenUser | undefined;
  /** Newest first. */
  auditLog: AuditLogEntry[] | Unavailable;
}

/** The organization, read whole; or every reason it could not be. */
export async function readWholeOrganization(
  api: OrganizationApi,
  since: Date,
  concurrency: number,
  log: Log,
): Promise<OrganizationRead | { problems: string[] }> {
  const [directory, settings, tokenUser, auditLog] = await Promise.all([
    lookUp(api, { members: true, invites: true, tokens: true }),
    readSettings(api),
    readTokenUser(api, log, 'so the review names no token user; it changes nothing either way'),
    readAuditLogSince(api, since, concurrency),
  ]);
  const problems = [
    ...[directory.members, directory.invites, directory.tokens].flatMap((listing) =>
      listing.kind === 'failed' ? [listing.problem] : [],
    ),
    ...('problem' in settings ? [settings.problem] : []),
    ...('problem' in auditLog ? [auditLog.problem] : []),
  ];
  const members = items(directory.members);
  const tokens = items(directory.tokens);
  if (members === undefined || tokens === undefined || 'problem' in settings || 'problem' in auditLog) {
    return { problems };
  }
  const { invites } = directory;
  return {
    settings,
    members,
    invites: invites.kind === 'unavailable' ? { unavailable: invites.reason } : (items(invites) ?? []),
    tokens,
    tokenUser,
    auditLog,
  };
}

const items = <T>(listing: Listing<T>) => (listing.kind === 'read' ? listing.items : undefined);

/** Retrieve Organization: `require_mfa` and `type` must be there to be read; the rest where shown. */
async function readSettings(api: OrganizationApi): Promise<OrganizationSettings | { problem: string }> {
  const outcome = await api.organization.get();
  if (!outcome.ok) return { problem: `could not read the organization: ${describeFailure(outcome)}` };
  if (outcome.incomplete !== undefined) {
    return { problem: `could not read the organization: ${outcome.incomplete}` };
  }
  const organization = objectFields(outcome.body?.organization);
  const { require_mfa: requireMfa, type, name, plan_id: plan } = organization ?? {};
  if (typeof requireMfa !== 'boolean' || typeof type !== 'string') {
    return {
      problem: `could not read the organization: the answer shows no require_mfa and type (${clip(jsonText(outcome.body), 80)})`,
    };
  }
  return {
    ...(typeof name === 'string' && { name: clip(name, 80) }),
    type: clip(type, 40),
    requireMfa,
    ...(typeof plan === 'string' && { plan: clip(plan, 40) }),
  };
}

type PageRead = { entries: AuditLogEntry[]; totalPages: number } | { problem: string } | Unavailable;

async function readPage(api: OrganizationApi, page: number): Promise<PageRead> {
  const outcome = await api.auditLogs.list(page, AUDIT_LOG_PAGE_SIZE);
  if (!outcome.ok) {
    // Only the first page tells the plan: a later refusal breaks the log off.
    if (page === 1 && isPlanWithoutAuditLogs(outcome.failure)) return { unavailable: describeFailure(outcome) };
    return { problem: `could not read page ${page} of the audit log: ${describeFailure(outcome)}` };
  }
  if (outcome.incomplete !== undefined) {
    return { problem: `could not read page ${page} of the audit log: ${outcome.incomplete}` };
  }
  const read = readAuditLogPage(outcome.body);
  if ('problem' in read)
    return { problem: `page ${page} of the audit log is not the documented answer: ${read.problem}` };
  return { entries: read.entries, totalPages: read.totalPages ?? 1 };
}

/** Whether a page reaches back past `since`: the log is newest first, so no later page is needed. */
const reachesBack = (entries: readonly AuditLogEntry[], since: Date) =>
  entries.length === 0 || entries.some((entry) => Date.parse(entry.createdAt) < since.getTime());

/**
 * The audit log back to `since`, newest first. The first page tells how many there are; the
 * others are read `concurrency` at a time, in order, until one reaches back past `since`.
 */
async function readAuditLogSince(
  api: OrganizationApi,
  since: Date,
  concurrency: number,
): Promise<AuditLogEntry[] | Unavailable | { problem: string }> {
  const first = await readPage(api, 1);
  if (!('entries' in first)) return first;
  const pages: AuditLogEntry[][] = [first.entries];
  let done = reachesBack(first.entries, since);
  let next = 2;
  let problem: string | undefined;
  const reader = async () => {
    while (!done && problem === undefined && next <= first.totalPages) {
      const page = next;
      next += 1;
      const read = await readPage(api, page);
      if (!('entries' in read)) {
        problem ??= 'problem' in read ? read.problem : `page ${page} of the audit log: ${read.unavailable}`;
        return;
      }
      pages[page - 1] = read.entries;
      if (reachesBack(read.entries, since)) done = true;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, reader));
  if (problem !== undefined) return { problem };
  // Entries written while the pages were read shift them: an entry may show twice, which changes nothing here.
  const timed = pages.flat().map((entry) => ({ entry, at: Date.parse(entry.createdAt) }));
  return timed.sort((a, b) => b.at - a.at).map(({ entry }) => entry);
}
