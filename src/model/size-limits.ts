/**
 * What GitHub accepts of the text the action writes: an issue body or comment of at most
 * 65,536 characters, and a job summary of at most 1 MiB per step. Rows that do not fit are
 * left out, and the text says how many and where the rest is.
 */

export const ISSUE_BODY_MAX_CHARS = 65_536;
export const SUMMARY_MAX_BYTES = 1_048_576;

/** The leading rows whose sizes add up to at most `budget`, their size, and how many were left out. */
export function rowsWithin<T>(
  rows: readonly T[],
  budget: number,
  size: (row: T) => number,
): { shown: T[]; used: number; leftOut: number } {
  let used = 0;
  let count = 0;
  for (const row of rows) {
    const next = used + size(row);
    if (next > budget) break;
    used = next;
    count += 1;
  }
  return { shown: rows.slice(0, count), used, leftOut: rows.length - count };
}
