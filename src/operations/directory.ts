/**
 * The organization as the API lists it: members, pending invitations and organization API
 * tokens, each looked up at most once per run, concurrently, before anything is removed. A list
 * is used only when it was read whole and every entry can be acted on.
 */
import { describeFailure } from '../api/describe-failure.ts';
import { isPlanWithoutInvites } from '../api/invites.ts';
import type { OrganizationApi } from '../api/organization.ts';
import { objectFields, type ApiOutcome } from '../api/transport.ts';
import type { Log } from '../model/log.ts';
import { pathSegmentProblem } from '../model/names.ts';
import type {
  Directory,
  DirectoryNeeds,
  ListedMember,
  Listing,
  OrganizationToken,
  PendingInvite,
  TokenUser,
} from '../model/organization.ts';
import { clip, jsonText } from '../model/safe-text.ts';

const KNOWN_ROLES: readonly string[] = ['owner', 'admin', 'member', 'viewer'];

/** A known role in lower case (the API's case may vary), or an unknown one as listed. */
function listedRole(role: unknown): string {
  if (typeof role !== 'string') return '(none)';
  return KNOWN_ROLES.includes(role.toLowerCase()) ? role.toLowerCase() : clip(role, 40);
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Reads each entry of a listed array with `read`, which says what is wrong with an entry it
 * cannot use; one unusable entry makes the whole list unusable, naming every such entry.
 */
function readEntries<T>(
  what: string,
  entries: unknown,
  read: (entry: Readonly<Record<string, unknown>>) => T | string,
): Listing<T> {
  if (!Array.isArray(entries)) return { kind: 'failed', problem: `the answer had no ${what} list` };
  const items: T[] = [];
  const wrong: string[] = [];
  entries.forEach((entry: unknown, index) => {
    const fields = objectFields(entry);
    const item = fields === undefined ? 'is not an object' : read(fields);
    if (typeof item === 'string') wrong.push(`entry ${index + 1} ${item} (${clip(jsonText(entry), 80)})`);
    else items.push(item);
  });
  if (wrong.length > 0) {
    const count = wrong.length === 1 ? '1 entry' : `${wrong.length} entries`;
    return { kind: 'failed', problem: `the ${what} list has ${count} that cannot be acted on: ${wrong.join('; ')}` };
  }
  return { kind: 'read', items };
}

/** The listed value that names an entry in a request path, or what is wrong with it. */
function pathValue(value: unknown, name: string): string | { problem: string } {
  if (typeof value !== 'string') return { problem: `has no ${name}` };
  const problem = pathSegmentProblem(value);
  return problem === undefined ? value : { problem: `has a ${name} that ${problem}` };
}

function readMember(entry: Readonly<Record<string, unknown>>): ListedMember | string {
  const username = pathValue(entry.username, 'username');
  if (typeof username !== 'string') return username.problem;
  const member: ListedMember = { username, role: listedRole(entry.role) };
  const email = text(entry.email);
  if (email !== undefined) member.email = email;
  return member;
}

function readInvite(entry: Readonly<Record<string, unknown>>): PendingInvite | string {
  const email = pathValue(entry.email, 'email');
  if (typeof email !== 'string') return email.problem;
  // An unreadable date does not spoil the list: that invitation alone is kept (see planAudit).
  const createdAt = typeof entry.created_at === 'string' ? Date.parse(entry.created_at) : NaN;
  const invite: PendingInvite = { email };
  if (/^\d{4}-\d\d-\d\d/.test(String(entry.created_at)) && !Number.isNaN(createdAt)) invite.createdAt = createdAt;
  // Compared with the roster's role only; an invitation is never changed.
  if (typeof entry.role === 'string') invite.role = listedRole(entry.role);
  return invite;
}

function readTokenEntry(entry: Readonly<Record<string, unknown>>): OrganizationToken | string {
  const id = pathValue(entry.id, 'id');
  if (typeof id !== 'string') return id.problem;
  const token: OrganizationToken = { id, name: clip(text(entry.name) ?? '(unnamed)', 80) };
  const owner = objectFields(entry.owner);
  if (owner !== undefined) {
    const { username, email } = owner;
    const shown: { username?: string; email?: string } = {};
    if (text(username) !== undefined) shown.username = text(username);
    if (text(email) !== undefined) shown.email = text(email);
    if (shown.username !== undefined || shown.email !== undefined) token.owner = shown;
  }
  const { group, scopes, created_at: createdAt } = entry;
  if (text(group) !== undefined) token.group = clip(String(group), 80);
  if (Array.isArray(scopes))
    token.scopes = scopes.filter((scope) => typeof scope === 'string').map((scope) => clip(scope, 40));
  if (text(createdAt) !== undefined) token.createdAt = clip(String(createdAt), 40);
  return token;
}

async function look<B, T>(
  needed: boolean,
  what: string,
  call: () => Promise<ApiOutcome<B>>,
  entries: (body: B | undefined) => unknown,
  read: (entry: Readonly<Record<string, unknown>>) => T | string,
  unavailable?: (outcome: ApiOutcome<B> & { ok: false }) => boolean,
): Promise<Listing<T>> {
  if (!needed) return { kind: 'not-needed' };
  const outcome = await call();
  if (!outcome.ok) {
    if (unavailable?.(outcome)) return { kind: 'unavailable', reason: describeFailure(outcome) };
    return { kind: 'failed', problem: `could not list the ${what}: ${describeFailure(outcome)}` };
  }
  if (outcome.incomplete !== undefined) {
    return { kind: 'failed', problem: `could not list the ${what}: ${outcome.incomplete}` };
  }
  const listing = readEntries(what, entries(outcome.body), read);
  return listing.kind === 'failed'
    ? { kind: 'failed', problem: `could not read the ${what}: ${listing.problem}` }
    : listing;
}

/** The look-ups a run needs and the token's user, all sent concurrently. */
export async function readOrganization(
  api: OrganizationApi,
  needs: DirectoryNeeds,
  log: Log,
): Promise<{ directory: Directory; tokenUser: TokenUser | undefined }> {
  const [directory, tokenUser] = await Promise.all([lookUp(api, needs), readTokenUser(api, log)]);
  return { directory, tokenUser };
}

/** The look-ups a run needs, sent concurrently. */
export async function lookUp(api: OrganizationApi, needs: DirectoryNeeds): Promise<Directory> {
  const [members, invites, tokens] = await Promise.all([
    look(
      needs.members,
      'members',
      () => api.members.list(),
      (body) => body?.members,
      readMember,
    ),
    look(
      needs.invites,
      'invitations',
      () => api.invites.list(),
      (body) => body?.invites,
      readInvite,
      (outcome) => isPlanWithoutInvites(outcome.failure),
    ),
    look(
      needs.tokens,
      'organization API tokens',
      () => api.apiTokens.list(),
      (body) => body?.tokens,
      readTokenEntry,
    ),
  ]);
  return { members, invites, tokens };
}

/**
 * The user whose token runs the action, read once per run; undefined (with a warning) when it
 * cannot be read: the run goes on, leaving every admin and owner alone (identity.ts).
 */
export async function readTokenUser(
  api: OrganizationApi,
  log: Log,
  consequence = 'so no admin or owner is removed or changed in this run: any of them may be that user',
): Promise<TokenUser | undefined> {
  const outcome = await api.currentUser.get();
  const user = objectFields(outcome.ok ? outcome.body?.user : undefined);
  const username = typeof user?.username === 'string' && user.username !== '' ? user.username : undefined;
  if (username === undefined || user === undefined) {
    const why = outcome.ok ? 'the answer had no username' : describeFailure(outcome);
    log.warning(
      `Could not tell whose token runs the action (Get Current User: ${why}), ${consequence}`,
      'Turso: token user unknown',
    );
    return undefined;
  }
  const tokenUser: TokenUser = { username };
  if (typeof user.email === 'string' && user.email !== '') tokenUser.email = user.email;
  return tokenUser;
}

export function warnInvitesUnavailable(reason: string, log: Log): void {
  log.warning(
    `Pending invitations could not be checked: the organization's plan does not seem to include them (${reason})`,
    'Turso: invitations unavailable',
  );
}
