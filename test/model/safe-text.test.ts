import { describe, expect, it } from 'vitest';
import { createRedactor, escapeForLog, escapeHtml, redactDeep } from '../../src/model/safe-text.ts';

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

describe('redactDeep', () => {
  it('redacts every string of a parsed value, where a JSON escape hid the secret from the raw text', () => {
    const raw = '{"tokens":[{"name":"x\\u0073ecret"}],"n":1}';
    const redact = createRedactor(['secret']);
    expect(redact(raw)).toBe(raw);
    expect(redactDeep(JSON.parse(raw), redact)).toEqual({ tokens: [{ name: 'x***' }], n: 1 });
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
