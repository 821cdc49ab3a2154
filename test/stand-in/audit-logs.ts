/**
 * The organization's audit log: List Audit Logs, newest first, paginated as the spec says
 * (`page`, `page_size` defaulting to 1 and 100). Every removal the stand-in carries out writes
 * an `org-member-rm` entry, authored by the token's user.
 */
import type { OrgState, Route } from './routes.ts';

export interface AuditLog {
  code: string;
  message: string;
  origin: 'cli' | 'web';
  author: string;
  created_at: string;
  data: Record<string, unknown>;
}

const PLAN_WITHOUT_AUDIT_LOGS = [
  403,
  { error: 'audit logs are not available on your plan', code: 'feature_not_available_for_starter_plan' },
] as const;

/** Records a removal the way Turso's audit log shows one. */
export function logMemberRemoved(org: OrgState, username: string): void {
  if (!org.logsRemovals) return;
  org.auditLogs.unshift({
    code: 'org-member-rm',
    message: `removed ${username} from the organization`,
    origin: 'cli',
    author: org.actor,
    created_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    data: { username },
  });
}

const whole = (value: string | undefined, fallback: number) =>
  value !== undefined && /^[1-9]\d*$/.test(value) ? Number(value) : fallback;

export const AUDIT_LOG_ROUTES: readonly Route[] = [
  {
    name: 'audit-logs',
    method: 'GET',
    pattern: '/v1/organizations/:org/audit-logs',
    answer: ({ page, page_size: pageSize }, org) => {
      if (!org.auditLogsAvailable) return [...PLAN_WITHOUT_AUDIT_LOGS];
      const size = whole(pageSize, 100);
      const number = whole(page, 1);
      const rows = org.auditLogs.length;
      return [
        200,
        {
          audit_logs: org.auditLogs.slice((number - 1) * size, number * size),
          pagination: {
            page: number,
            page_size: size,
            total_pages: Math.max(1, Math.ceil(rows / size)),
            total_rows: rows,
          },
        },
      ];
    },
  },
];
