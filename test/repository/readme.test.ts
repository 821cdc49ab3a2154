/**
 * The four action.yml files and their READMEs' tables are what the one definition of the actions
 * generates (`npm run docs`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionFiles, renderActionYml, renderReadme } from '../../scripts/action-docs.ts';
import { JOBS } from '../../src/model/actions.ts';
import { ROOT } from '../support/run-action.ts';

describe.each(JOBS)('the %s action', (job) => {
  const { actionYml, readme } = actionFiles(job);

  it('has the action.yml the definition generates (npm run docs)', async () => {
    expect(readFileSync(actionYml, 'utf8')).toBe(await renderActionYml(job));
  });

  it('has a README with the inputs and outputs tables of its action.yml', async () => {
    expect(existsSync(readme)).toBe(true);
    const text = readFileSync(readme, 'utf8');
    expect(await renderReadme(job, text)).toBe(text);
  });

  it('has a description that fits the Marketplace (125 characters)', () => {
    const { description } = parse(readFileSync(actionYml, 'utf8')) as { description: string };
    expect(description.length).toBeGreaterThan(20);
    expect(description.length).toBeLessThanOrEqual(125);
  });
});

describe('the Develop section', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const develop = /^## Develop\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const commands = [...develop.matchAll(/^```sh\n([\s\S]*?)^```/gm)].flatMap((m) =>
    (m[1] ?? '').split('\n').flatMap((line) => {
      const command = line.replace(/#.*$/, '').trim();
      return command === '' ? [] : [command];
    }),
  );

  it('gives the two commands that set up, run and test a fresh clone', () => {
    expect(commands).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('is what .ci/run runs: npm ci, then npm test and npm start', () => {
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    const run = ci
      .split('\n')
      .flatMap((line) => [...line.matchAll(/(?:^|; )(npm (?:ci|test|start))\b/g)].map((m) => m[1]));
    expect(run).toEqual(['npm ci', 'npm test', 'npm start']);
  });
});
