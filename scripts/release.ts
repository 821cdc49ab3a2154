/**
 * `npm run release -- X.Y.Z`: tags a release, as GitHub's TypeScript action template does, after
 * checking that it is one: a clean working tree, a dist/ built from src/ as it is (its
 * sources stamp), and a CHANGELOG.md entry for the version. Tags `vX.Y.Z` and moves the major tag `vX`
 * to it; pushing is left to the releaser.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleDist } from './dist-stamp.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

function refuse(reason: string): never {
  console.error(`Not released: ${reason}`);
  process.exit(1);
}

const version = process.argv[2] ?? '';
if (!/^\d+\.\d+\.\d+$/.test(version)) refuse(`"${version}" is not a version X.Y.Z; run npm run release -- 1.2.3`);
const tag = `v${version}`;
const major = `v${version.split('.')[0] ?? ''}`;

if (git('status', '--porcelain') !== '') refuse('the working tree has uncommitted changes; commit or stash them');
if (git('tag', '--list', tag) !== '') refuse(`${tag} exists already`);
if (!readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8').includes(`## [${version}]`)) {
  refuse(`CHANGELOG.md has no "## [${version}]" entry; move the Unreleased entries under it`);
}
// The stamp says which sources dist/ was built from; the Check dist/ workflow rebuilds it on every push.
const stale = staleDist(ROOT);
if (stale !== undefined) refuse(`${stale}; run npm run build and commit dist/`);

git('tag', '--annotate', tag, '--message', tag);
git('tag', '--force', '--annotate', major, '--message', `${major} (${tag})`, `${tag}^{commit}`);
console.log(`Tagged ${tag} and moved ${major} to it. Push them with:
  git push origin ${tag} && git push --force origin ${major}`);
