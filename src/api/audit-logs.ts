/**
 * The organization's audit log: List Audit Logs (`GET /v1/organizations/{org}/audit-logs`),
 * newest first, a page at a time. A feature of the Scaler plan and above.
 */
import { OrganizationResource } from './resource.ts';
import type { ApiFailure, ApiOutcome } from './transport.ts';

export interface AuditLogDetails {
  code?: unknown;
  message?: unknown;
  author?: unknown;
  created_at?: unknown;
  data?: unknown;
}

export interface ListedAuditLogsBody {
  audit_logs?: AuditLogDetails[];
  pagination?: { page?: unknown; page_size?: unknown; total_pages?: unknown; total_rows?: unknown };
}

export class AuditLogsClient extends OrganizationResource {
  list(page: number, pageSize: number): Promise<ApiOutcome<ListedAuditLogsBody>> {
    return this.query('v1', 'audit-logs', { page: String(page), page_size: String(pageSize) });
  }
}

/** The plan has no audit log: a 403, or an error whose `code` speaks of the plan. */
export function isPlanWithoutAuditLogs(failure: ApiFailure): boolean {
  return failure.kind === 'http' && (failure.status === 403 || /plan/i.test(failure.code ?? ''));
}
