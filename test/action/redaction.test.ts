/**
 * The token never leaves the action in any form an answer may echo it in: raw, percent-encoded
 * or JSON-escaped (`\/`, `\u0074`, any mix, hex in either case), in base64, base64url or hex,
 * or as HTML character references, in a 2xx body or an error body.
 */
import { expect, it } from 'vitest';
import { errors, results } from '../support/action-results.ts';
import { ANN, BOB, JANE, MEMBERSHIP_ONLY } from '../support/fixtures.ts';
import { escapeEveryUnit } from '../support/json-escapes.ts';
import { base64Embedded, htmlReferences, percentEveryCharacter } from '../support/secret-forms.ts';
import { bundleAndSource } from '../support/runners.ts';
import { standInInputs, type ActionRunner } from '../support/run-action.ts';
import { useStandIn } from '../support/stand-ins.ts';
import type { Member } from '../stand-in/server.ts';

// Turso tokens are JWTs (base64url with dots); this one has base64's `/`, `+` and `=` as well.
const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJpZCI6Im9yZy0xIn0.s/x+y=z_w-v';
/** Each as an API's error text may hold it, in a JSON string. */
const ENCODED_FORMS: readonly (readonly [string, string])[] = [
  ['one character percent-encoded', TOKEN.replace('_', '%5F')],
  ['every character percent-encoded, lowercase', percentEveryCharacter(TOKEN, 'lower')],
  [
    'percent-escapes in either case mixed with raw characters',
    Array.from(TOKEN)
      .map((ch, i) => (i % 2 === 0 ? percentEveryCharacter(ch, i % 4 === 0 ? 'upper' : 'lower') : ch))
      .join(''),
  ],
  ['base64', Buffer.from(TOKEN).toString('base64')],
  ['base64url, unpadded', Buffer.from(TOKEN).toString('base64url')],
  ['base64 of a longer text, one byte in', base64Embedded(TOKEN, 1)],
  ['base64 of a longer text, two bytes in', base64Embedded(TOKEN, 2)],
  ['hex', Buffer.from(TOKEN).toString('hex')],
  ['hex, uppercase', Buffer.from(TOKEN).toString('hex').toUpperCase()],
  ['HTML references, decimal, hex and named', htmlReferences(TOKEN)],
  ['HTML references with the ampersand JSON-escaped', htmlReferences(TOKEN).replaceAll('&', '\\u0026')],
];
const formMember = (i: number): Member => ({ username: `form${i}`, role: 'member', email: `form${i}@acme.test` });
const standIn = useStandIn({
  token: TOKEN,
  orgs: { acme: [JANE, ANN, BOB, ...ENCODED_FORMS.map((_form, i) => formMember(i))] },
});

const EVERY_UNIT_UPPER = escapeEveryUnit(TOKEN, 'upper');
/** The slash as `\/`, every third unit `\uXXXX` in lowercase, the rest raw. */
const MIXED = TOKEN.replace(/[\s\S]/g, (unit, i: number) =>
  unit === '/' ? '\\/' : i % 3 === 0 ? escapeEveryUnit(unit, 'lower') : unit,
);
const URL_ENCODED_ESCAPED = escapeEveryUnit(encodeURIComponent(TOKEN), 'lower');

bundleAndSource('the token echoed JSON-escaped in the real log and files', (runWith: ActionRunner) => {
  it('is redacted from annotations, outputs, summary and evidence, whichever answer echoes it', async () => {
    // A 2xx body that is not the endpoint's own answer confirms nothing, and is quoted as it came.
    standIn.script(
      { method: 'DELETE', username: 'jane' },
      { status: 200, body: `{"member": 5, "echo": "${EVERY_UNIT_UPPER}"}` },
    );
    // An error body that is not JSON by its type is quoted as text.
    standIn.script(
      { method: 'DELETE', username: 'ann' },
      { status: 401, body: `{"message": "token ${MIXED} is invalid"}`, contentType: 'text/plain' },
    );
    standIn.script(
      { method: 'DELETE', username: 'bob' },
      { status: 403, body: `{"error": "token ${URL_ENCODED_ESCAPED} lacks rights"}` },
    );
    const outcome = await runWith({
      inputs: standInInputs(standIn, TOKEN, { username: 'jane, ann, bob', ...MEMBERSHIP_ONLY, retries: '0' }),
    });
    expect(outcome.exitCode).toBe(1);
    for (const form of [TOKEN, encodeURIComponent(TOKEN), EVERY_UNIT_UPPER, MIXED, URL_ENCODED_ESCAPED]) {
      expect(outcome.everything).not.toContain(form);
    }
    expect(results(outcome)).toMatchObject([
      {
        username: 'jane',
        result: 'failed',
        error: expect.stringMatching(/^removal not confirmed: .*"echo": "\*\*\*"/) as unknown,
      },
      { username: 'ann', result: 'failed', error: expect.stringContaining('token *** is invalid') as unknown },
      { username: 'bob', result: 'failed', error: expect.stringContaining('token *** lacks rights') as unknown },
    ]);
    expect(errors(outcome).filter((e) => e.includes('token *** is invalid'))).not.toEqual([]);
    expect(outcome.evidence?.people).toHaveLength(3);
  });

  it('is redacted percent-encoded, in base64 and hex, and as HTML references, whichever form an answer echoes', async () => {
    ENCODED_FORMS.forEach(([, form], i) =>
      standIn.script(
        { method: 'DELETE', username: `form${i}` },
        { status: 403, body: `{"error": "token ${form} lacks rights"}` },
      ),
    );
    const outcome = await runWith({
      inputs: standInInputs(standIn, TOKEN, {
        username: ENCODED_FORMS.map((_form, i) => `form${i}`).join(', '),
        ...MEMBERSHIP_ONLY,
        retries: '0',
      }),
    });
    expect(outcome.exitCode).toBe(1);
    for (const [name, form] of ENCODED_FORMS) {
      expect(outcome.everything, name).not.toContain(form);
      // What only the token decides: the encoding of a longer text keeps its own ends.
      expect(outcome.everything, name).not.toContain(form.slice(4, -8));
    }
    expect(results(outcome).map((r) => r.error)).toEqual(
      ENCODED_FORMS.map(() => expect.stringMatching(/^HTTP 403: token (\S+)?\*\*\*(\S+)? lacks rights/) as unknown),
    );
  });
});
