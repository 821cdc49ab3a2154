/**
 * Which errors are the network's: told by their code, not their class, since with the runner's
 * proxy the dispatcher is Node's own copy of undici. Only these are retried and described as
 * "could not reach"; anything else thrown while sending (a TypeError, Node's `ERR_INVALID_*`,
 * undici's codes for a request it was given wrong) is a defect of ours.
 */

/** undici's codes for a socket, its timeouts, an answer it could not take, or a proxy's refusal. */
const UNDICI_NETWORK_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_INFO',
  'UND_ERR_PRX_TLS',
  // What a proxy refusing the tunnel gives; the run's own cancel is told apart by its signal.
  'UND_ERR_ABORTED',
]);

/**
 * Node's own codes for a socket that closed or whose connection attempts timed out (with several
 * addresses, as happy eyeballs tries them, the first attempt's error names them all).
 */
const SOCKET_CODES: ReadonlySet<string> = new Set([
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_SOCKET_CLOSED',
  'ERR_SOCKET_CLOSED_BEFORE_CONNECTION',
]);

/** OpenSSL's certificate verification codes, as Node's TLS gives them (a proxy's own CA, an expired certificate). */
const CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
]);

/**
 * Whether the connection failed or broke off: an error whose code is a system call's or the
 * resolver's (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, `EAI_AGAIN`, …), Node's for a socket
 * or TLS, the HTTP parser's (`HPE_…`, an answer it could not read), or one of undici's above.
 */
export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as Error & { code?: unknown };
  if (typeof code !== 'string') return false;
  return (
    /^E(?!RR_)[A-Z0-9_]+$/.test(code) ||
    /^(?:ERR_TLS_|ERR_SSL_|HPE_)/.test(code) ||
    UNDICI_NETWORK_CODES.has(code) ||
    SOCKET_CODES.has(code) ||
    CERTIFICATE_CODES.has(code)
  );
}

/** The most specific code in an error's cause chain (ECONNRESET, ENOTFOUND, ...). */
export function networkErrorCode(error: unknown): string {
  let deepest = 'unknown';
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') deepest = code;
    current = current.cause;
  }
  return deepest;
}
