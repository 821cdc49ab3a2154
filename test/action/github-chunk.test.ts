/**
 * The GitHub client is a chunk of the bundle of its own, loaded only by a run one of whose
 * features uses GitHub: each of the five actions with `approval: none` (and, for the audit and
 * the report, no GitHub team, drift issue or plan comment) never loads it.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { JobName } from '../../src/model/settings.ts';
import { GITHUB_TOKEN } from '../support/audit-fixtures.ts';
import { ANN, BOB, JANE } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import { bundleOnly } from '../support/runners.ts';
import { useGitHubStandIn, useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'github-chunk-token-0123456789';
const turso = useStandIn({ token: TOKEN, orgs: { acme: [JANE, ANN, BOB] }, groups: { acme: ['default'] } });
const github = useGitHubStandIn(GITHUB_TOKEN);
const LOADED_MODULES = fileURLToPath(new URL('../support/loaded-modules.ts', import.meta.url));

const JOB_RUNS: Record<JobName, Record<string, string>> = {
  remove: { username: 'jane' },
  audit: { keep: 'ann, bob' },
  demote: { username: 'ann', role: 'viewer' },
  rotate: { groups: 'default' },
  report: {},
};

bundleOnly('which modules the process loads', (runWith) => {
  /** The chunks of dist/ the run loaded, besides the action's entry and main.js. */
  async function chunksLoaded(action: JobName, inputs: Record<string, string>): Promise<string[]> {
    const file = join(await mkdtemp(join(tmpdir(), 'loaded-modules-')), 'loaded');
    const outcome = await runWith({
      action,
      inputs: standInInputs(turso, TOKEN, { ...JOB_RUNS[action], ...inputs }),
      env: {
        NODE_OPTIONS: `--import=${LOADED_MODULES}`,
        LOADED_MODULES_FILE: file,
        GITHUB_API_URL: github.url,
      },
    });
    expect(outcome.exitCode, outcome.stdout).toBe(0);
    return (await readFile(file, 'utf8')).split('\n').filter((url) => /\/dist\/[^/]+\.index\.js$/.test(url));
  }

  it.each(['remove', 'audit', 'demote', 'rotate', 'report'] as const)(
    '%s: does not load the GitHub chunk without a feature that uses GitHub',
    async (action) => {
      expect(await chunksLoaded(action, {})).toEqual([]);
    },
  );

  it.each(['demote', 'rotate'] as const)('%s: loads it with approval: record', async (action) => {
    expect(await chunksLoaded(action, { approval: 'record' })).not.toEqual([]);
  });
});
