/** How people and resources are named: which names can go in a request path, and when two names are one. */

/**
 * Why a value cannot be used as one path segment of an API URL, or undefined when it can.
 * Encoding would make such values "safe", but they are never real slugs or usernames, so a
 * value like `../x` is far more likely a mistake (or an attack) than a member.
 */
export function pathSegmentProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  if (value === '.' || value === '..') return `is "${value}", which is not a name`;
  if (/[/\\]/.test(value)) return 'contains a slash or backslash';
  // eslint-disable-next-line no-control-regex -- control characters are what we refuse
  if (/[\s\u0000-\u001f\u007f-\u009f]/u.test(value)) return 'contains whitespace or a control character';
  return undefined;
}

/** Compares names and emails the way people and the API may spell them: without case. */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** Names compared as `sameName` compares them, each looked up at once however many there are. */
export class NameSet {
  readonly #names = new Set<string>();

  constructor(names: Iterable<string | undefined> = []) {
    for (const name of names) if (name !== undefined) this.#names.add(name.toLowerCase());
  }

  has(name: string | undefined): boolean {
    return name !== undefined && this.#names.has(name.toLowerCase());
  }
}

/** Items looked up by a name of theirs as `sameName` compares names, each lookup at once, in listed order. */
export class NameIndex<T> {
  readonly #items = new Map<string, T[]>();

  constructor(items: readonly T[], nameOf: (item: T) => string | undefined) {
    for (const item of items) {
      const name = nameOf(item)?.toLowerCase();
      if (name === undefined) continue;
      const named = this.#items.get(name);
      if (named === undefined) this.#items.set(name, [item]);
      else named.push(item);
    }
  }

  /** Every item whose name is `name`. */
  all(name: string | undefined): readonly T[] {
    return name === undefined ? [] : (this.#items.get(name.toLowerCase()) ?? []);
  }
}

/** `name@domain.tld`: an entry that names a person by email. */
export function isEmail(entry: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(entry);
}
