/** What every client of an organization's resource shares: the transport and the organization. */
import type { ApiOutcome, ApiTransport, Method } from './transport.ts';

export abstract class OrganizationResource {
  readonly #transport: ApiTransport;
  readonly org: string;

  constructor(transport: ApiTransport, org: string) {
    this.#transport = transport;
    this.org = org;
  }

  /** `method` to `/{version}/organizations/{org}/{segments…}`, each segment encoded on its own. */
  protected request<T>(method: Method, version: 'v1' | 'v2', ...segments: string[]): Promise<ApiOutcome<T>> {
    return this.#transport.request(method, [version, 'organizations', this.org, ...segments]);
  }

  /** Like `request`, with a JSON body. */
  protected send<T>(method: Method, body: object, version: 'v1' | 'v2', ...segments: string[]): Promise<ApiOutcome<T>> {
    return this.#transport.request(method, [version, 'organizations', this.org, ...segments], {}, body);
  }

  protected query<T>(version: 'v1' | 'v2', segment: string, query: Record<string, string>): Promise<ApiOutcome<T>> {
    return this.#transport.request('GET', [version, 'organizations', this.org, segment], query);
  }
}
