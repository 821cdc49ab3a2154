/**
 * What a reader sees of the Markdown the action writes: GitHub Flavored Markdown rendered to
 * HTML by micromark (raw HTML passed through, as GitHub does before it sanitises), and the
 * hostile names the tests put where the API, rosters and inputs reach the action.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

export function renderGfm(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/**
 * Names that try every way into the page: a phishing link and a team mention after a line break
 * (the issue's own example), images, raw HTML, autolinks, emphasis, headings, table breaks,
 * entities, zero-width and bidi characters. Usable as a username, email, role or token name:
 * none holds a slash or whitespace other than the line breaks of the first two.
 */
export const HOSTILE_TEXT = [
  'ci\n[Re-authenticate here](https://evil.example/login) @acme/security',
  'x|y</code><img src=x onerror=alert(1)>\r\n\r\n# Owned\n\n| a | b |',
  '![pixel](https://evil.example/p.png)',
  '<a_href="https://evil.example">click</a>',
  'www.evil.example',
  'https://evil.example/x',
  'phish@evil.example',
  '@octocat',
  '**bold**_em_~~del~~`tick`$math$',
  '\u202Egnp.exe\u200B\u2066\uFEFF',
  '&amp;&#64;&lt;script&gt;',
  '\\|\\\\|',
  ':warning:#1acme/app#2',
];

/** The same, without line breaks, slashes or whitespace: names the API could list as a username or email. */
export const HOSTILE_NAMES = HOSTILE_TEXT.map((text) => text.replace(/[\s/\\]+/g, '_'));

/** Characters no reader should be handed: controls, zero-width and bidi marks. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
export const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;
