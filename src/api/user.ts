/** The user whose token makes the requests: Get Current User (`GET /v1/user`). */
import type { AnswerBody, ApiOutcome, ApiTransport } from './transport.ts';

/** `user`: `{username, email, …}`. */
export type CurrentUserBody = AnswerBody<'user'>;

export class CurrentUserClient {
  readonly #transport: ApiTransport;

  constructor(transport: ApiTransport) {
    this.#transport = transport;
  }

  get(): Promise<ApiOutcome<CurrentUserBody>> {
    return this.#transport.request('GET', ['v1', 'user']);
  }
}
