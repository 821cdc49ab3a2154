/** The clients of one organization's resources, over one shared transport. */
import { ApiTokensClient } from './api-tokens.ts';
import { AuditLogsClient } from './audit-logs.ts';
import { GroupsClient } from './groups.ts';
import { InvitesClient } from './invites.ts';
import { MembersClient } from './members.ts';
import { OrganizationClient } from './organization-details.ts';
import type { ApiTransport } from './transport.ts';
import { CurrentUserClient } from './user.ts';

export interface OrganizationApi {
  org: string;
  members: MembersClient;
  invites: InvitesClient;
  apiTokens: ApiTokensClient;
  groups: GroupsClient;
  auditLogs: AuditLogsClient;
  /** Retrieve Organization: the organization's settings. */
  organization: OrganizationClient;
  /** Not the organization's: the user the token belongs to. */
  currentUser: CurrentUserClient;
}

export function organizationApi(transport: ApiTransport, org: string): OrganizationApi {
  return {
    org,
    members: new MembersClient(transport, org),
    invites: new InvitesClient(transport, org),
    apiTokens: new ApiTokensClient(transport, org),
    groups: new GroupsClient(transport, org),
    auditLogs: new AuditLogsClient(transport, org),
    organization: new OrganizationClient(transport, org),
    currentUser: new CurrentUserClient(transport),
  };
}
