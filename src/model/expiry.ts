/**
 * Roster entries that expire: `alice member until 2027-03-31` keeps alice up to the day before,
 * and from that day (UTC) the audit treats the entry as absent. "Today" is the day the run
 * started, handed down by the job, never read from the clock here.
 */

/** Entries that expire within this many days are shown, so that someone can extend them in time. */
export const EXPIRY_NOTICE_DAYS = 14;

const DAY_MS = 86_400_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why `text` is not a calendar date written YYYY-MM-DD, with the fix; undefined when it is one. */
export function untilDateProblem(text: string): string | undefined {
  const match = DATE.exec(text);
  if (match === null) return 'is not a date written YYYY-MM-DD (e.g. 2027-03-31); write the date so';
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  // Date.UTC rolls 2027-02-30 over to March: a date is real when it comes back as written.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return 'is not a day of the calendar; give a date that exists (e.g. 2027-02-28)';
  }
  return undefined;
}

/**
 * The words of an entry after its name, without a closing `until YYYY-MM-DD`, and that date; or
 * the problem when `until` is not last but one, or not followed by a calendar date. `quote`
 * shows the date as the input's messages show text.
 */
export function splitUntil(
  words: readonly string[],
  quote: (text: string) => string,
): { words: string[]; until?: string } | { problem: string } {
  const at = words.findIndex((word) => word.toLowerCase() === 'until');
  if (at === -1) return { words: [...words] };
  const date = words[at + 1];
  if (date === undefined || at !== words.length - 2) {
    return {
      problem:
        'until must end the entry, followed by the day from which it keeps no one, written YYYY-MM-DD (e.g. alice member until 2027-03-31)',
    };
  }
  const problem = untilDateProblem(date);
  return problem === undefined
    ? { words: words.slice(0, at), until: date }
    : { problem: `until ${quote(date)} ${problem}` };
}

/** The day, YYYY-MM-DD in UTC, of a time in epoch milliseconds. */
export const utcDay = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** Whole days from the day of `now` (UTC) to `until` (a checked date): 0 on its day, negative after. */
export function daysUntil(until: string, now: number): number {
  return Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${utcDay(now)}T00:00:00Z`)) / DAY_MS);
}

/** `5 days`, `1 day`. */
export const daysText = (days: number): string => `${days} day${days === 1 ? '' : 's'}`;

/** Whether an entry with this `until` counts no more on the day of `now`: from its day on. */
export const hasExpired = (until: string | undefined, now: number): boolean =>
  until !== undefined && daysUntil(until, now) <= 0;
