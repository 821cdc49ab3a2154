/**
 * Writes test/contract/github-openapi.json: of GitHub's official OpenAPI description of
 * api.github.com (github/rest-api-description, MIT, as the npm package @octokit/openapi ships
 * it), only the operations the action calls and the components they reference, so that Prism
 * can check every GitHub request the action sends without a 13 MB file in the repository.
 * The operations are those src/github/ calls; Octokit methods named as arguments are added, for
 * a call whose contract is wanted before it is in src/. One rewrite, which keeps the meaning:
 * see `orNull`.
 *   node scripts/github-spec.ts [issues.listComments ...]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { githubOperationIds, operationIdOf } from '../test/support/github-operations.ts';

const PACKAGE = '@octokit/openapi@23.0.2';
const SPEC_IN_PACKAGE = 'package/generated/api.github.com.json';
const OUTPUT = fileURLToPath(new URL('../test/contract/github-openapi.json', import.meta.url));
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function downloadSpec(): JsonObject {
  const dir = mkdtempSync(join(tmpdir(), 'github-openapi-'));
  try {
    const tarball = execFileSync('npm', ['pack', PACKAGE, '--pack-destination', dir, '--silent'], {
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir, SPEC_IN_PACKAGE]);
    return JSON.parse(readFileSync(join(dir, SPEC_IN_PACKAGE), 'utf8')) as JsonObject;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * OpenAPI 3.0.3 gives `nullable` effect only beside `type`, but GitHub's description also puts it
 * beside `oneOf` and `anyOf`, meaning "or null" (an issue's `milestone`, for one). Ajv, which
 * Prism checks requests with, refuses to compile such a schema, and Prism then checks nothing
 * against it, silently: Create an Issue would take any body. Written as that alternative
 * instead, which Prism checks.
 */
function orNull(value: Json): Json {
  if (Array.isArray(value)) return value.map(orNull);
  if (!isObject(value)) return value;
  const rewritten = Object.fromEntries(
    // Examples are data, not schemas.
    Object.entries(value).map(([key, inner]) => [key, key === 'example' || key === 'examples' ? inner : orNull(inner)]),
  );
  if (rewritten.nullable !== true || 'type' in rewritten) return rewritten;
  const { description } = rewritten;
  const schema = Object.fromEntries(
    Object.entries(rewritten).filter(([key]) => key !== 'nullable' && key !== 'description'),
  );
  return { ...(description !== undefined && { description }), anyOf: [schema, { enum: [null] }] };
}

const operationIdIn = (operation: Json | undefined): string | undefined =>
  isObject(operation) && typeof operation.operationId === 'string' ? operation.operationId : undefined;

/** The spec with only the operations `operationIds` and every component they reach through `$ref`. */
export function subset(spec: JsonObject, operationIds: readonly string[]): JsonObject {
  const paths: JsonObject = {};
  const found = new Set<string>();
  for (const [path, item] of Object.entries(spec.paths as JsonObject)) {
    if (!isObject(item)) continue;
    const kept = Object.entries(item).filter(
      ([method, operation]) => !METHODS.has(method) || operationIds.includes(operationIdIn(operation) ?? ''),
    );
    const operations = kept.filter(([method]) => METHODS.has(method));
    if (operations.length === 0) continue;
    for (const [, operation] of operations) found.add(operationIdIn(operation) ?? '');
    paths[path] = orNull(Object.fromEntries(kept));
  }
  const missing = operationIds.filter((id) => !found.has(id));
  if (missing.length > 0) throw new Error(`${PACKAGE} has no operation ${missing.join(', ')}`);

  const components = spec.components as Record<string, JsonObject>;
  const reached = new Set<string>();
  const visit = (value: Json): void => {
    if (Array.isArray(value)) value.forEach(visit);
    if (!isObject(value)) return;
    const ref = value.$ref;
    if (typeof ref === 'string' && !reached.has(ref)) {
      reached.add(ref);
      const [, , kind = '', name = ''] = ref.split('/');
      const target = components[kind]?.[name];
      if (target === undefined) throw new Error(`unresolved ${ref}`);
      visit(target);
    }
    Object.values(value).forEach(visit);
  };
  visit(paths);
  // In the spec's own order, so that a new operation changes only what it brings.
  const keptComponents = Object.fromEntries(
    Object.entries(components).flatMap(([kind, entries]) => {
      const kept = Object.entries(entries).filter(([name]) => reached.has(`#/components/${kind}/${name}`));
      if (kept.length === 0) return [];
      const entriesKept = Object.fromEntries(kept);
      return [[kind, kind === 'examples' ? entriesKept : orNull(entriesKept)]];
    }),
  );
  const info = spec.info as JsonObject;
  return {
    openapi: spec.openapi ?? null,
    info: {
      ...info,
      description: `${typeof info.description === 'string' ? info.description : ''}. Only the operations the action calls (${operationIds.join(', ')}) and the components they reference, taken from ${SPEC_IN_PACKAGE} of the npm package ${PACKAGE} by scripts/github-spec.ts, which writes \`nullable\` beside \`oneOf\` or \`anyOf\` as an \`anyOf\` with \`{ enum: [null] }\`, so that Prism checks it.`,
    },
    servers: spec.servers ?? [],
    paths,
    components: keptComponents,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const operationIds = [...new Set([...githubOperationIds(), ...process.argv.slice(2).map(operationIdOf)])].sort();
  const written = `${JSON.stringify(subset(downloadSpec(), operationIds), null, 2)}\n`;
  writeFileSync(OUTPUT, written);
  console.log(`${OUTPUT}: ${operationIds.length} operations, ${Math.round(written.length / 1024)} KiB`);
}
