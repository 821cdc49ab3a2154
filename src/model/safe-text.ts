/**
 * Making untrusted text (from inputs or the API) safe to write: secrets are redacted
 * everywhere, log text cannot start a workflow command or break a line, and summary text
 * cannot inject HTML.
 */

export type Redactor = (text: string) => string;

const REDACTED = '***';

/** Replaces every occurrence of each secret (raw and URL-encoded) with `***`. */
export function createRedactor(secrets: readonly string[]): Redactor {
  const needles = [...new Set(secrets.flatMap((secret) => [secret, encodeURIComponent(secret)]))]
    .filter((needle) => needle.length > 0)
    // Longest first, so a secret that contains another is redacted whole.
    .sort((a, b) => b.length - a.length);
  return (text) => needles.reduce((out, needle) => out.split(needle).join(REDACTED), text);
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
      // eslint-disable-next-line no-control-regex -- control characters are what we escape
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => {
        const code = ch.charCodeAt(0);
        return code <= 0xff
          ? `%${code.toString(16).toUpperCase().padStart(2, '0')}`
          : `%u${code.toString(16).toUpperCase()}`;
      })
      .replace(/::/g, ':%3A')
      .replace(/##\[/g, '#%23[')
  );
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}
