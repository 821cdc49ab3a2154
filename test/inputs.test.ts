import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseList, RECORDED_INPUTS } from '../src/inputs.ts';
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

describe('RECORDED_INPUTS', () => {
  it('is every input of action.yml but the two tokens, so the evidence record keeps them all', () => {
    const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    const secrets = ['token', 'github-token'];
    expect([...RECORDED_INPUTS].toSorted()).toEqual(
      Object.keys(action.inputs)
        .filter((n) => !secrets.includes(n))
        .toSorted(),
    );
  });
});
