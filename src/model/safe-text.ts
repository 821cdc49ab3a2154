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

/** A hex number as a pattern whose letter digits match in either case. */
const eitherCaseHex = (hex: string) => hex.replace(/[a-fA-F]/g, (d) => `[${d.toLowerCase()}${d.toUpperCase()}]`);

/** One UTF-16 unit as text may hold it: as itself, or JSON-escaped (`\uXXXX` in either case, or short). */
function unitPattern(unit: string): string {
  const hex = unit.charCodeAt(0).toString(16).padStart(4, '0');
  const short = SHORT_ESCAPES[unit];
  const forms = [escapeRegExp(unit), `\\\\u${eitherCaseHex(hex)}`];
  if (short !== undefined) forms.push(escapeRegExp(short));
  return `(?:${forms.join('|')})`;
}

/**
 * Text as the action may meet it: each of its units raw or JSON-escaped, each independently, so
 * that any mix an API's encoder chose is matched without listing the mixes.
 */
function textPattern(text: string): string {
  // Unit by unit (a regex without the u flag): an escaped astral character is a pair of `\uXXXX`.
  return text.replace(/[\s\S]/g, unitPattern);
}

/** Text as UTF-8 bytes (a lone surrogate as U+FFFD, as an encoder writes it). */
function utf8Bytes(text: string): number[] {
  return encodeURIComponent(text.toWellFormed())
    .split(/(%[0-9A-F]{2})/)
    .flatMap((part) =>
      part.startsWith('%') ? [Number.parseInt(part.slice(1), 16)] : Array.from(part, (ch) => ch.charCodeAt(0)),
    );
}

/**
 * HTML's named character references for the ASCII punctuation that has one (letters, digits
 * and `-` have none): a token's `.`, `_`, `/`, `+` and `=` among them.
 */
const NAMED_REFERENCES: Readonly<Record<string, readonly string[]>> = {
  '\t': ['Tab'],
  '\n': ['NewLine'],
  '!': ['excl'],
  '"': ['quot', 'QUOT'],
  '#': ['num'],
  $: ['dollar'],
  '%': ['percnt'],
  '&': ['amp', 'AMP'],
  "'": ['apos'],
  '(': ['lpar'],
  ')': ['rpar'],
  '*': ['ast', 'midast'],
  '+': ['plus'],
  ',': ['comma'],
  '.': ['period'],
  '/': ['sol'],
  ':': ['colon'],
  ';': ['semi'],
  '<': ['lt', 'LT'],
  '=': ['equals'],
  '>': ['gt', 'GT'],
  '?': ['quest'],
  '@': ['commat'],
  '[': ['lsqb', 'lbrack'],
  '\\': ['bsol'],
  ']': ['rsqb', 'rbrack'],
  '^': ['Hat'],
  _: ['lowbar', 'UnderBar'],
  '`': ['grave', 'DiacriticalGrave'],
  '{': ['lcub', 'lbrace'],
  '|': ['verbar', 'vert', 'VerticalLine'],
  '}': ['rcub', 'rbrace'],
};

/** A hex digit of a percent-escape, in either case, itself raw or JSON-escaped. */
const escapedDigit = (digit: string) =>
  `(?:${[...new Set([digit.toLowerCase(), digit.toUpperCase()])].map(unitPattern).join('|')})`;

/**
 * One character as text may hold it: raw or JSON-escaped; percent-encoded (each UTF-8 byte as
 * `%XX`, either case); or an HTML character reference (decimal, hex, or named), the `&`, `#` and
 * `;` of which may themselves be JSON-escaped, as encoders of HTML-safe JSON write them.
 */
function characterPattern(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const [amp, hash, semi] = ['&', '#', ';'].map(unitPattern);
  return `(?:${[
    textPattern(char),
    utf8Bytes(char)
      .map((byte) => `${unitPattern('%')}${byte.toString(16).padStart(2, '0').replace(/./g, escapedDigit)}`)
      .join(''),
    // A numeric reference may lack its `;` (browsers still read it) and carry leading zeros.
    `${amp}${hash}0*${code}${semi}?`,
    `${amp}${hash}[xX]0*${eitherCaseHex(code.toString(16))}${semi}?`,
    ...(NAMED_REFERENCES[char] ?? []).map((name) => `${amp}${escapeRegExp(name)}${semi}`),
  ].join('|')})`;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of bytes, padded. */
function base64(bytes: readonly number[]): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = bytes.slice(i, i + 3);
    const triple = (a << 16) | (b << 8) | c;
    const chars = [18, 12, 6, 0].map((shift) => BASE64_ALPHABET.charAt((triple >> shift) & 63));
    const kept = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    text += chars.slice(0, kept).join('').padEnd(4, '=');
  }
  return text;
}

/**
 * The secret's bytes in base64 and base64url: its own encoding, padded or not, and the
 * characters that only its bytes decide at each of the three alignments it can have inside the
 * encoding of a longer text (`Basic` credentials, a JSON blob encoded whole).
 */
function base64Forms(secret: string): string[] {
  const bytes = utf8Bytes(secret);
  const standard = [base64(bytes), base64(bytes).replace(/=+$/, '')];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = base64([...Array<number>(offset).fill(0), ...bytes]);
    const first = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    standard.push(encoded.slice(first, end));
  }
  return standard.flatMap((form) => [form, form.replace(/\+/g, '-').replace(/\//g, '_')]);
}

/** The secret's bytes as hex, each digit in either case. */
function hexForm(secret: string): string {
  return utf8Bytes(secret)
    .map((byte) => eitherCaseHex(byte.toString(16).padStart(2, '0')))
    .join('');
}

const MIN_ENCODED_LENGTH = 8;

/**
 * Every form the action may meet a secret in, each a regex: each character raw, JSON-escaped,
 * percent-encoded or an HTML reference, in any mix; the bytes in base64, base64url or hex.
 */
function secretPatterns(secret: string): string[] {
  // By code point: a percent-escape or a reference stands for a whole character.
  const text = Array.from(secret, characterPattern).join('');
  // Longest first at each place, so that a padded encoding is redacted whole.
  const encoded = [...new Set(base64Forms(secret))]
    // A few characters of base64 would match text by chance: a secret that short is no token.
    .filter((form) => form.length >= MIN_ENCODED_LENGTH)
    .sort((a, b) => b.length - a.length)
    .map(textPattern);
  return [text, ...encoded, hexForm(secret)];
}

/** Replaces every occurrence of each secret with `***`, in every form secretPatterns knows. */
export function createRedactor(secrets: readonly string[]): Redactor {
  const needles = [...new Set(secrets.filter((s) => s !== ''))]
    // Longest first, so a secret that contains another is redacted whole.
    .sort((a, b) => b.length - a.length)
    // One expression a secret: the engine then skips ahead by what can start one of its forms.
    .map((secret) => new RegExp(secretPatterns(secret).join('|'), 'g'));
  return (text) => needles.reduce((redacted, needle) => redacted.replace(needle, REDACTED), text);
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
