/** An API transport pointed at a stand-in, with settings a test can override. */
import { RateLimitPause } from '../../src/api/rate-limit-pause.ts';
import { ApiTransport, type ApiClientSettings, type RetryNotice } from '../../src/api/transport.ts';

export function transportTo(
  standIn: { url: string },
  token: string,
  overrides: Partial<ApiClientSettings> = {},
  options: { pause?: RateLimitPause; onRetry?: (notice: RetryNotice) => void } = {},
): ApiTransport {
  return new ApiTransport(
    {
      apiUrl: new URL(standIn.url),
      token,
      retries: 3,
      requestTimeoutMs: 2_000,
      concurrency: 4,
      userAgent: 'test-agent',
      signal: new AbortController().signal,
      ...overrides,
    },
    options.pause ?? new RateLimitPause(),
    options.onRetry ?? (() => undefined),
  );
}
