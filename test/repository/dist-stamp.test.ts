/** `npm test` stops at once on a dist/ built from other sources, naming the fix. */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sourcesHash, staleDist } from '../../scripts/dist-stamp.ts';
import { ROOT } from '../support/run-action.ts';

let copy: string;
beforeEach(() => {
  copy = mkdtempSync(join(tmpdir(), 'turso-stamp-'));
  cpSync(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
  cpSync(join(ROOT, 'package-lock.json'), join(copy, 'package-lock.json'));
  mkdirSync(join(copy, 'dist'));
  cpSync(join(ROOT, 'dist', 'sources.sha256'), join(copy, 'dist', 'sources.sha256'));
});
afterEach(() => rmSync(copy, { recursive: true, force: true }));

describe('dist/sources.sha256', () => {
  it('matches the committed sources', () => {
    expect(staleDist(copy)).toBeUndefined();
    expect(sourcesHash(copy)).toBe(sourcesHash(ROOT));
  });

  it('tells a change to src/ that was not rebundled', () => {
    appendFileSync(join(copy, 'src', 'main.ts'), '// a change\n');
    expect(staleDist(copy)).toBe('dist/ was built from other sources than src/ and package-lock.json as they are now');
  });

  it('stops npm test before any test runs, saying to run npm run build', () => {
    appendFileSync(join(copy, 'src', 'inputs', 'read.ts'), '// a change\n');
    cpSync(join(ROOT, 'scripts'), join(copy, 'scripts'), { recursive: true });
    const check = spawnSync(process.execPath, [join(copy, 'scripts', 'dist-stamp.ts'), 'check'], { encoding: 'utf8' });
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('run npm run build');
  });
});
