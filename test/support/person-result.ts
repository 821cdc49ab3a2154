/** A person's result as the reporting tests start from: removed, verified gone, with `fields` over it. */
import type { PersonResult } from '../../src/model/people.ts';

export const personResult = (username: string, fields: Partial<PersonResult> = {}): PersonResult => ({
  username,
  entries: [username],
  listedAtStart: true,
  result: 'removed',
  membership: 'removed',
  invite: 'none',
  tokens: [],
  problems: { others: [] },
  actions: [],
  verified: 'gone',
  ...fields,
});
