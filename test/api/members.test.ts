import { beforeEach, describe, expect, it } from 'vitest';
import { MembersClient } from '../../src/api/members.ts';
import { transportTo } from '../support/api-transport.ts';
import { ANN, JANE } from '../support/fixtures.ts';
import { useStandIn } from '../support/stand-ins.ts';

const TOKEN = 'tok-members';
const standIn = useStandIn({ token: TOKEN, orgs: { acme: [JANE, ANN] } });
let members: MembersClient;

beforeEach(() => {
  members = new MembersClient(transportTo(standIn, TOKEN), 'acme');
});

describe('MembersClient', () => {
  it('lists members', async () => {
    const outcome = await members.list();
    expect(outcome).toMatchObject({ ok: true, body: { members: [{ username: 'jane' }, { username: 'ann' }] } });
    expect(standIn.requests[0]).toMatchObject({ method: 'GET', rawPath: '/v1/organizations/acme/members' });
  });

  it('retrieves a member with its role', async () => {
    const outcome = await members.get('ann');
    expect(outcome).toMatchObject({ ok: true, body: { member: { username: 'ann', role: 'admin' } } });
    expect(standIn.requests[0]).toMatchObject({ method: 'GET', rawPath: '/v1/organizations/acme/members/ann' });
  });

  it('updates a member role with the role as a JSON body, and reads the documented 404', async () => {
    const outcome = await members.updateRole('ann', 'viewer');
    expect(outcome).toMatchObject({ ok: true, body: { member: { username: 'ann', role: 'viewer' } } });
    expect(standIn.requests[0]).toMatchObject({
      method: 'PATCH',
      rawPath: '/v1/organizations/acme/members/ann',
      body: { role: 'viewer' },
    });
    expect(await members.updateRole('zoe', 'member')).toMatchObject({
      ok: false,
      failure: { kind: 'http', status: 404, message: 'could not find user zoe' },
    });
  });

  it('removes a member', async () => {
    const outcome = await members.remove('jane');
    expect(outcome).toMatchObject({ ok: true, body: { member: 'jane' } });
    expect(standIn.requests[0]).toMatchObject({ method: 'DELETE', rawPath: '/v1/organizations/acme/members/jane' });
    expect(standIn.members('acme').map((m) => m.username)).toEqual(['ann']);
  });
});
