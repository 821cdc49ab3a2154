/**
 * Reading an answer: a header's value, and the body within a time and a size limit, so that no
 * answer can hold the run or its memory however it is sent.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { networkErrorCode } from './network-error.ts';

/**
 * The most of a successful answer's body that is read; a larger one is reported as incomplete.
 * Far above the largest list an organization gives (15,000 members are about 1.2 MB), while
 * bounding what one answer can cost the runner's memory.
 */
const MAX_BODY_BYTES = 64 * 1_048_576;

/** The most of an error answer's body that is read; a larger one counts as unreadable. */
const MAX_ERROR_BODY_BYTES = 10 * 1_048_576;

export interface BodyRead {
  text: string;
  /** Why the text is not the whole body, when it is not. */
  incomplete?: string;
}

/** A header's value (the first, when it came more than once), or null. */
export function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * An error answer's body within `timeoutMs`: parsed when its content type is JSON (undefined
 * when it does not parse), the text otherwise, undefined when empty, too large or unreadable.
 */
export async function errorData(
  response: { body: Readable; headers: IncomingHttpHeaders },
  timeoutMs: number,
): Promise<unknown> {
  const read = await readBody(response.body, timeoutMs, MAX_ERROR_BODY_BYTES);
  if (read.incomplete !== undefined || read.text === '') return undefined;
  const mimeType = (header(response.headers, 'content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  // `json`, and its suffixed kinds: `problem+json`, `vnd.api+json`.
  return /\/(?:.*[.+-])?json$/.test(mimeType) ? parseJson(read.text) : read.text;
}

/**
 * Reads a successful answer's body within `timeoutMs` (a fresh budget after the headers). A
 * body that stalls, breaks off or is too large leaves what arrived and says why: the request
 * itself has already taken effect, so this is never a reason to send it again.
 */
export function readBody(body: Readable, timeoutMs: number, maxBytes = MAX_BODY_BYTES): Promise<BodyRead> {
  // Unlike a StringDecoder, it drops a byte-order mark, which JSON.parse would refuse.
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  let done = false;
  return new Promise((resolve) => {
    const end = (incomplete?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      body.off('data', add);
      text += decoder.decode();
      resolve(incomplete === undefined ? { text } : { text, incomplete });
    };
    const stop = (incomplete: string) => {
      end(incomplete);
      // Nothing more is read: the rest goes with the connection.
      body.destroy();
    };
    const add = (chunk: Buffer) => {
      bytes += chunk.byteLength;
      text += decoder.decode(chunk, { stream: true });
      if (bytes > maxBytes) stop(`the answer was longer than ${maxBytes / 1_048_576} MiB, the most this action reads`);
    };
    const timer = setTimeout(
      () => stop(`the rest of the answer did not arrive within ${timeoutMs / 1_000} s (request-timeout)`),
      timeoutMs,
    );
    // The error listener stays: an error after the end must not go unhandled.
    body
      .on('data', add)
      .once('end', () => end())
      .on('error', (error) => end(`the answer broke off (${networkErrorCode(error)})`));
  });
}
