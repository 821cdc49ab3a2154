import { describe, expect, it } from 'vitest';
import { parseList } from '../../src/inputs/values.ts';
import { givenNameProblem, nameKey, pathSegmentProblem, sameName, visibleName } from '../../src/model/names.ts';

describe('parseList', () => {
  it('splits on newlines and commas, trims, drops blanks and repeats, keeps order', () => {
    expect(parseList(' bob, jane\n\n  ,jane\r\nbob \n ann')).toEqual(['bob', 'jane', 'ann']);
    expect(parseList('')).toEqual([]);
    expect(parseList(' , \n ')).toEqual([]);
  });
});

describe('givenNameProblem', () => {
  it.each(['iku', 'a+b@c%d', 'Jane.Doe', 'x_y-z', '<b>'])('accepts %s', (value) => {
    expect(givenNameProblem(value)).toBeUndefined();
  });

  it.each([
    ['', 'is empty'],
    ['.', 'not a name'],
    ['..', 'not a name'],
    ['a/b', 'slash'],
    ['a\\b', 'slash'],
    ['a b', 'whitespace'],
    ['a\tb', 'whitespace'],
    ['a\u0000b', 'control'],
    ['a\u007fb', 'control'],
    ['a\u00a0b', 'whitespace'],
    ['a\u200bb', 'invisible character, U+200B, at character 2'],
    ['a\u00adb', 'invisible character, U+00AD'],
    ['\u{1f600}\u200d', 'invisible character, U+200D, at character 2'],
    ['a\ufe0fb', 'invisible character, U+FE0F'],
  ])('refuses %j', (value, reason) => {
    expect(givenNameProblem(value)).toContain(reason);
  });

  it('leaves invisible characters to names given as input: a listed member may hold one', () => {
    expect(pathSegmentProblem('a\u200bb')).toBeUndefined();
  });
});

describe('names', () => {
  it('are one name in any case and either Unicode composition', () => {
    expect(sameName('Jos\u00e9@acme.test', 'jose\u0301@ACME.test')).toBe(true);
    expect(nameKey('JOSE\u0301')).toBe('jos\u00e9');
    expect(sameName('jose', 'jos\u00e9')).toBe(false);
    expect(sameName(undefined, undefined)).toBe(false);
  });

  it('show invisible and control characters as their code points', () => {
    expect(visibleName('\u200bjane\u00ad\u0007')).toBe('<U+200B>jane<U+00AD><U+0007>');
    expect(visibleName('jos\u00e9')).toBe('jos\u00e9');
  });
});
