import { describe, expect, it } from 'vitest';
import type { PersonResult } from '../../src/model/people.ts';
import { logPersonResult } from '../../src/reporting/person-log.ts';
import { personResult } from '../support/person-result.ts';
import { recordingLog } from '../support/recording-log.ts';

const person = (fields: Partial<PersonResult>) => personResult('jane', fields);

const lines = (result: PersonResult, ifNotMember: 'error' | 'warn' | 'ignore' = 'error') => {
  const log = recordingLog();
  logPersonResult(result, ifNotMember, log);
  return log.lines;
};

describe('logPersonResult', () => {
  it('says what became of each role change', () => {
    expect(lines(person({ result: 'demoted', roleChange: { from: 'admin', to: 'viewer', after: 'viewer' } }))).toEqual([
      'info jane: role lowered from admin to viewer (now viewer)',
    ]);
    expect(lines(person({ result: 'demoted' }))).toEqual(['info jane: role lowered from unknown to unknown']);
    expect(lines(person({ result: 'would-demote', roleChange: { from: 'member', to: 'viewer' } }))).toEqual([
      'info jane: role would be lowered from member to viewer (dry run)',
    ]);
    expect(lines(person({ result: 'would-demote' }))).toEqual([
      'info jane: role would be lowered from unknown to unknown (dry run)',
    ]);
    expect(lines(person({ result: 'unchanged', role: 'viewer' }))).toEqual([
      'info jane: unchanged: viewer, at or below the role asked for',
    ]);
    expect(lines(person({ result: 'unchanged' }))).toEqual([
      'info jane: unchanged: unknown, at or below the role asked for',
    ]);
  });

  it('follows if-not-member for the people named, and never fails an audit for what it found gone', () => {
    const ghost = person({ result: 'not-member', error: 'gone' });
    expect(lines(ghost, 'error')).toEqual(['error jane: not a member: gone']);
    expect(lines(ghost, 'warn')).toEqual(['warning jane: not a member: gone']);
    expect(lines(ghost, 'ignore')).toEqual(['info jane: not a member: gone']);
    expect(lines({ ...ghost, entries: [] }, 'error')).toEqual(['info jane: not a member: gone']);
    expect(lines(person({ result: 'not-member' }), 'ignore')).toEqual(['info jane: not a member: ']);
  });

  it('shows a failure without a message, and a warning before the result', () => {
    expect(lines(person({ result: 'failed', warning: 'odd answer' }))).toEqual([
      'warning jane: odd answer',
      'error jane: failed',
    ]);
  });
});
