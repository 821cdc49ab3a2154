/**
 * `npm ci` on a Node older than development needs must stop at once with a clear message,
 * rather than install and then fail dozens of tests. npm runs here with its `process.version`
 * made to say 20. The bundle itself needs less: any Node 24.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-action.ts';

/** npm's own entry script: the one running this test, or the one on PATH. */
function npmCli(): string {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm !== undefined && fromNpm.endsWith('.js')) return fromNpm;
  const found = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  return realpathSync(found);
}

describe('engines', () => {
  it('stops npm ci on Node 20 with EBADENGINE naming the Node version required', () => {
    const dir = mkdtempSync(join(tmpdir(), 'turso-engines-'));
    try {
      for (const file of ['package.json', 'package-lock.json', '.npmrc'])
        copyFileSync(join(ROOT, file), join(dir, file));
      const pretendNode20 = 'data:text/javascript,Object.defineProperty(process,"version",{value:"v20.19.0"})';
      const npm = spawnSync(
        process.execPath,
        [
          '--import',
          pretendNode20,
          npmCli(),
          'ci',
          '--dry-run',
          '--offline',
          '--ignore-scripts',
          '--no-audit',
          '--no-fund',
        ],
        { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir } },
      );
      expect(npm.status).not.toBe(0);
      expect(npm.stderr).toContain('EBADENGINE');
      expect(npm.stderr).toContain('Required: {"node":">=24.18.0"}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the bundle', () => {
  it('says in dist/package.json that it needs Node 24, and action.yml runs it on node24', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'dist', 'package.json'), 'utf8')) as { engines?: unknown };
    expect(manifest.engines).toEqual({ node: '>=24' });
    expect(readFileSync(join(ROOT, 'action.yml'), 'utf8')).toMatch(/^ {2}using: node24$/m);
  });
});

describe('install scripts', () => {
  it('are each allowed or refused in package.json allowScripts, so that npm ci asks nothing', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript === true)
      .map(([path]) => path.replace(/^.*node_modules\//, ''));
    const { allowScripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      allowScripts: Record<string, boolean>;
    };
    expect(withScripts.length).toBeGreaterThan(0);
    expect(Object.keys(allowScripts).toSorted()).toEqual([...new Set(withScripts)].toSorted());
  });
});
