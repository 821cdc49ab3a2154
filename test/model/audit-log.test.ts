import { describe, expect, it } from 'vitest';
import { removalFinder, type AuditLogEntry } from '../../src/model/audit-log.ts';

const since = new Date('2026-12-01T10:00:00Z');
const entry = (extra: Partial<AuditLogEntry>): AuditLogEntry => ({
  code: 'org-member-rm',
  message: '',
  author: 'bot',
  createdAt: '2026-12-01T10:00:05Z',
  data: {},
  ...extra,
});

describe('removalFinder', () => {
  it('finds the org-member-rm entry since the start that names the username in its message or data', () => {
    const byMessage = entry({ message: 'removed Jane from acme' });
    const byData = entry({ data: { member: { username: 'jane' } } });
    expect(removalFinder([byMessage], since)('jane')).toBe(byMessage);
    expect(removalFinder([byData], since)('JANE')).toBe(byData);
  });

  it('compares the username after Unicode normalization, as the roster does', () => {
    const composed = entry({ message: 'removed jos\u00e9 from acme' });
    const decomposed = entry({ data: { username: 'jose\u0301' } });
    expect(removalFinder([composed], since)('jose\u0301')).toBe(composed);
    expect(removalFinder([decomposed], since)('JOS\u00c9')).toBe(decomposed);
  });

  it('ignores other codes, older entries and names that only contain the username', () => {
    expect(
      removalFinder([entry({ code: 'org-member-add', data: { username: 'jane' } })], since)('jane'),
    ).toBeUndefined();
    expect(
      removalFinder([entry({ createdAt: '2026-12-01T09:59:59Z', data: { username: 'jane' } })], since)('jane'),
    ).toBeUndefined();
    expect(
      removalFinder([entry({ message: 'removed janet', data: { username: 'jane.doe' } })], since)('jane'),
    ).toBeUndefined();
  });
});
