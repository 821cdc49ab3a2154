/**
 * Making untrusted text (from inputs, rosters or the API) safe to write: secrets are redacted
 * everywhere, log text cannot start a workflow command or break a line, and text in the job
 * summary, the drift issue and its comments is data, never markup.
 */

export type Redactor = (text: string) => string;

const REDACTED = '***';

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The characters JSON text may write with a short escape. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** One UTF-16 unit as text may hold it: as itself, or JSON-escaped (`\uXXXX` in either case, or short). */
function unitPattern(unit: string): string {
  const hex = unit.charCodeAt(0).toString(16).padStart(4, '0');
  const short = SHORT_ESCAPES[unit];
  // The hex digits of `\uXXXX` in either case.
  const forms = [escapeRegExp(unit), `\\\\u${hex.replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`)}`];
  if (short !== undefined) forms.push(escapeRegExp(short));
  return `(?:${forms.join('|')})`;
}

/**
 * A secret as the action may meet it in text: each of its units raw or JSON-escaped, each
 * independently, so that any mix an API's encoder chose is matched without listing the mixes.
 */
function textPattern(secret: string): string {
  // Unit by unit (a regex without the u flag): an escaped astral character is a pair of `\uXXXX`.
  return secret.replace(/[\s\S]/g, unitPattern);
}

/** The same, URL-encoded, the digits of its percent-escapes in either case (`%2F` or `%2f`). */
function encodedPattern(secret: string): string {
  const eitherCase = (digit: string) =>
    `(?:${[...new Set([digit.toLowerCase(), digit.toUpperCase()])].map(unitPattern).join('|')})`;
  return encodeURIComponent(secret)
    .split(/(%[0-9A-F]{2})/)
    .map((part) =>
      part.startsWith('%') ? `${unitPattern('%')}${part.slice(1).replace(/./g, eitherCase)}` : textPattern(part),
    )
    .join('');
}

/** Replaces every occurrence of each secret (raw, URL-encoded, JSON-escaped) with `***`. */
export function createRedactor(secrets: readonly string[]): Redactor {
  const patterns = [
    ...new Set(
      secrets
        .filter((s) => s !== '')
        // Longest first, so a secret that contains another is redacted whole.
        .sort((a, b) => b.length - a.length)
        .flatMap((secret) => [textPattern(secret), encodedPattern(secret)]),
    ),
  ];
  if (patterns.length === 0) return (text) => text;
  const needles = new RegExp(patterns.join('|'), 'g');
  return (text) => text.replace(needles, REDACTED);
}

/** Every string in a value redacted: for records whose strings each came from somewhere else. */
export function redactDeep(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, redact)]));
  }
  return value;
}

/** A parsed JSON value written out again, to show what an answer held; never throws. */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    // Nested deeper than the stack allows (JSON.parse reads any depth): a defect of the answer.
    return '(a JSON value nested too deeply to show)';
  }
}

/** Longest text from the API or inputs that the action writes in one place. */
export const MAX_TEXT_LENGTH = 200;

/** Cuts text to `max` characters, marking the cut. Redact first: a cut can split a secret. */
export function clip(text: string, max: number = MAX_TEXT_LENGTH): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Makes a plain log line safe: percent-encodes what the runner would read as a workflow command
 * (`::name::`, `##[...]`) or as a line break. Everything else, `%` included, stays as typed:
 * plain lines are never decoded, so `%2e` must not turn into `%252e`.
 */
export function escapeForLog(text: string): string {
  return (
    text
      // Control characters and line separators, and the zero-width and bidi controls that can make
      // a line read as something else.
      // eslint-disable-next-line no-control-regex -- control characters are what we escape
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (ch) => {
        const code = ch.charCodeAt(0);
        return code <= 0xff
          ? `%${code.toString(16).toUpperCase().padStart(2, '0')}`
          : `%u${code.toString(16).toUpperCase()}`;
      })
      .replace(/::/g, ':%3A')
      .replace(/##\[/g, '#%23[')
  );
}

/**
 * ASCII punctuation that Markdown (GitHub's included: tables, autolinks, strikethrough, math)
 * or HTML could act on. `:` and `.` stop `https://` and `www.` autolinks; `%+,-/;=?` act on
 * nothing in running text and stay readable.
 */
const MARKUP_PUNCTUATION = /[!"#$&'()*.:<>@[\\\]^_`{|}~]/g;
/** Line breaks and tabs: they could end a table row or an HTML block, so they become spaces. */
const LINE_BREAKS = /\r\n|[\t\n\v\f\r\u0085\u2028\u2029]/g;
/** Text on one line: for outputs that hold one value a line (the `member` output). */
export function singleLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ');
}

/** Control, format (zero-width, bidi), lone surrogate and other invisible characters: shown as U+FFFD. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * Text from the API, a roster or an input as it goes into Markdown or HTML: inert in both, the
 * one encoding for every such text the action writes. Each character either could act on
 * becomes a numeric character reference (`[` → `&#91;`), which both read back as the character
 * and neither acts on. `@` is also followed by a `<wbr>`: GitHub looks for mentions and
 * `name@domain.tld` mail links in the text after references are read back, and an element right
 * after the `@` leaves nothing to link in the text it looks in.
 */
export function inertText(text: string): string {
  return text
    .replace(LINE_BREAKS, ' ')
    .replace(INVISIBLE, '\uFFFD')
    .replace(MARKUP_PUNCTUATION, (ch) => `&#${ch.charCodeAt(0)};${ch === '@' ? '<wbr>' : ''}`);
}

/**
 * A name (username, email, role, token or group name) in an issue or comment: inert text in
 * `<code>`, since after rendering GitHub links issue references (`org/repo#1`, which also
 * notifies that issue) and commit hashes everywhere but in code.
 */
export function inertCode(text: string): string {
  return `<code>${inertText(text)}</code>`;
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** For HTML attribute values the action builds (links); text goes through inertText. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}
