/**
 * Which sources dist/ was built from: `npm run build` writes a hash of src/ and
 * package-lock.json to dist/sources.sha256, and `npm test` first checks it, so a change to
 * src/ that was not rebundled stops the tests at once with what to do, instead of failing the
 * bundle tests in ways that say nothing about the change.
 * `write` also states in dist/package.json which Node the bundle needs: any Node 24 (a proxy
 * needs 24.14), older than what developing it needs (package.json: Prism wants 24.18).
 *   node scripts/dist-stamp.ts write | check
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STAMP = join(ROOT, 'dist', 'sources.sha256');
export const BUNDLE_ENGINES = { node: '>=24' };

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The hash of every file under src/ (by path and content) and of package-lock.json. */
export function sourcesHash(root: string = ROOT): string {
  const hash = createHash('sha256');
  const inputs = [...files(join(root, 'src')), join(root, 'package-lock.json')].sort();
  for (const file of inputs) {
    hash.update(`${relative(root, file)}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

/** Why dist/ is not the bundle of the current sources, or undefined when it is. */
export function staleDist(root: string = ROOT): string | undefined {
  const stamp = join(root, 'dist', 'sources.sha256');
  if (!existsSync(stamp)) return 'dist/ has no sources.sha256';
  return readFileSync(stamp, 'utf8').trim() === sourcesHash(root)
    ? undefined
    : 'dist/ was built from other sources than src/ and package-lock.json as they are now';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'write') {
    writeFileSync(STAMP, `${sourcesHash()}\n`);
    const manifest = join(ROOT, 'dist', 'package.json');
    const written = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifest, `${JSON.stringify({ ...written, engines: BUNDLE_ENGINES }, null, 2)}\n`);
  } else {
    const problem = staleDist();
    if (problem !== undefined) {
      console.error(`${problem}: run npm run build (and commit dist/ with the change), then npm test again.`);
      process.exit(1);
    }
  }
}
