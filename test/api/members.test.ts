import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MembersClient } from '../../src/api/members.ts';
import { transportTo } from '../support/api-transport.ts';
import { TursoStandIn } from '../stand-in/server.ts';

const TOKEN = 'tok-members';
let standIn: TursoStandIn;
let members: MembersClient;

beforeEach(async () => {
  standIn = new TursoStandIn({
    token: TOKEN,
    orgs: {
      acme: [
        { username: 'jane', role: 'member', email: 'jane@acme.test' },
        { username: 'ann', role: 'admin', email: 'ann@acme.test' },
      ],
    },
  });
  await standIn.start();
  members = new MembersClient(transportTo(standIn, TOKEN), 'acme');
});

afterEach(async () => {
  await standIn.stop();
});

describe('MembersClient', () => {
  it('lists members', async () => {
    const outcome = await members.list();
    expect(outcome.ok && outcome.body?.members?.map((m) => m.username)).toEqual(['jane', 'ann']);
    expect(standIn.requests[0]).toMatchObject({ method: 'GET', rawPath: '/v1/organizations/acme/members' });
  });

  it('retrieves a member with its role', async () => {
    const outcome = await members.get('ann');
    expect(outcome).toMatchObject({ ok: true, body: { member: { username: 'ann', role: 'admin' } } });
    expect(standIn.requests[0]).toMatchObject({ method: 'GET', rawPath: '/v1/organizations/acme/members/ann' });
  });

  it('removes a member', async () => {
    const outcome = await members.remove('jane');
    expect(outcome).toMatchObject({ ok: true, body: { member: 'jane' } });
    expect(standIn.requests[0]).toMatchObject({ method: 'DELETE', rawPath: '/v1/organizations/acme/members/jane' });
    expect(standIn.members('acme').map((m) => m.username)).toEqual(['ann']);
  });
});
