/**
 * The organization's audit log: List Audit Logs (`GET /v1/organizations/{org}/audit-logs`),
 * newest first, a page at a time. A feature of the Scaler plan and above.
 */
import type { AuditLogEntry } from '../model/audit-log.ts';
import { clip, jsonText } from '../model/safe-text.ts';
import { OrganizationResource } from './resource.ts';
import { objectFields, type AnswerBody, type ApiFailure, type ApiOutcome } from './transport.ts';

/** `audit_logs`: `[{code, message, author, created_at, data}]`; `pagination`: `{page, page_size, total_pages, total_rows}`. */
export type ListedAuditLogsBody = AnswerBody<'audit_logs' | 'pagination'>;

export class AuditLogsClient extends OrganizationResource {
  list(page: number, pageSize: number): Promise<ApiOutcome<ListedAuditLogsBody>> {
    return this.query('v1', 'audit-logs', { page: String(page), page_size: String(pageSize) });
  }
}

/** The plan has no audit log: a 403, or an error whose `code` speaks of the plan. */
export function isPlanWithoutAuditLogs(failure: ApiFailure): boolean {
  return failure.kind === 'http' && (failure.status === 403 || /plan/i.test(failure.code ?? ''));
}

export interface AuditLogPage {
  entries: AuditLogEntry[];
  totalPages?: number;
}

/**
 * One page as the spec describes it, or what is wrong with it. Any entry that cannot be read
 * whole spoils the page: skipping it could hide the very entry that records a removal.
 */
export function readAuditLogPage(body: ListedAuditLogsBody | undefined): AuditLogPage | { problem: string } {
  const listed = body?.audit_logs;
  if (!Array.isArray(listed)) return { problem: 'the answer had no audit_logs list' };
  const entries: AuditLogEntry[] = [];
  for (const [index, item] of listed.entries()) {
    const entry = readEntry(item);
    if (typeof entry === 'string') {
      return { problem: `entry ${index + 1} ${entry} (${clip(jsonText(item), 80)})` };
    }
    entries.push(entry);
  }
  const pagination = body?.pagination;
  if (pagination === undefined) return { entries };
  const totalPages = objectFields(pagination)?.total_pages;
  if (objectFields(pagination) === undefined || (totalPages !== undefined && typeof totalPages !== 'number')) {
    return { problem: `its pagination is not readable (${clip(jsonText(pagination), 80)})` };
  }
  return totalPages === undefined ? { entries } : { entries, totalPages };
}

/** The entry, or what is wrong with it. */
function readEntry(item: unknown): AuditLogEntry | string {
  const fields = objectFields(item);
  if (fields === undefined) return 'is not an object';
  const { code, message = '', author = '', created_at: createdAt, data } = fields;
  if (typeof code !== 'string' || code === '') return 'has no code';
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return 'has no readable created_at';
  if (typeof message !== 'string' || typeof author !== 'string') return 'has a message or author that is not text';
  return { code, message, author, createdAt, data };
}
