/**
 * Reading an answer within its limits, on a stream the test writes: what arrived, and why it is
 * not the whole body when it is not.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorData, header, parseJson, readBody } from '../../src/api/answer-reading.ts';

afterEach(() => {
  vi.useRealTimers();
});

const stream = () => new PassThrough();

describe('readBody', () => {
  it('reads the whole body, decoding UTF-8 split across chunks and dropping a byte-order mark', async () => {
    const body = stream();
    const read = readBody(body, 60_000);
    const bytes = Buffer.from('\uFEFF{"member":"jöse"}');
    body.write(bytes.subarray(0, 16));
    body.end(bytes.subarray(16));
    expect(await read).toEqual({ text: '{"member":"jöse"}' });
  });

  it('stops at the size limit, keeps what arrived and says why', async () => {
    const body = stream();
    const read = readBody(body, 60_000, 1_048_576);
    body.write(Buffer.alloc(1_048_576, 'a'));
    body.write(Buffer.from('b'));
    const { text, incomplete } = await read;
    expect(text).toHaveLength(1_048_577);
    expect(incomplete).toBe('the answer was longer than 1 MiB, the most this action reads');
    expect(body.destroyed).toBe(true);
  });

  it('says the answer broke off, with the network code', async () => {
    const body = stream();
    const read = readBody(body, 60_000);
    body.write('{"mem');
    body.destroy(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    expect(await read).toEqual({ text: '{"mem', incomplete: 'the answer broke off (UND_ERR_SOCKET)' });
  });

  it('stops waiting for a body that stalls after request-timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const body = stream();
    const read = readBody(body, 50);
    body.write('{"mem');
    await vi.advanceTimersByTimeAsync(50);
    expect(await read).toEqual({
      text: '{"mem',
      incomplete: 'the rest of the answer did not arrive within 0.05 s (request-timeout)',
    });
  });
});

describe('errorData', () => {
  const answer = (contentType: string | undefined, text: string) => {
    const body = stream();
    body.end(text);
    return { body, headers: contentType === undefined ? {} : { 'content-type': contentType } };
  };

  it('parses a JSON content type, suffixed kinds included, and keeps any other as text', async () => {
    expect(await errorData(answer('application/json; charset=utf-8', '{"error":"no"}'), 60_000)).toEqual({
      error: 'no',
    });
    expect(await errorData(answer('application/problem+json', '{"title":"no"}'), 60_000)).toEqual({ title: 'no' });
    expect(await errorData(answer('text/plain', '{"error":"no"}'), 60_000)).toBe('{"error":"no"}');
    expect(await errorData(answer(undefined, 'Bad gateway'), 60_000)).toBe('Bad gateway');
  });

  it('is undefined for an empty body, or JSON that does not parse', async () => {
    expect(await errorData(answer('application/json', ''), 60_000)).toBeUndefined();
    expect(await errorData(answer('application/json', '{"error":'), 60_000)).toBeUndefined();
  });
});

describe('header and parseJson', () => {
  it('gives the first of a repeated header, or null', () => {
    expect(header({ 'x-note': ['1', '2'] }, 'x-note')).toBe('1');
    expect(header({ 'x-note': '3' }, 'x-note')).toBe('3');
    expect(header({}, 'x-note')).toBeNull();
  });

  it('parses JSON, or gives undefined', () => {
    expect(parseJson('[1]')).toEqual([1]);
    expect(parseJson('OK')).toBeUndefined();
  });
});
