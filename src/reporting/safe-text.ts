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

/**
 * Percent-encodes what the runner would read as a workflow command (`::name::`, `##[...]`)
 * or as a line break, and `%` itself so the encoding stays unambiguous.
 */
export function escapeForLog(text: string): string {
  return (
    text
      .replace(/%/g, '%25')
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
