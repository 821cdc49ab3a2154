/**
 * The floor plan of src/ is enforced by dependency-cruiser (`npm run lint`): these tests show
 * that src/ keeps it, and that each kind of breach fails, naming both files.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-action.ts';

const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

function cruise(cwd: string) {
  const run = spawnSync(process.execPath, [CLI, 'src', '--config', '.dependency-cruiser.cjs'], {
    cwd,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

let tree: string | undefined;
afterEach(() => {
  if (tree !== undefined) rmSync(tree, { recursive: true, force: true });
  tree = undefined;
});

/** A small tree with the project's rules and tsconfig, and these files under src/. */
function treeWith(files: Record<string, string>): string {
  tree = mkdtempSync(join(tmpdir(), 'turso-layout-'));
  for (const name of ['.dependency-cruiser.cjs', 'tsconfig.json']) copyFileSync(join(ROOT, name), join(tree, name));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), text);
  }
  return tree;
}

describe('the dependency rule', () => {
  it('holds for src/', () => {
    const { status, output } = cruise(ROOT);
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });

  it.each([
    ['model-imports-only-below', 'src/model/people.ts', 'src/reporting/log.ts'],
    ['api-imports-only-below', 'src/api/members.ts', 'src/operations/plan.ts'],
    ['operations-imports-only-below', 'src/operations/plan.ts', 'src/reporting/log.ts'],
    ['operations-imports-only-below', 'src/operations/plan.ts', 'src/github/issue.ts'],
    ['reporting-imports-only-below', 'src/reporting/log.ts', 'src/operations/plan.ts'],
    ['github-imports-only-below', 'src/github/issue.ts', 'src/reporting/log.ts'],
    ['inputs-read-only-by-main', 'src/operations/plan.ts', 'src/inputs/read.ts'],
  ])('refuses %s: %s → %s', (rule, from, to) => {
    const dir = treeWith({
      [from]: `import { x } from '${relativeImport(from, to)}';\nexport const y = x;\n`,
      [to]: 'export const x = 1;\n',
    });
    const { status, output } = cruise(dir);
    expect(status).not.toBe(0);
    expect(output).toContain(`${rule}: ${from} → ${to}`);
  });

  it('refuses a package or a Node built-in in the model', () => {
    const dir = treeWith({
      'src/model/clock.ts': "import { hrtime } from 'node:process';\nexport const now = hrtime;\n",
    });
    const { status, output } = cruise(dir);
    expect(status).not.toBe(0);
    expect(output).toContain('model-has-no-dependencies: src/model/clock.ts → process');
  });

  it('refuses a cycle', () => {
    const dir = treeWith({
      'src/api/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'src/api/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
    });
    const { status, output } = cruise(dir);
    expect(status).not.toBe(0);
    expect(output).toMatch(/no-cycles: src\/api\/[ab]\.ts →\s+src\/api\/[ab]\.ts/);
  });
});

function relativeImport(from: string, to: string): string {
  const up = from.split('/').length - 2;
  return `${up === 0 ? './' : '../'.repeat(up)}${to.replace(/^src\//, '')}`;
}
