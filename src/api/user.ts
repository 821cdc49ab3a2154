/** The user whose token makes the requests: Get Current User (`GET /v1/user`). */
import type { ApiOutcome, ApiTransport } from './transport.ts';

export interface CurrentUserBody {
  user?: { username?: unknown; email?: unknown };
}

export class CurrentUserClient {
  readonly #transport: ApiTransport;

  constructor(transport: ApiTransport) {
    this.#transport = transport;
  }

  get(): Promise<ApiOutcome<CurrentUserBody>> {
    return this.#transport.request('GET', ['v1', 'user']);
  }
}
