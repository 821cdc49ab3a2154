import { describe, expect, it } from 'vitest';
import { cancelledAfter } from '../../src/model/outcome.ts';
import type { PersonResult } from '../../src/model/people.ts';

describe('cancelledAfter', () => {
  it('says what a cancelled removal did, or that nothing was done', () => {
    const result = (result: 'removed' | 'failed'): PersonResult => ({
      username: 'a',
      entries: ['a'],
      listedAtStart: true,
      result,
      membership: result,
      invite: 'none',
      tokens: [],
      problems: { others: [] },
      actions: [],
      verified: 'not-checked',
    });
    expect(cancelledAfter({ results: [] })).toBe(
      'The run was cancelled before anything was removed; nothing more was sent',
    );
    expect(cancelledAfter({ results: [result('removed'), result('failed')] })).toBe(
      'The run was cancelled after offboarding 1 of 2 person(s); nothing more was sent',
    );
  });
});
