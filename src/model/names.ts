/** How people and resources are named: which names can go in a request path, and when two names are one. */

/** Longer than any username, email, token id or group name the API gives (an email is at most 254). */
export const MAX_SEGMENT_LENGTH = 256;

/**
 * Why a value cannot be used as one path segment of an API URL, or undefined when it can.
 * Encoding would make such values "safe", but they are never real slugs or usernames, so a
 * value like `../x` is far more likely a mistake (or an attack) than a member.
 */
export function pathSegmentProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  if (value.length > MAX_SEGMENT_LENGTH) return `is longer than ${MAX_SEGMENT_LENGTH} characters`;
  if (value === '.' || value === '..') return `is "${value}", which is not a name`;
  if (/[/\\]/.test(value)) return 'contains a slash or backslash';
  // eslint-disable-next-line no-control-regex -- control characters are what we refuse
  if (/[\s\u0000-\u001f\u007f-\u009f]/u.test(value)) return 'contains whitespace or a control character';
  // A lone surrogate (which a JSON escape can carry) cannot be URL-encoded.
  if (!value.isWellFormed()) return 'contains a lone surrogate, which no URL can carry';
  return undefined;
}

/**
 * Characters that show as nothing (zero-width spaces and joiners, soft hyphens, byte-order marks,
 * bidi controls): a name carrying one looks right and matches nobody.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/**
 * Why a name given as input cannot be one a person meant, or undefined: one of the path segment
 * problems, or an invisible character. (A name the API lists may hold one: it is that member's.)
 */
export function givenNameProblem(value: string): string | undefined {
  const invisible = INVISIBLE.exec(value);
  if (invisible === null) return pathSegmentProblem(value);
  return `contains an invisible character, ${codePoint(invisible[0])}, at character ${Array.from(value.slice(0, invisible.index)).length + 1}; delete it (text pasted from a chat or a document can carry one)`;
}

/** `U+200B`: how an error names a character that cannot be shown. */
function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The value with every invisible or control character written as its code point, for a message. */
export function visibleName(value: string): string {
  return value.replace(/[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, (c) => `<${codePoint(c)}>`);
}

/**
 * The form in which two spellings of one name are equal: without case, and in Unicode's composed
 * form (NFC), since macOS file names and some HR exports write `é` as `e` and a combining accent.
 */
export function nameKey(name: string): string {
  return name.toLowerCase().normalize('NFC');
}

/** Compares names and emails the way people and the API may spell them: by their nameKey. */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && nameKey(a) === nameKey(b);
}

/** Names compared as `sameName` compares them, each looked up at once however many there are. */
export class NameSet {
  readonly #names = new Set<string>();

  constructor(names: Iterable<string | undefined> = []) {
    for (const name of names) if (name !== undefined) this.#names.add(nameKey(name));
  }

  has(name: string | undefined): boolean {
    return name !== undefined && this.#names.has(nameKey(name));
  }
}

/** `name@domain.tld`: an entry that names a person by email. */
export function isEmail(entry: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(entry);
}
