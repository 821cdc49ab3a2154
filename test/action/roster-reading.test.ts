/**
 * Names read strictly, as the bundle reads them: a keep-file line is split like `keep`, names
 * compare after Unicode normalization, an entry that is not a username or an email (a name
 * carrying an invisible character, a quoted CSV field, a mail header, a role column) is refused
 * before any request, a roster that reads as nobody before any change, and a run that would only
 * rotate group tokens is the rotate action.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errors, plan, results, warnings } from '../support/action-results.ts';
import { GONE, OWNER_AND_STAYER } from '../support/audit-fixtures.ts';
import { MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { standInInputs } from '../support/run-action.ts';
import type { JobName } from '../../src/model/settings.ts';
import { bundleAndSource } from '../support/runners.ts';
import { useStandIn } from '../support/stand-ins.ts';
import type { Member } from '../stand-in/server.ts';

const TOKEN = 'roster-reading-token-0123456789';
const JANE: Member = { username: 'jane', role: 'member', email: 'jane@acme.test' };
/** Listed by the API in the composed form (NFC), as Turso stores it. */
const JOSE: Member = { username: 'jose', role: 'member', email: 'jos\u00e9@acme.test' };
/** The same address decomposed (NFD): `e` and a combining acute accent. */
const JOSE_NFD = 'jos\u0065\u0301@acme.test';

const standIn = useStandIn({
  token: TOKEN,
  orgs: { acme: [...OWNER_AND_STAYER, JANE, JOSE, GONE] },
  groups: { acme: ['default'] },
});
let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'turso-roster-'));
});

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

const REMOVE = 'turso-offboard/remove-member-action';
const ROTATE = `${REMOVE}/rotate`;

const deleted = () => standIn.requestsTo('DELETE').map((r) => r.username);

bundleAndSource('names read strictly, before any request', (runWith) => {
  const start = (action: JobName, inputs: Record<string, string>) =>
    runWith({ action, inputs: standInInputs(standIn, TOKEN, inputs), env: { GITHUB_WORKSPACE: workspace } });
  const run = (inputs: Record<string, string>) => start('remove', { ...MEMBERSHIP_ONLY, ...inputs });
  const runAudit = (inputs: Record<string, string>) => start('audit', { ...MEMBERSHIP_ONLY, ...inputs });
  const audit = async (roster: string, inputs: Record<string, string> = {}) => {
    await writeFile(join(workspace, 'roster.txt'), roster);
    return runAudit({ 'keep-file': 'roster.txt', ...inputs });
  };

  it('reads a keep-file line with commas as several names, like keep', async () => {
    const outcome = await audit('stays\njane,jane@acme.test  # a CSV export\njose\n');
    expect(outcome.exitCode).toBe(0);
    expect(deleted()).toEqual(['gone']);
    expect(plan(outcome)).toMatchObject({ remove: ['gone'], keep: ['stays', 'jane', 'jose'] });
  });

  it('keeps a person whose roster email is decomposed (NFD) while the API lists it composed', async () => {
    const outcome = await audit(`stays\njane\n${JOSE_NFD}\n`);
    expect(outcome.exitCode).toBe(0);
    expect(deleted()).toEqual(['gone']);
  });

  it('offboards the member a decomposed email names', async () => {
    const outcome = await run({ username: JOSE_NFD });
    expect(outcome.exitCode).toBe(0);
    expect(deleted()).toEqual(['jose']);
    expect(results(outcome)).toMatchObject([{ username: 'jose', result: 'removed' }]);
  });

  it.each([
    ['\u200b', 'U+200B'],
    ['\u00ad', 'U+00AD'],
    ['\ufeff', 'U+FEFF'],
    ['\u202e', 'U+202E'],
    ['\u2066', 'U+2066'],
  ])('refuses a keep-file name carrying %j, naming the line and %s', async (invisible, codePoint) => {
    const outcome = await audit(`stays\n# who stays\njane${invisible}@acme.test\njose\n`);
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toBe(
      `Input "keep-file": roster.txt, line 3: "jane<${codePoint}>@acme.test" contains an invisible character, ${codePoint}, at character 5; delete it (text pasted from a chat or a document can carry one); give Turso usernames or emails only`,
    );
    expect(standIn.requests).toEqual([]);
    expect(outcome.outputs.result).toBe('failed');
  });

  it.each([
    ['keep', runAudit],
    ['username', run],
  ])('refuses a name of %s carrying an invisible character', async (input, start) => {
    const outcome = await start({ [input]: 'stays, \u200bjane' });
    expect(outcome.exitCode).toBe(1);
    expect(errors(outcome)[0]).toMatch(
      new RegExp(`^Input "${input}": "<U\\+200B>jane" contains an invisible character, U\\+200B, at character 1;`),
    );
    expect(standIn.requests).toEqual([]);
  });

  describe('a roster entry is a username or an email, optionally with a role, or refused', () => {
    it.each([
      ['"stays","stays@acme.test"', '""stays"" is in quotes, as a CSV export writes fields; drop the quotes'],
      ["'jane'", `"'jane'" is in quotes`],
      ['<jane@acme.test>', '"<jane@acme.test>" has angle brackets, as a mail header writes an address'],
      ['Jane Doe <jane@acme.test>', '"Jane Doe <jane@acme.test>" has angle brackets'],
      ['mailto:jane@acme.test', '"mailto:jane@acme.test" is a mailto: link; give the address alone'],
      ['stays;jane', '"stays;jane" holds a semicolon, as a CSV with ; separators writes'],
      ['jane: admin', '"jane: admin" holds a : or =, as in name: role'],
      ['jose=viewer', '"jose=viewer" holds a : or =, as in name: role'],
      ['\uff4a\uff41\uff4e\uff45', '"\uff4a\uff41\uff4e\uff45" is written in compatibility characters'],
      ['stays,viewer', '"viewer" is a role, not a name (a role column?)'],
      ['jane@acme', '"jane@acme" is not an email (local@domain.tld, with a dot in the domain)'],
      ['["stays","jane"]', '"["stays"" holds brackets, as a JSON array writes'],
      ['jane.doe+x', '"jane.doe+x" is not a Turso username (letters, digits, -, _ and .) nor an email'],
    ])('refuses the keep-file line %j, naming the file and line, before any request', async (line, message) => {
      const outcome = await audit(`stays\n${line}\n`, { 'max-removals': '100' });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toContain(`Input "keep-file": roster.txt, line 2: ${message}`);
      expect(standIn.requests).toEqual([]);
    });

    it('refuses a keep-file in another encoding than UTF-8 (Windows-1252 jos\u00e9)', async () => {
      await writeFile(join(workspace, 'roster.txt'), Buffer.from('stays\njos\xe9@acme.test\n', 'latin1'));
      const outcome = await runAudit({ 'keep-file': 'roster.txt' });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toBe(
        'Input "keep-file": roster.txt, line 2: "jos\ufffd@acme.test" contains U+FFFD, the mark of bytes that were not UTF-8 (a file saved as Windows-1252 or Latin-1); save it as UTF-8',
      );
      expect(standIn.requests).toEqual([]);
    });

    it('reports every bad entry of keep and keep-file in one run', async () => {
      const outcome = await audit('stays\n"jane"\n\nmailto:jose@acme.test\n', { keep: '["gone"], viewer' });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)).toEqual([
        expect.stringMatching(/^Input "keep": "\["gone"\]" holds brackets/),
        expect.stringMatching(/^Input "keep": "viewer" is a role, not a name/),
        expect.stringMatching(/^Input "keep-file": roster.txt, line 2: ""jane"" is in quotes/),
        expect.stringMatching(/^Input "keep-file": roster.txt, line 4: "mailto:jose@acme.test" is a mailto: link/),
        '4 input problem(s); nothing was sent to the API',
      ]);
      expect(standIn.requests).toEqual([]);
    });

    it.each(['mailto:jane@acme.test', '<jane@acme.test>', '"jane"', 'jane;jose', 'jane@acme'])(
      'refuses the username %j before any request',
      async (username) => {
        const outcome = await run({ username });
        expect(outcome.exitCode).toBe(1);
        expect(errors(outcome)[0]).toMatch(/^Input "username": ".*" (is|has|holds) /);
        expect(standIn.requests).toEqual([]);
      },
    );

    it.each([
      ['"acme-gh/eng"', 'is in quotes'],
      ['acme-gh/eng: admin', 'holds a : or ='],
      ['<acme-gh/eng>', 'has angle brackets'],
    ])('refuses the keep-github-team entry %j before any request', async (team, reason) => {
      const outcome = await runAudit({ 'keep-github-team': team, 'github-token': 'ghs_x' });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toContain(`Input "keep-github-team": "${team}" ${reason}`);
      expect(standIn.requests).toEqual([]);
    });

    it('keeps a person named with a role after the name, and a person without a Turso account', async () => {
      const outcome = await audit('stays member\njane@acme.test viewer\njose\nnot-on-turso\n');
      expect(outcome.exitCode).toBe(0);
      expect(deleted()).toEqual(['gone']);
    });
  });

  describe('a keep-file is a roster of the repository, never quoted beyond one entry', () => {
    it.each([
      ['.git/config', '.git', async () => {}],
      ['roster.txt', '.git', () => symlink(join(workspace, '.git', 'config'), join(workspace, 'roster.txt'))],
      // A case-insensitive file system (macOS, Windows runners) finds git's own folder by any case.
      ['.GIT/config', '.GIT', async () => {}],
    ])('refuses %s when it is or links to a file under .git, echoing none of it', async (path, folder, link) => {
      await mkdir(join(workspace, folder));
      await writeFile(
        join(workspace, folder, 'config'),
        '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA==\n',
      );
      await link();
      const outcome = await runAudit({ 'keep-file': path });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)).toEqual([
        `Input "keep-file": "${path}" is, or links to, a file under .git; give the roster file of the repository`,
        '1 input problem(s); nothing was sent to the API',
      ]);
      expect(outcome.everything).not.toContain('extraheader');
      expect(outcome.everything).not.toContain('eC1hY2Nlc3');
      expect(standIn.requests).toEqual([]);
    });

    it('quotes no more of a bad line than its first 40 characters', async () => {
      const secret = 'x'.repeat(40) + 'SECRET-TAIL';
      const outcome = await audit(`stays\n"${secret}" admin\n<${secret}>\n`);
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)).toEqual([
        `Input "keep-file": roster.txt, line 2: ""${'x'.repeat(39)}…" is in quotes, as a CSV export writes fields; drop the quotes`,
        `Input "keep-file": roster.txt, line 3: "<${'x'.repeat(39)}…" has angle brackets, as a mail header writes an address; give the address alone`,
        '2 input problem(s); nothing was sent to the API',
      ]);
      expect(outcome.everything).not.toContain('SECRET-TAIL');
    });
  });

  describe('a roster that reads as nobody is refused before any change, whatever max-removals says', () => {
    it('refuses a keep-file none of whose names is a member', async () => {
      const outcome = await audit('stasy\njnae\njsoe@acme.test\njose-typo\n', { 'max-removals': '100' });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome).at(-1)).toBe(
        "The audit of acme was refused, and nothing was removed: none of the 4 name(s) of keep and keep-file (stasy, jnae, jsoe@acme.test, …) is a member: the roster reads as nobody. Give the members' Turso usernames or emails as the summary lists them",
      );
      expect(standIn.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      expect(outcome.outputs.result).toBe('failed');
    });

    it('refuses a roster that keeps no one but the owners', async () => {
      const outcome = await runAudit({ keep: 'root', 'max-removals': '100' });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome).at(-1)).toContain(
        'nothing was removed: the plan removes 4 member(s) and leaves no one but owners and the user whose token runs the action: the roster keeps nobody else.',
      );
      expect(standIn.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });

    it('reports in a dry run that a real run would be refused', async () => {
      const outcome = await audit('stasy\njnae\n', { 'max-removals': '100', 'dry-run': 'true' });
      expect(outcome.exitCode).toBe(0);
      expect(warnings(outcome)).toContainEqual(
        expect.stringMatching(/^A real run would be refused: none of the 2 name\(s\) of keep and keep-file/),
      );
      expect(standIn.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });

  describe('rotation alone is the rotate action', () => {
    it.each([
      ['', 'is required'],
      [' , ', 'names nobody (it holds only separators)'],
      ['\n', 'is required'],
    ])('refuses username %j beside rotate-group-tokens, rotating nothing', async (username, why) => {
      const outcome = await run({ username, 'rotate-group-tokens': 'default' });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toBe(
        `Input "username": ${why}: give one or more usernames or emails, separated by newlines or commas`,
      );
      expect(standIn.requests).toEqual([]);
    });

    it('rotates the groups and nothing else with the rotate action', async () => {
      const outcome = await start('rotate', { groups: 'default' });
      expect(outcome.exitCode).toBe(0);
      expect(outcome.outputs['rotated-groups']).toBe('default');
      expect(standIn.requests.filter((r) => r.method !== 'GET').map((r) => r.rawPath)).toEqual([
        '/v1/organizations/acme/groups/default/auth/rotate',
      ]);
    });

    it.each([
      [
        { username: 'jane', groups: 'default' },
        'username',
        `belongs to ${REMOVE} and ${REMOVE}/demote, not to ${ROTATE}`,
      ],
      [
        { keep: 'stays', groups: 'default' },
        'keep',
        `belongs to ${REMOVE}/audit and ${REMOVE}/report, not to ${ROTATE}`,
      ],
      [
        { 'rotate-group-tokens': 'default' },
        'rotate-group-tokens',
        `belongs to ${REMOVE} and ${REMOVE}/audit, not to ${ROTATE}`,
      ],
      [{ 'rotate-only': 'true', groups: 'default' }, 'rotate-only', `is not an input of ${ROTATE}`],
      [{}, 'groups', 'is required; name the groups to rotate'],
    ])('refuses the rotate action with %o', async (inputs, input, message) => {
      const outcome = await start('rotate', inputs);
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toContain(`Input "${input}": ${message}`);
      expect(standIn.requests).toEqual([]);
    });
  });

  it.each(['0.0004', '1e1', '0x1E', '-1', '30s', 'Infinity'])(
    'refuses request-timeout %j: plain decimals of at least 1 ms only',
    async (requestTimeout) => {
      const outcome = await run({ username: 'jane', 'request-timeout': requestTimeout });
      expect(outcome.exitCode).toBe(1);
      expect(errors(outcome)[0]).toBe(
        `Input "request-timeout": "${requestTimeout}" is not a number of seconds from 0.001 to 600 written as a plain decimal; set it to one, e.g. 30`,
      );
      expect(standIn.requests).toEqual([]);
    },
  );
});
