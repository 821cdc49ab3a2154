/**
 * The GitHub REST calls the action makes, read from src/github/ as `rest.<scope>.<method>`, and
 * named as GitHub's OpenAPI description names them: Octokit's method names are its operationIds
 * in camelCase (`issues.addLabels` is `issues/add-labels`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GITHUB_SOURCES = fileURLToPath(new URL('../../src/github', import.meta.url));

/** `issues.addLabels` → `issues/add-labels`. */
export const operationIdOf = (octokitMethod: string): string =>
  octokitMethod.replace('.', '/').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** Every operationId src/github/ calls, sorted. */
export function githubOperationIds(): string[] {
  const sources = readdirSync(GITHUB_SOURCES, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join(GITHUB_SOURCES, file), 'utf8'));
  const calls = sources.flatMap((text) => [...text.matchAll(/\brest\.(\w+\.\w+)\b/g)].map((m) => m[1] ?? ''));
  return [...new Set(calls.map(operationIdOf))].sort();
}
