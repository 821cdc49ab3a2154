/**
 * The README's inputs and outputs tables, generated from action.yml so that they cannot
 * disagree with it. `npm run docs` rewrites them; the test suite fails when they differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const README = join(ROOT, 'README.md');

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string | number | boolean }>;
  outputs: Record<string, { description: string }>;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');

function tables(action: ActionYml): Record<'inputs' | 'outputs', string> {
  const inputs = Object.entries(action.inputs).map(([name, input]) => {
    const fallback = input.required ? '(required)' : `\`${String(input.default ?? '')}\``;
    return `| \`${name}\` | ${fallback === '``' ? "`''`" : fallback} | ${oneLine(input.description)} |`;
  });
  const outputs = Object.entries(action.outputs).map(
    ([name, output]) => `| \`${name}\` | ${oneLine(output.description)} |`,
  );
  return {
    inputs: ['| input | default | meaning |', '| --- | --- | --- |', ...inputs].join('\n'),
    outputs: ['| output | meaning |', '| --- | --- |', ...outputs].join('\n'),
  };
}

/** The README with its generated tables, formatted as the repository formats Markdown. */
export async function renderReadme(readme: string, actionYml: string): Promise<string> {
  const generated = tables(parse(actionYml) as ActionYml);
  let text = readme;
  for (const name of ['inputs', 'outputs'] as const) {
    const pattern = new RegExp(`(<!-- ${name}:start[^>]*-->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!pattern.test(text)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> markers`);
    text = text.replace(pattern, (_all, start: string, end: string) => `${start}\n${generated[name]}\n\n${end}`);
  }
  const options = (await prettier.resolveConfig(README)) ?? {};
  return prettier.format(text, { ...options, parser: 'markdown' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rendered = await renderReadme(readFileSync(README, 'utf8'), readFileSync(join(ROOT, 'action.yml'), 'utf8'));
  writeFileSync(README, rendered);
  console.log('README.md: inputs and outputs tables written from action.yml');
}
