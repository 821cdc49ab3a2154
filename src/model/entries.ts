/**
 * What a name given as input may be: a Turso username or an email, read strictly. A roster that
 * is read loosely keeps strangers and removes the people it meant (a quoted CSV field matches
 * nobody, `alice,viewer` keeps someone called viewer), so anything else is refused, with what to fix.
 */
import { readRole } from './roles.ts';

/**
 * A Turso username: letters, digits, `-`, `_` and `.`, as the GitHub logins and sign-up names
 * Turso derives them from are written (never `.` or `..`, which pathSegmentProblem refuses).
 */
const USERNAME = /^[A-Za-z0-9_.-]+$/;

/** A letter, mark or digit of any script: an address may be internationalized (`josé@acme.test`). */
const ALNUM = String.raw`[\p{L}\p{M}\p{N}]`;
/** A domain label: letters and digits, with hyphens inside. */
const LABEL = String.raw`${ALNUM}(?:[\p{L}\p{M}\p{N}-]*${ALNUM})?`;
/**
 * `local@domain.tld`: a local part of letters, digits and `.` `_` `%` `+` `-` `'` (as in o'neil;
 * entryTextProblem refuses a quote around the entry), and a domain of two labels or more
 * (`alice@corp` names no mailbox).
 */
const EMAIL = new RegExp(String.raw`^[\p{L}\p{M}\p{N}._%+'-]+@(?:${LABEL}\.)+${LABEL}$`, 'u');

/** At most this many characters of an entry are shown in a message: enough to find it, not a file's contents. */
const SHOWN_ENTRY_CHARS = 40;

/** The entry cut to SHOWN_ENTRY_CHARS characters, with an ellipsis when cut. */
export function entryExcerpt(text: string): string {
  const characters = Array.from(text);
  return characters.length <= SHOWN_ENTRY_CHARS ? text : `${characters.slice(0, SHOWN_ENTRY_CHARS).join('')}…`;
}

/**
 * Why a whole entry as written (a name and maybe a role, or a team) is the shape of something
 * else, a CSV field, a mail header, a `name: role` pair, a file in another encoding, or undefined.
 * Each reason ends with the fix.
 */
export function entryTextProblem(text: string): string | undefined {
  if (text.includes('\uFFFD')) {
    return 'contains U+FFFD, the mark of bytes that were not UTF-8 (a file saved as Windows-1252 or Latin-1); save it as UTF-8';
  }
  if (text.normalize('NFKC') !== text.normalize('NFC')) {
    return 'is written in compatibility characters (fullwidth letters, ligatures, superscripts); type it in plain characters';
  }
  if (/^mailto:/i.test(text)) return 'is a mailto: link; give the address alone';
  if (/[<>]/.test(text)) return 'has angle brackets, as a mail header writes an address; give the address alone';
  if (/[[\]{}]/.test(text)) {
    return 'holds brackets, as a JSON array writes; give the names one a line or separated by commas, without brackets or quotes';
  }
  // An apostrophe inside an address is its own (o'neil@acme.test); around an entry it quotes it.
  if (/^'|'$|["`]/.test(text)) return 'is in quotes, as a CSV export writes fields; drop the quotes';
  if (text.includes(';'))
    return 'holds a semicolon, as a CSV with ; separators writes; separate names with commas or newlines';
  if (/[:=]/.test(text)) {
    return 'holds a : or =, as in name: role; give the role after the name, separated by a space (e.g. alice viewer)';
  }
  return undefined;
}

/**
 * Why a name of a roster (`keep`, `keep-file`) is neither a username nor an email, or undefined.
 * A bare role word is a CSV's role column (`alice,viewer`), never a person.
 */
export function rosterNameProblem(name: string): string | undefined {
  if (readRole(name) !== undefined) {
    return 'is a role, not a name (a role column?); give the role after the name it belongs to, separated by a space (e.g. alice viewer)';
  }
  return nameProblem(name);
}

/** Why a name (of `username`, or of a roster) is neither a Turso username nor an email, or undefined. */
export function nameProblem(name: string): string | undefined {
  if (name.includes('@')) {
    return EMAIL.test(name)
      ? undefined
      : 'is not an email (local@domain.tld, with a dot in the domain); give the whole address, or the username';
  }
  return USERNAME.test(name)
    ? undefined
    : 'is not a Turso username (letters, digits, -, _ and .) nor an email (local@domain.tld); give one of them';
}
