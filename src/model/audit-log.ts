/** The organization's audit log, as far as it corroborates a removal or shows who joined. */
import { nameKey } from './names.ts';
import { escapeRegExp } from './safe-text.ts';

export interface AuditLogEntry {
  code: string;
  message: string;
  author: string;
  createdAt: string;
  data: unknown;
}

/** The code Turso writes when a member is removed. */
export const MEMBER_REMOVED = 'org-member-rm';
/** The code Turso writes when a member is added. */
export const MEMBER_ADDED = 'org-member-add';

/** Every string anywhere in an untyped value (the entry's `data` has no documented keys). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

/** A run of the characters the whole-word test treats as part of a name: word characters, dots and hyphens. */
const NAME_RUN = /[\w.-]+/g;

/** Finds, for a username, the newest `org-member-rm` entry created at or after `since` that names it. */
export function removalFinder(
  entries: readonly AuditLogEntry[],
  since: Date,
): (username: string) => AuditLogEntry | undefined {
  return memberEntryFinder(entries, MEMBER_REMOVED, since);
}

/**
 * Finds, for a username, the newest entry of `code` created at or after `since` whose message
 * names it as a whole word or whose data holds it, compared by nameKey; undefined when there is
 * none. The entries are indexed once by the names they hold, so that each look-up costs the same
 * however many entries and usernames there are.
 */
export function memberEntryFinder(
  entries: readonly AuditLogEntry[],
  code: string,
  since: Date,
): (username: string) => AuditLogEntry | undefined {
  const matching = entries
    .filter((entry) => entry.code === code && Date.parse(entry.createdAt) >= since.getTime())
    .map((entry) => ({ entry, message: nameKey(entry.message) }));
  // The first (newest) entry for each name its data holds or its message shows as a whole word.
  const byName = new Map<string, AuditLogEntry>();
  for (const { entry, message } of matching) {
    for (const name of [...strings(entry.data).map(nameKey), ...(message.match(NAME_RUN) ?? [])]) {
      if (!byName.has(name)) byName.set(name, entry);
    }
  }
  return (username) => {
    const key = nameKey(username);
    // A name made only of such characters is a whole word exactly when it is a whole run.
    if (/^[\w.-]+$/.test(key)) return byName.get(key);
    const named = new RegExp(`(^|[^\\w.-])${escapeRegExp(key)}($|[^\\w.-])`);
    return matching.find(({ entry, message }) => strings(entry.data).map(nameKey).includes(key) || named.test(message))
      ?.entry;
  };
}
