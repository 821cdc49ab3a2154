import { describe, expect, it } from 'vitest';
import { planCommentBody } from '../../src/github/plan-comment.ts';
import type { AuditPlan } from '../../src/model/audit-plan.ts';

const plan = (remove: string[]): AuditPlan => [
  ...remove.map((username) => ({
    what: 'member' as const,
    whom: { username, role: '' },
    why: 'not-on-roster' as const,
    action: 'remove' as const,
  })),
];
const context = { org: 'acme', repository: 'acme/platform', pullRequest: 3, run: {} };

describe('planCommentBody', () => {
  it('keeps within the size GitHub allows, pointing to the job summary for the rest', () => {
    const body = planCommentBody(plan(Array.from({ length: 1_000 }, (_, i) => `person-${i}`)), context, (t) => t);
    const shown = body.split('\n').filter((line) => line.startsWith('| <code>person-')).length;
    expect(body).toContain(`_${1_000 - shown} more row(s) did not fit in this comment (GitHub takes 65536 characters)`);
    expect(body.length).toBeLessThanOrEqual(65_536);
  });

  it('names the run in words where the runner gives no link, and shows an unknown role as a dash', () => {
    const body = planCommentBody(plan(['gone']), context, (t) => t);
    expect(body).toContain('as planned from its roster by an audit run at');
    expect(body).toContain('| <code>gone</code> | — | would remove |');
  });
});
