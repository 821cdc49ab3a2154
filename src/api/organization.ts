/** The clients of one organization's resources, over one shared transport. */
import { ApiTokensClient } from './api-tokens.ts';
import { GroupsClient } from './groups.ts';
import { InvitesClient } from './invites.ts';
import { MembersClient } from './members.ts';
import type { ApiTransport } from './transport.ts';

export interface OrganizationApi {
  org: string;
  members: MembersClient;
  invites: InvitesClient;
  apiTokens: ApiTokensClient;
  groups: GroupsClient;
}

export function organizationApi(transport: ApiTransport, org: string): OrganizationApi {
  return {
    org,
    members: new MembersClient(transport, org),
    invites: new InvitesClient(transport, org),
    apiTokens: new ApiTokensClient(transport, org),
    groups: new GroupsClient(transport, org),
  };
}
