import { describe, expect, it } from 'vitest';
import { daysText, daysUntil, hasExpired, splitUntil, untilDateProblem, utcDay } from '../../src/model/expiry.ts';

const quote = (text: string) => `"${text}"`;
/** 2027-03-31, 23:59:59 UTC: the last second of its day. */
const LATE = Date.parse('2027-03-31T23:59:59Z');

describe('the date of until', () => {
  it.each(['2027-03-31', '2028-02-29', '2000-02-29', '2027-12-31', '2027-01-01'])('accepts %j', (date) => {
    expect(untilDateProblem(date)).toBeUndefined();
  });

  it.each(['2027-02-29', '1900-02-29', '2027-02-30', '2027-04-31', '2027-13-01', '2027-00-10', '2027-01-00'])(
    'refuses %j, which is no day of the calendar',
    (date) => {
      expect(untilDateProblem(date)).toBe('is not a day of the calendar; give a date that exists (e.g. 2027-02-28)');
    },
  );

  it.each(['27-01-01', '2027-1-1', '2027/01/31', '31.01.2027', '2027-01-31T00:00', ' 2027-01-31', '２０２７-01-31'])(
    'refuses %j, which is not written YYYY-MM-DD',
    (date) => {
      expect(untilDateProblem(date)).toBe('is not a date written YYYY-MM-DD (e.g. 2027-03-31); write the date so');
    },
  );
});

describe('until in an entry', () => {
  it.each([
    [[], { words: [] }],
    [['viewer'], { words: ['viewer'] }],
    [['until', '2027-03-31'], { words: [], until: '2027-03-31' }],
    [['member', 'until', '2027-03-31'], { words: ['member'], until: '2027-03-31' }],
    [['viewer', 'UNTIL', '2027-03-31'], { words: ['viewer'], until: '2027-03-31' }],
  ])('splits %j', (words, split) => {
    expect(splitUntil(words, quote)).toEqual(split);
  });

  it.each([[['until']], [['until', '2027-03-31', 'viewer']], [['until', 'until', '2027-03-31']]])(
    'refuses %j: until must end the entry, before its date',
    (words) => {
      expect(splitUntil(words, quote)).toEqual({
        problem:
          'until must end the entry, followed by the day from which it keeps no one, written YYYY-MM-DD (e.g. alice member until 2027-03-31)',
      });
    },
  );

  it('refuses a date that is no day of the calendar, quoting it', () => {
    expect(splitUntil(['member', 'until', '2027-02-30'], quote)).toEqual({
      problem: 'until "2027-02-30" is not a day of the calendar; give a date that exists (e.g. 2027-02-28)',
    });
  });
});

describe('when an entry expires', () => {
  it('counts days from the UTC day of now: the day before is 1, its own day 0, after it less', () => {
    expect(utcDay(LATE)).toBe('2027-03-31');
    expect(daysUntil('2027-04-01', LATE)).toBe(1);
    expect(daysUntil('2027-03-31', Date.parse('2027-03-31T00:00:00Z'))).toBe(0);
    expect(daysUntil('2027-03-31', LATE)).toBe(0);
    expect(daysUntil('2027-03-26', LATE)).toBe(-5);
    expect(daysUntil('2027-04-14', LATE)).toBe(14);
  });

  it('counts across a change of year and a leap day', () => {
    expect(daysUntil('2028-03-01', Date.parse('2028-02-28T12:00:00Z'))).toBe(2);
    expect(daysUntil('2028-01-01', Date.parse('2027-12-31T23:00:00Z'))).toBe(1);
  });

  it('expires an entry from its own day on, and never one without until', () => {
    expect(hasExpired('2027-04-01', LATE)).toBe(false);
    expect(hasExpired('2027-03-31', Date.parse('2027-03-31T00:00:00Z'))).toBe(true);
    expect(hasExpired('2027-03-30', LATE)).toBe(true);
    expect(hasExpired(undefined, LATE)).toBe(false);
  });

  it('says days as a person would', () => {
    expect(daysText(1)).toBe('1 day');
    expect(daysText(5)).toBe('5 days');
  });
});
