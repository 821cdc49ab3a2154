import { describe, expect, it } from 'vitest';
import { driftBody, driftTitle } from '../../src/github/drift-issue.ts';
import type { AuditPlan } from '../../src/model/audit-plan.ts';
import { createRedactor } from '../../src/model/safe-text.ts';

const plan = (remove: string[]): AuditPlan => [
  ...remove.map((username) => ({
    what: 'member' as const,
    whom: { username, role: 'member' },
    why: 'not-on-roster' as const,
    action: 'remove' as const,
  })),
  { what: 'member', whom: { username: 'stays', role: 'admin' }, why: 'on-roster', action: 'keep' },
];
const context = {
  org: 'acme',
  repository: 'acme/platform',
  planOnly: false,
  refused: false,
  done: { deletions: 0, rolesLowered: 0, failedPeople: 0 },
  run: {},
};

describe('driftBody', () => {
  it('shows only the drift, with every name escaped so it cannot mention, link or break the table', () => {
    const body = driftBody(plan(['x|<img src=x>', '@octocat', 'secret-abc']), context, createRedactor(['secret-abc']));
    expect(body).toContain(
      '| <code>x&#124;&#60;img src=x&#62;</code> | <code>member</code> | remove | not on the keep list |',
    );
    expect(body).toContain('<code>&#64;<wbr>octocat</code>');
    expect(body).toContain('<code>&#42;&#42;&#42;</code>');
    expect(body).not.toContain('stays');
    expect(body).not.toContain('<img');
  });

  it('keeps within the size GitHub allows, pointing to the job summary for the rest', () => {
    const body = driftBody(plan(Array.from({ length: 1_000 }, (_, i) => `person-${i}`)), context, (t) => t);
    const shown = body.split('\n').filter((line) => line.startsWith('| <code>person-')).length;
    expect(body).toContain(
      `_${1_000 - shown} more row(s) did not fit in this issue (GitHub takes 65536 characters): the full plan is in the run's job summary and its \`plan\` output._`,
    );
    expect(body.length).toBeLessThanOrEqual(65_536);
  });
});

describe('driftTitle', () => {
  it('names the organization, so that each organization keeps its own issue', () => {
    expect(driftTitle('acme')).toBe('Turso membership drift in acme');
  });
});
