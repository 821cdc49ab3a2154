/**
 * Validates answer bodies against the response schemas of Turso's official OpenAPI spec, made
 * strict: an object may carry only the properties the spec declares, so a stand-in that invents
 * or misspells a field fails, as one that drops a type does.
 */
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { TURSO_SPEC } from './prism.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Spec {
  paths: Record<string, Record<string, { responses: Record<string, { content?: unknown; $ref?: string }> }>>;
}

const spec = JSON.parse(readFileSync(TURSO_SPEC, 'utf8')) as Spec & Json;

/** Every object schema that lists properties gets `additionalProperties: false`. */
function closeObjects(node: Json): Json {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const closed = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, closeObjects(value)]));
  if (typeof closed.properties === 'object' && closed.additionalProperties === undefined) {
    closed.additionalProperties = false;
  }
  return closed;
}

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(closeObjects(spec) as object, 'turso');

const pointer = (...parts: string[]) =>
  parts.map((part) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

/**
 * Errors of `body` against the spec's schema for this operation and status; undefined when it
 * conforms. An answer the spec documents without content must have no body; a shared response
 * (`$ref` to `#/components/responses/...`) is followed to its schema.
 */
export function specViolations(path: string, method: string, status: number, body: unknown): string | undefined {
  const operation = method.toLowerCase();
  const response = spec.paths[path]?.[operation]?.responses[String(status)];
  if (response === undefined) return `the spec documents no ${status} answer for ${method} ${path}`;
  if (response.content === undefined && response.$ref === undefined) {
    return body === undefined ? undefined : 'the spec documents no body for this answer';
  }
  const base =
    response.$ref === undefined
      ? pointer('paths', path, operation, 'responses', String(status))
      : response.$ref.slice(2);
  const ref = `turso#/${base}/${pointer('content', 'application/json', 'schema')}`;
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  if (validate(body)) return undefined;
  return ajv.errorsText(validate.errors);
}
