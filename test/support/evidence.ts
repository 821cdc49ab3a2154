/**
 * Checks evidence records against docs/evidence.schema.json: every record a test run of the
 * action writes goes through here (see run-action.ts), so the schema and the records cannot
 * drift apart unnoticed.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const EVIDENCE_SCHEMA = join(ROOT, 'docs', 'evidence.schema.json');

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(EVIDENCE_SCHEMA, 'utf8')) as object);

/** What is wrong with the record, one line per schema error; empty when it is valid. */
export function evidenceProblems(record: unknown): string[] {
  return validate(record)
    ? []
    : (validate.errors ?? []).map(
        (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`,
      );
}
