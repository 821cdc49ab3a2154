/**
 * The four action.yml files and their READMEs' inputs and outputs tables, generated from the one
 * definition of the actions (src/model/actions.ts), so that a shared input cannot drift
 * between them and no table can disagree with its action. `npm run docs` writes them; the
 * suite fails when one differs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { Document, isPair, isScalar, visit } from 'yaml';
import { ACTIONS, INPUTS, inputsOf, JOBS, OUTPUTS, outputsOf } from '../src/model/actions.ts';
import type { JobName } from '../src/model/settings.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const HEADER = '# Generated from src/model/actions.ts by `npm run docs`: edit it there.\n';

/** Where a job's action.yml and README are. */
export function actionFiles(job: JobName): { actionYml: string; readme: string } {
  const folder = join(ROOT, ACTIONS[job].folder);
  return { actionYml: join(folder, 'action.yml'), readme: join(folder, 'README.md') };
}

async function formatted(text: string, parser: 'yaml' | 'markdown', file: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, parser });
}

/** A job's action.yml, as the definition gives it. */
export async function renderActionYml(job: JobName): Promise<string> {
  const { folder, name, description } = ACTIONS[job];
  const action = {
    name,
    description,
    author: 'turso-offboard-action contributors',
    branding: { icon: 'user-minus', color: 'green' },
    inputs: Object.fromEntries(
      inputsOf(job).map((input) => {
        const definition: { description: string; required?: true; default?: string } = INPUTS[input];
        return [
          input,
          {
            description: definition.description,
            required: definition.required === true,
            ...(definition.default !== undefined && { default: definition.default }),
          },
        ];
      }),
    ),
    outputs: Object.fromEntries(outputsOf(job).map((output) => [output, { description: OUTPUTS[output].description }])),
    runs: { using: 'node24', main: `${folder === '' ? '' : '../'}dist/${job}.js` },
  };
  const document = new Document(action);
  // Each description as a folded block (`>-`), the way action.yml files are written by hand.
  visit(document, {
    Pair(_key, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === 'description' && isScalar(pair.value)) {
        pair.value.type = 'BLOCK_FOLDED';
      }
    },
  });
  const text = document.toString({ lineWidth: 100, minContentWidth: 40 });
  return formatted(
    `${HEADER}${text.replace(/\n(inputs|outputs|runs):/g, '\n\n$1:')}`,
    'yaml',
    actionFiles(job).actionYml,
  );
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');

function tables(job: JobName): Record<'inputs' | 'outputs', string> {
  const inputs = inputsOf(job).map((name) => {
    const input: { description: string; required?: true; default?: string } = INPUTS[name];
    const fallback = input.required === true ? '(required)' : `\`${input.default ?? ''}\``;
    return `| \`${name}\` | ${fallback === '``' ? "`''`" : fallback} | ${oneLine(input.description)} |`;
  });
  const outputs = outputsOf(job).map((name) => `| \`${name}\` | ${oneLine(OUTPUTS[name].description)} |`);
  return {
    inputs: ['| input | default | meaning |', '| --- | --- | --- |', ...inputs].join('\n'),
    outputs: ['| output | meaning |', '| --- | --- |', ...outputs].join('\n'),
  };
}

/** A job's README with its generated tables, formatted as the repository formats Markdown. */
export async function renderReadme(job: JobName, readme: string): Promise<string> {
  const generated = tables(job);
  let text = readme;
  for (const name of ['inputs', 'outputs'] as const) {
    const pattern = new RegExp(`(<!-- ${name}:start[^>]*-->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!pattern.test(text)) throw new Error(`the README has no <!-- ${name}:start --> … <!-- ${name}:end --> markers`);
    text = text.replace(pattern, (_all, start: string, end: string) => `${start}\n${generated[name]}\n\n${end}`);
  }
  return formatted(text, 'markdown', actionFiles(job).readme);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const job of JOBS) {
    const { actionYml, readme } = actionFiles(job);
    writeFileSync(actionYml, await renderActionYml(job));
    if (existsSync(readme)) writeFileSync(readme, await renderReadme(job, readFileSync(readme, 'utf8')));
    console.log(`${ACTIONS[job].folder || '.'}: action.yml and the README's tables written`);
  }
}
