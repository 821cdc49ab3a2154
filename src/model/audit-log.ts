/** The organization's audit log, as far as it corroborates a removal. */
import { nameKey, sameName } from './names.ts';
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

/** True when the text names the username as a whole word, compared by nameKey. */
function namesIn(text: string, username: string): boolean {
  return new RegExp(`(^|[^\\w.-])${escapeRegExp(nameKey(username))}($|[^\\w.-])`).test(nameKey(text));
}

/** Every string anywhere in an untyped value (the entry's `data` has no documented keys). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

/**
 * The newest `org-member-rm` entry created at or after `since` whose message or data names the
 * username; undefined when there is none.
 */
export function removalEntry(
  entries: readonly AuditLogEntry[],
  username: string,
  since: Date,
): AuditLogEntry | undefined {
  return entries.find(
    (entry) =>
      entry.code === MEMBER_REMOVED &&
      Date.parse(entry.createdAt) >= since.getTime() &&
      (namesIn(entry.message, username) || strings(entry.data).some((s) => sameName(s, username))),
  );
}
