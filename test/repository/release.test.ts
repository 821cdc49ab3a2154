/** The release script tags only a real release: clean tree, current dist/, a changelog entry. */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-action.ts';

let clone: string;
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release@example.test',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release@example.test',
};
const git = (...args: string[]) => spawnSync('git', args, { cwd: clone, env, encoding: 'utf8' }).stdout.trim();
const release = (version: string) =>
  spawnSync(process.execPath, [join(clone, 'scripts', 'release.ts'), version], { cwd: clone, env, encoding: 'utf8' });

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'turso-release-'));
  clone = join(dir, 'repo');
  spawnSync('git', ['clone', '--quiet', ROOT, clone], { env });
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
  // The symlink is not part of the release; git must not see it as a change.
  appendFileSync(join(clone, '.git', 'info', 'exclude'), 'node_modules\n');
});
afterEach(() => rmSync(join(clone, '..'), { recursive: true, force: true }));

function addChangelogEntry(version: string): void {
  const changelog = join(clone, 'CHANGELOG.md');
  writeFileSync(
    changelog,
    readFileSync(changelog, 'utf8').replace('## [Unreleased]', `## [Unreleased]\n\n## [${version}] - 2026-11-28`),
  );
  git('commit', '--quiet', '--all', '--message', `Release ${version}`);
}

describe('npm run release', () => {
  it('refuses a version the changelog does not have, tagging nothing', () => {
    const result = release('9.8.7');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CHANGELOG.md has no "## [9.8.7]" entry');
    expect(git('tag', '--list', 'v9*')).toBe('');
  });

  it('refuses uncommitted changes', () => {
    appendFileSync(join(clone, 'README.md'), '\nedited\n');
    expect(release('9.8.7').stderr).toContain('uncommitted changes');
  });

  it('refuses a dist/ built from other sources', () => {
    addChangelogEntry('9.8.7');
    appendFileSync(join(clone, 'src', 'main.ts'), '// not rebundled\n');
    git('commit', '--quiet', '--all', '--message', 'change without a rebuild');
    const result = release('9.8.7');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('run npm run build and commit dist/');
    expect(git('tag', '--list', 'v9*')).toBe('');
  });

  it('tags vX.Y.Z and moves vX to it when the release is complete', () => {
    addChangelogEntry('9.8.7');
    const result = release('9.8.7');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(git('rev-list', '-n', '1', 'v9.8.7')).toBe(git('rev-parse', 'HEAD'));
    expect(git('rev-list', '-n', '1', 'v9')).toBe(git('rev-parse', 'HEAD'));
    expect(result.stdout).toContain('git push origin v9.8.7 && git push --force origin v9');
  }, 60_000);
});
