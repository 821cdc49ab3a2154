/** The README and .env.example agree with action.yml. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { README, renderReadme } from '../../scripts/action-tables.ts';
import { ROOT } from '../support/run-action.ts';

const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8');

describe('README.md', () => {
  it('has the inputs and outputs tables that action.yml generates (npm run docs)', async () => {
    const readme = readFileSync(README, 'utf8');
    expect(await renderReadme(readme, actionYml)).toBe(readme);
  });
});

describe('.env.example', () => {
  it('names every input of action.yml, and nothing else', () => {
    const inputs = Object.keys((parse(actionYml) as { inputs: Record<string, unknown> }).inputs);
    const named = [...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^INPUT_([A-Z0-9-]+)=/gm)].map((m) =>
      (m[1] ?? '').toLowerCase(),
    );
    expect(named.toSorted()).toEqual(inputs.toSorted());
  });
});

describe('action.yml', () => {
  it('has a description that fits the Marketplace (125 characters)', () => {
    const { description } = parse(actionYml) as { description: string };
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
