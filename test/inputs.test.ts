import { describe, expect, it } from 'vitest';
import { parseList } from '../src/inputs.ts';
import { pathSegmentProblem } from '../src/model/names.ts';

describe('parseList', () => {
  it('splits on newlines and commas, trims, drops blanks and repeats, keeps order', () => {
    expect(parseList(' bob, jane\n\n  ,jane\r\nbob \n ann')).toEqual(['bob', 'jane', 'ann']);
    expect(parseList('')).toEqual([]);
    expect(parseList(' , \n ')).toEqual([]);
  });
});

describe('pathSegmentProblem', () => {
  it.each(['iku', 'a+b@c%d', 'Jane.Doe', 'x_y-z', '<b>'])('accepts %s', (value) => {
    expect(pathSegmentProblem(value)).toBeUndefined();
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
  ])('refuses %j', (value, reason) => {
    expect(pathSegmentProblem(value)).toContain(reason);
  });
});
