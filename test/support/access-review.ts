/**
 * What a test reads of an access review: the report file checked against
 * docs/report.schema.json (every review a test reads goes through here, so the schema and the
 * files cannot drift apart), and the CSV parsed back as RFC 4180 says.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessReview } from '../../src/model/access-review.ts';
import { ROOT } from './run-action.ts';

export const REPORT_SCHEMA = join(ROOT, 'docs', 'report.schema.json');

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA, 'utf8')) as object);

/** What is wrong with the review, one line per schema error; empty when it is valid. */
export function reviewProblems(review: unknown): string[] {
  return validate(review)
    ? []
    : (validate.errors ?? []).map(
        (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`,
      );
}

/** The report file at `path`, parsed; throws when it does not match the schema. */
export function readReview(path: string): AccessReview {
  const review: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const problems = reviewProblems(review);
  if (problems.length > 0)
    throw new Error(`The report does not match docs/report.schema.json:\n${problems.join('\n')}`);
  return review as AccessReview;
}

/**
 * RFC 4180, strictly: records end with CRLF; a field is either plain (no comma, quote, CR or
 * LF) or quoted, with each quote inside doubled. Anything else throws, naming the offset.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('a quoted field is not closed');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else field += text[i++] ?? '';
      }
    } else {
      while (i < text.length && !/[,"\r\n]/.test(text[i] ?? '')) field += text[i++] ?? '';
    }
    record.push(field);
    if (text[i] === ',') i += 1;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`unexpected ${JSON.stringify(text[i])} at offset ${i}`);
  }
  if (record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}
