/** The organization itself: Retrieve Organization (`GET /v1/organizations/{org}`), its settings. */
import { OrganizationResource } from './resource.ts';
import type { AnswerBody, ApiOutcome } from './transport.ts';

/** `organization`: `{name, slug, type, overages, require_mfa, blocked_reads, blocked_writes, plan_id, …}`. */
export type RetrievedOrganizationBody = AnswerBody<'organization'>;

export class OrganizationClient extends OrganizationResource {
  get(): Promise<ApiOutcome<RetrievedOrganizationBody>> {
    return this.request('GET', 'v1');
  }
}
