import { describe, expect, it } from 'vitest';
import { createRedactor, escapeForLog, escapeHtml, redactDeep } from '../../src/model/safe-text.ts';
import { escapeEveryUnit } from '../support/json-escapes.ts';
import { base64Embedded, htmlReferences, percentEveryCharacter } from '../support/secret-forms.ts';

describe('createRedactor', () => {
  it('replaces every occurrence of a secret, raw and URL-encoded', () => {
    const redact = createRedactor(['s3cr+t/x']);
    expect(redact('a s3cr+t/x b s3cr+t/x')).toBe('a *** b ***');
    expect(redact(`q=${encodeURIComponent('s3cr+t/x')}`)).toBe('q=***');
  });

  it('ignores empty secrets instead of redacting everything', () => {
    expect(createRedactor([''])('text')).toBe('text');
  });

  it('redacts a secret that contains another secret whole', () => {
    expect(createRedactor(['abc', 'abcdef'])('xabcdefx')).toBe('x***x');
  });

  it('redacts a URL-encoded secret whatever the case of its percent-escapes, and reads regex characters as text', () => {
    const redact = createRedactor(['eyJ.Zm9v+YmFy/c2VjcmV0==']);
    expect(redact('a eyJ.Zm9v%2bYmFy%2fc2VjcmV0%3d%3d b eyJ.Zm9v%2BYmFy%2Fc2VjcmV0%3D%3D')).toBe('a *** b ***');
    expect(redact('eyJxZm9v+YmFy/c2VjcmV0==')).toBe('eyJxZm9v+YmFy/c2VjcmV0==');
  });
});

describe('createRedactor: the token as JSON text may write it', () => {
  // A Turso token is a JWT: base64url with dots; this one also has the characters of base64.
  const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJpZCI6Im9yZy0xIn0.s/x+y=z_w-v';
  const redact = createRedactor([TOKEN]);
  it.each([
    ['every character \\u-escaped, lowercase hex', escapeEveryUnit(TOKEN, 'lower')],
    ['every character \\u-escaped, uppercase hex', escapeEveryUnit(TOKEN, 'upper')],
    ['the slash written \\/', TOKEN.replace('/', '\\/')],
    ['one letter escaped', TOKEN.replace('h', '\\u0068')],
    [
      'escapes and raw characters mixed',
      TOKEN.replace(/[\s\S]/g, (ch, i: number) => (i % 3 === 0 ? escapeEveryUnit(ch, i % 2 ? 'upper' : 'lower') : ch)),
    ],
    ['URL-encoded', encodeURIComponent(TOKEN)],
    ['URL-encoded with lowercase escapes', encodeURIComponent(TOKEN).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
    ['URL-encoded, then JSON-escaped', escapeEveryUnit(encodeURIComponent(TOKEN), 'upper')],
    ['raw inside JSON.stringify', JSON.stringify({ error: TOKEN })],
  ])('redacts %s', (_form, written) => {
    expect(redact(`{"message":"bad token ${written} given"}`)).toBe(
      `{"message":"bad token ${written.startsWith('{') ? '{"error":"***"}' : '***'} given"}`,
    );
  });

  it('redacts nothing that is not the token', () => {
    const other = TOKEN.replace('z', 'q');
    expect(redact(`${other} ${escapeEveryUnit(other, 'lower')} \\u0074`)).toBe(
      `${other} ${escapeEveryUnit(other, 'lower')} \\u0074`,
    );
  });

  it('redacts a secret with the characters JSON escapes short, written either way', () => {
    const secret = 'a"b\\c\td';
    const redactSecret = createRedactor([secret]);
    expect(redactSecret(`x ${JSON.stringify(secret).slice(1, -1)} y ${secret} z`)).toBe('x *** y *** z');
  });
});

describe('createRedactor: the token percent-encoded, in base64, hex or HTML references', () => {
  const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJpZCI6Im9yZy0xIn0.s/x+y=z_w-v';
  const redact = createRedactor([TOKEN]);
  const base64 = Buffer.from(TOKEN).toString('base64');
  const base64url = Buffer.from(TOKEN).toString('base64url');
  it.each([
    ['one character percent-encoded', TOKEN.replace('_', '%5F')],
    ['one character percent-encoded, lowercase', TOKEN.replace('_', '%5f')],
    ['every character percent-encoded, uppercase', percentEveryCharacter(TOKEN, 'upper')],
    ['every character percent-encoded, lowercase', percentEveryCharacter(TOKEN, 'lower')],
    [
      'percent-escapes, JSON escapes and raw characters mixed',
      Array.from(TOKEN)
        .map((ch, i) => [ch, percentEveryCharacter(ch, 'lower'), escapeEveryUnit(ch, 'upper')][i % 3])
        .join(''),
    ],
    ['base64, padded', base64],
    ['base64, unpadded', base64.replace(/=+$/, '')],
    ['base64url', base64url],
    ['base64 with its slashes JSON-escaped', base64.replaceAll('/', '\\/')],
    ['hex, lowercase', Buffer.from(TOKEN).toString('hex')],
    ['hex, uppercase', Buffer.from(TOKEN).toString('hex').toUpperCase()],
    ['HTML references, decimal, hex and named', htmlReferences(TOKEN)],
    [
      'HTML references with leading zeros and no semicolons',
      Array.from(TOKEN)
        .map((ch) => `&#00${ch.charCodeAt(0)}`)
        .join(''),
    ],
    ['HTML references with the ampersand JSON-escaped', htmlReferences(TOKEN).replaceAll('&', '\\u0026')],
  ])('redacts %s', (_form, written) => {
    expect(redact(`bad token ${written} given`)).toBe('bad token *** given');
  });

  it.each([0, 1, 2])('redacts what only the token decides of a longer base64 text, %i byte(s) in', (offset) => {
    const encoded = base64Embedded(TOKEN, offset);
    expect(redact(encoded)).toContain('***');
    expect(redact(encoded).length).toBeLessThan(encoded.length - TOKEN.length);
    const url = Buffer.from(Buffer.from(encoded, 'base64')).toString('base64url');
    expect(redact(url)).toContain('***');
  });

  it('redacts nothing else', () => {
    const other = TOKEN.replace('z', 'q');
    const text = [
      other,
      Buffer.from(other).toString('base64'),
      Buffer.from(other).toString('hex'),
      htmlReferences(other),
    ].join(' ');
    expect(redact(text)).toBe(text);
  });
});

describe('redactDeep', () => {
  it('redacts every string of a value, however deep', () => {
    const redact = createRedactor(['secret']);
    expect(redactDeep({ tokens: [{ name: 'xsecret' }], n: 1 }, redact)).toEqual({ tokens: [{ name: 'x***' }], n: 1 });
  });
});

describe('escapeForLog', () => {
  it('cannot start a workflow command', () => {
    expect(escapeForLog('::set-output name=x::y')).not.toContain('::');
    expect(escapeForLog('##[group]x')).not.toContain('##[');
    expect(escapeForLog(':::')).not.toContain('::');
  });

  it('shows zero-width and bidi controls, which could make a line read as something else', () => {
    expect(escapeForLog('a\u202eb\u200bc\u2066d\ufeff')).toBe('a%u202Eb%u200Bc%u2066d%uFEFF');
  });

  it('cannot break a line', () => {
    const escaped = escapeForLog('a\nb\r\nc\u2028d\u0085e');
    expect(escaped).not.toMatch(/[\n\r\u2028\u0085]/);
    expect(escaped).toBe('a%0Ab%0D%0Ac%u2028d%85e');
  });

  it('keeps ordinary text as it is, % included, since plain log lines are never decoded', () => {
    expect(escapeForLog('jane: removed (member: jane)')).toBe('jane: removed (member: jane)');
    expect(escapeForLog('org %2e and 100%')).toBe('org %2e and 100%');
  });
});

describe('escapeHtml', () => {
  it('escapes markup', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe(
      '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
    );
  });
});
