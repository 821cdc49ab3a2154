import { describe, expect, it } from 'vitest';
import { higherRole, isAbove, isAssignable, isBelow, readRole, roleRank } from '../../src/model/roles.ts';

describe('roles', () => {
  it('are read without regard to case, and nothing else is a role', () => {
    expect(readRole('Viewer')).toBe('viewer');
    expect(readRole('OWNER')).toBe('owner');
    expect(readRole('constructor')).toBeUndefined();
    expect(roleRank('toString')).toBeUndefined();
  });

  it('rank owner > admin > member > viewer', () => {
    expect(isAbove('owner', 'admin')).toBe(true);
    expect(isAbove('admin', 'member')).toBe(true);
    expect(isAbove('member', 'member')).toBe(false);
    expect(isBelow('viewer', 'member')).toBe(true);
    expect(isBelow('admin', 'member')).toBe(false);
    expect(higherRole('viewer', 'admin')).toBe('admin');
    expect(higherRole('member', 'viewer')).toBe('member');
  });

  it('never compare a role they do not know, and owner cannot be assigned', () => {
    expect(isAbove('superuser', 'viewer')).toBe(false);
    expect(isBelow('superuser', 'admin')).toBe(false);
    expect(isAssignable('owner')).toBe(false);
    expect(isAssignable('viewer')).toBe(true);
  });
});
