/**
 * `npm run build`: one bundle of src/ (dist/main.js, with the GitHub client in a chunk loaded
 * only when a run needs it) and one small entry per action (dist/<job>.js, from
 * src/actions/<job>.ts), which each action.yml names as its `main`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const NCC = join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

rmSync(DIST, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [NCC, 'build', 'src/main.ts', '-o', 'dist', '--license', 'licenses.txt', '--minify', '--quiet'],
  { cwd: ROOT, stdio: 'inherit' },
);
renameSync(join(DIST, 'index.js'), join(DIST, 'main.js'));
for (const file of readdirSync(join(ROOT, 'src', 'actions'))) {
  const source = readFileSync(join(ROOT, 'src', 'actions', file), 'utf8');
  // An entry is JavaScript as written (an import and a call), so only where it imports from changes.
  const entry = source.replace("from '../main.ts'", "from './main.js'");
  if (!entry.includes("from './main.js'")) throw new Error(`src/actions/${file} does not import ../main.ts`);
  writeFileSync(join(DIST, file.replace(/\.ts$/, '.js')), entry);
}
execFileSync(process.execPath, [join(ROOT, 'scripts', 'dist-stamp.ts'), 'write'], { cwd: ROOT, stdio: 'inherit' });
