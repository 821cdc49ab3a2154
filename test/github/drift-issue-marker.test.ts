import { describe, expect, it } from 'vitest';
import { driftMarker } from '../../src/github/drift-issue.ts';
import { renderGfm } from '../support/markdown.ts';

describe('driftMarker', () => {
  it('names the organization in a comment that no slug can end early or make visible', () => {
    expect(driftMarker('acme')).toBe('<!-- turso-remove-member-action drift-issue org=acme -->');
    const marker = driftMarker('x-->[y](https://evil.example)<!--');
    expect(marker.match(/-->/g)).toHaveLength(1);
    expect(renderGfm(`${marker}\nplan`)).toBe(`${marker}\n<p>plan</p>`);
  });

  it('tells apart organizations whose slugs share a beginning', () => {
    expect(driftMarker('acme-eu')).not.toContain(driftMarker('acme'));
  });
});
