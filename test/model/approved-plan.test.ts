import { describe, expect, it } from 'vitest';
import type { AuditPlan } from '../../src/model/audit-plan.ts';
import { isPlanMarker, planMarker, planRows, readPlanMarker } from '../../src/model/approved-plan.ts';
import { EVERY_KIND_OF_ROW } from '../support/plan-rows.ts';

describe('the plan marker', () => {
  it('reads back the head commit and the rows it keeps', () => {
    const rows = ['remove bob', 'lower ann to member', 'revoke the invitation of c@acme.test', 'revoke token t1'];
    expect(readPlanMarker(planMarker('acme', 'b0b0', rows), 'acme')).toEqual({ head: 'b0b0', rows });
  });

  it('keeps rows that would close the HTML comment or read as another field inside it', () => {
    const rows = ['remove x --> <b>y</b>', 'remove z rows=["bob"] head=evil'];
    const marker = planMarker('acme', 'b0b0', rows);
    expect(marker.indexOf('-->')).toBe(marker.length - 3);
    expect(readPlanMarker(marker, 'acme')).toEqual({ head: 'b0b0', rows });
  });

  it("is another organization's marker for no organization but its own", () => {
    const marker = planMarker('acme', 'b0b0', []);
    expect(isPlanMarker(marker, 'acme')).toBe(true);
    expect(isPlanMarker(marker, 'acm')).toBe(false);
    expect(isPlanMarker(planMarker('acme2', 'b0b0', []), 'acme')).toBe(false);
  });

  it('keeps no plan without the head commit it was planned for, nor one that cannot be read', () => {
    expect(readPlanMarker(planMarker('acme', undefined, ['remove bob']), 'acme')).toBeUndefined();
    expect(readPlanMarker(planMarker('acme', 'b0b0', []).replace('rows=%5B', 'rows=%7B'), 'acme')).toBeUndefined();
    expect(
      readPlanMarker(planMarker('acme', 'b0b0', []).replace('rows=%5B%5D', 'rows=%5B1%5D'), 'acme'),
    ).toBeUndefined();
  });
});

describe('planRows', () => {
  it('names each change of the plan once: removals, roles lowered, invitations and tokens revoked', () => {
    const plan: AuditPlan = [
      // Rows kept by exception change nothing, so no reviewer approves them.
      { what: 'member', whom: { username: 'root', role: 'owner' }, why: 'owner', action: 'keep-by-exception' },
      {
        what: 'member',
        whom: { username: 'ann', role: 'admin' },
        why: 'above-role',
        action: 'demote',
        allowed: 'member',
      },
      { what: 'member', whom: { username: 'bob', role: 'member' }, why: 'not-on-roster', action: 'remove' },
      { what: 'invitation', whom: 'c@acme.test', why: 'not-on-roster', action: 'revoke' },
      { what: 'token', whom: { id: 't1', name: 'ci', owner: 'gone' }, why: 'owner-leaves', action: 'revoke' },
    ];
    expect(planRows(plan)).toEqual([
      'remove bob',
      'lower ann to member',
      'revoke the invitation of c@acme.test',
      'revoke token t1',
    ]);
  });

  it('names the changes of a plan of every kind of row, and nothing else', () => {
    expect(planRows(EVERY_KIND_OF_ROW)).toEqual([
      'remove bob',
      'lower cy to viewer',
      'revoke the invitation of eve@x.test',
      'revoke token t1',
    ]);
  });
});
