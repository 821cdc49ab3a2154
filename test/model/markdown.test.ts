/**
 * The one encoding of text from the API, rosters and inputs for Markdown and HTML, read the way
 * GitHub reads it: as a table cell of an issue (GFM), and as a cell of the summary's HTML table.
 */
import { describe, expect, it } from 'vitest';
import { inertCode, inertText } from '../../src/model/safe-text.ts';
import { HOSTILE_TEXT, INVISIBLE, renderGfm } from '../support/markdown.ts';

const NAMED: Record<string, string> = { quot: '"', lt: '<', gt: '>', amp: '&' };

/** The text a reader sees in rendered HTML: tags dropped, references read back (in one pass). */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:#(\d+)|(quot|lt|gt|amp));/g, (_, code: string | undefined, name: string | undefined) =>
      code === undefined ? (NAMED[name ?? ''] ?? '') : String.fromCodePoint(Number(code)),
    );
}

/** What the text should read as: line breaks as spaces, invisible characters shown. */
const expected = (text: string) => text.replace(/\r\n|[\t\n\r]/g, ' ').replace(/[\u200b\u202e\u2066\ufeff]/g, '\uFFFD');

const tags = (html: string) => [...html.matchAll(/<([a-z0-9]+)/g)].map((m) => m[1]);

describe('inertText and inertCode', () => {
  it.each(HOSTILE_TEXT)(
    'keep %j data in a GFM table cell: one row, no element of its own, read back as typed',
    (text) => {
      const html = renderGfm(`| Who | Role |\n| --- | --- |\n| ${inertCode(text)} | member |\n`);
      expect(tags(html).sort()).toEqual(
        ['code', 'table', 'tbody', 'td', 'td', 'th', 'th', 'thead', 'tr', 'tr', 'wbr']
          .filter((tag) => tag !== 'wbr' || text.includes('@'))
          .sort(),
      );
      const cell = /<td><code>(.*?)<\/code><\/td>/s.exec(html)?.[1] ?? '';
      expect(visibleText(cell)).toBe(expected(text));
    },
  );

  it.each(HOSTILE_TEXT)('keep %j data in an HTML table cell, as in the job summary', (text) => {
    const html = renderGfm(`<h2>Plan</h2>\n<table><tr><td>${inertText(text)}</td><td>keep</td></tr></table>\n`);
    expect(tags(html).filter((tag) => tag !== 'wbr')).toEqual(['h2', 'table', 'tr', 'td', 'td']);
    expect(visibleText(/<td>(.*?)<\/td>/s.exec(html)?.[1] ?? '')).toBe(expected(text));
  });

  it('leave nothing GitHub could link after rendering: every @ is followed by an element, outside any text to link', () => {
    const html = renderGfm(inertText('mail phish@evil.example or @acme/security'));
    expect(html).toBe('<p>mail phish@<wbr>evil.example or @<wbr>acme/security</p>');
    expect(html).not.toMatch(/@(?!<wbr>)/);
  });

  it('hand no reader a control, zero-width or bidi character, nor a line break', () => {
    for (const text of HOSTILE_TEXT) {
      expect(inertText(text)).not.toMatch(INVISIBLE);
      expect(inertText(text)).not.toMatch(/[\n\r\u2028\u2029]/);
    }
  });

  it('encode nothing a reader needs as typed: letters of any script, digits, spaces and -,/%+=?;', () => {
    expect(inertText('Zoë Łukasz 李 0-9 a/b 50% a+b=c? x;y')).toBe('Zoë Łukasz 李 0-9 a/b 50% a+b=c? x;y');
  });
});
