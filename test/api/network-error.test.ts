import { describe, expect, it } from 'vitest';
import { isNetworkError, networkErrorCode } from '../../src/api/network-error.ts';

const coded = (code: string, make: (message: string) => Error = (message) => new Error(message)) =>
  Object.assign(make(`failed with ${code}`), { code });

describe('isNetworkError', () => {
  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ETIMEDOUT',
    'EPIPE',
    'EHOSTUNREACH',
    'ERR_SOCKET_CONNECTION_TIMEOUT',
    'ERR_SOCKET_CLOSED',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'UND_ERR_ABORTED',
    'HPE_INVALID_CONSTANT',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'ERR_SSL_WRONG_VERSION_NUMBER',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_HAS_EXPIRED',
  ])('takes %s for the network', (code) => {
    expect(isNetworkError(coded(code))).toBe(true);
  });

  it.each([
    // Node's codes for a call made wrong, which a bug of ours throws.
    'ERR_INVALID_ARG_TYPE',
    'ERR_INVALID_URL',
    'ERR_INVALID_CHAR',
    'ERR_SOCKET_BAD_PORT',
    // undici's for a request it was given wrong, or a dispatcher used after it was closed.
    'UND_ERR_INVALID_ARG',
    'UND_ERR_NOT_SUPPORTED',
    'UND_ERR_INVALID_RETURN_VALUE',
    'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
    'UND_ERR_CLOSED',
    'UND_ERR_DESTROYED',
  ])('never takes %s for the network', (code) => {
    expect(isNetworkError(coded(code, (message) => new TypeError(message)))).toBe(false);
  });

  it('takes every address failing to connect for the network, by the first failure', () => {
    const attempts = [coded('ERR_SOCKET_CONNECTION_TIMEOUT'), coded('ECONNREFUSED')];
    expect(isNetworkError(Object.assign(new AggregateError(attempts), { code: 'ERR_SOCKET_CONNECTION_TIMEOUT' }))).toBe(
      true,
    );
  });

  it('never takes an error without a code, or something that is not an error, for the network', () => {
    expect(isNetworkError(new TypeError('val.push is not a function'))).toBe(false);
    expect(isNetworkError('ECONNRESET')).toBe(false);
    expect(isNetworkError({ code: 'ECONNRESET', message: 'read ECONNRESET' })).toBe(false);
    expect(isNetworkError(Object.assign(new Error('numbered'), { code: 104 }))).toBe(false);
  });
});

describe('networkErrorCode', () => {
  it('names the most specific code in the cause chain', () => {
    const socket = coded('ECONNRESET');
    expect(
      networkErrorCode(Object.assign(new Error('other side closed', { cause: socket }), { code: 'UND_ERR_SOCKET' })),
    ).toBe('ECONNRESET');
    expect(networkErrorCode(coded('ENOTFOUND'))).toBe('ENOTFOUND');
    expect(networkErrorCode(new Error('no code'))).toBe('unknown');
    expect(networkErrorCode(undefined)).toBe('unknown');
  });
});
