/** The organization's audit log, as far as it corroborates a removal. */
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

/** Every string anywhere in an untyped value (the entry's `data` has no documented keys). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

/**
 * Finds, for a username, the newest `org-member-rm` entry created at or after `since` whose
 * message names it as a whole word or whose data holds it, compared by nameKey; undefined when there is
 * none. The entries are read once for every username looked up, not once for each.
 */
export function removalFinder(
  entries: readonly AuditLogEntry[],
  since: Date,
): (username: string) => AuditLogEntry | undefined {
  const removals = entries
    .filter((entry) => entry.code === MEMBER_REMOVED && Date.parse(entry.createdAt) >= since.getTime())
    .map((entry) => ({ entry, message: nameKey(entry.message), data: new Set(strings(entry.data).map(nameKey)) }));
  return (username) => {
    const key = nameKey(username);
    const named = new RegExp(`(^|[^\\w.-])${escapeRegExp(key)}($|[^\\w.-])`);
    return removals.find(({ message, data }) => data.has(key) || named.test(message))?.entry;
  };
}
