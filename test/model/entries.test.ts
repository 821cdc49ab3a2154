import { describe, expect, it } from 'vitest';
import { entryExcerpt, entryTextProblem, nameProblem, rosterNameProblem } from '../../src/model/entries.ts';

describe('the names an input may give', () => {
  it.each([
    'alice',
    'Alice.Doe',
    'bob_b-2',
    'jane@acme.test',
    'jane.doe+turso@mail.acme.co.uk',
    "o'neil@acme.test",
    'jos\u00e9@acme.test',
    'jose\u0301@acme.test',
    'a@b-c.d',
  ])('accepts %j', (name) => {
    expect(entryTextProblem(name)).toBeUndefined();
    expect(rosterNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['alice@corp', 'is not an email'],
    ['alice@.test', 'is not an email'],
    ['alice@acme.', 'is not an email'],
    ['@acme.test', 'is not an email'],
    ['alice@-acme.test', 'is not an email'],
    ['a@b@acme.test', 'is not an email'],
    ['jos\u00e9', 'is not a Turso username'],
    ['jane+x', 'is not a Turso username'],
    ['jane!', 'is not a Turso username'],
  ])('refuses the name %j', (name, reason) => {
    expect(nameProblem(name)).toContain(reason);
  });

  it.each(['viewer', 'Admin', 'MEMBER', 'owner'])('refuses the bare role word %j on a roster only', (name) => {
    expect(rosterNameProblem(name)).toContain('is a role, not a name');
    expect(nameProblem(name)).toBeUndefined();
  });

  it.each([
    ['"alice"', 'in quotes'],
    ["'alice'", 'in quotes'],
    ['`alice`', 'in quotes'],
    ['ali"ce', 'in quotes'],
    ['<alice@acme.test>', 'angle brackets'],
    ['MAILTO:alice@acme.test', 'mailto:'],
    ['alice;bob', 'semicolon'],
    ['alice:', ': or ='],
    ['bob=viewer', ': or ='],
    ['["alice"', 'brackets'],
    ['{alice}', 'brackets'],
    ['jos\ufffd', 'U+FFFD'],
    ['\uff41\uff4c\uff49\uff43\uff45', 'compatibility characters'],
    ['\ufb01le', 'compatibility characters'],
  ])('refuses the text %j', (text, reason) => {
    expect(entryTextProblem(text)).toContain(reason);
  });
});

describe('entryExcerpt', () => {
  it('cuts an entry to 40 characters, counting code points', () => {
    expect(entryExcerpt('x'.repeat(40))).toBe('x'.repeat(40));
    expect(entryExcerpt(`${'x'.repeat(40)}secret`)).toBe(`${'x'.repeat(40)}…`);
    expect(entryExcerpt('\u{1f600}'.repeat(41))).toBe(`${'\u{1f600}'.repeat(40)}…`);
  });
});
