import { describe, expect, it } from 'vitest';
import { confirmedRevocation } from '../../src/api/api-tokens.ts';
import { confirmedRotation } from '../../src/api/groups.ts';
import { confirmedInviteDeletion } from '../../src/api/invites.ts';
import { confirmedRemoval, confirmedRoleChange } from '../../src/api/members.ts';
import type { AnswerBody, ApiOutcome } from '../../src/api/transport.ts';

/** A 2xx as the transport hands it over: the body parsed from the text when it is JSON. */
function answered(rawBody: string, incomplete?: string): ApiOutcome<AnswerBody<'member' | 'token'>> & { ok: true } {
  let body: AnswerBody<'member' | 'token'> | undefined;
  try {
    body = JSON.parse(rawBody) as AnswerBody<'member' | 'token'>;
  } catch {
    body = undefined;
  }
  const outcome = { ok: true as const, status: 200, attempts: 1, rawBody, body };
  return incomplete === undefined ? outcome : { ...outcome, incomplete };
}

const PAGE = '<html>Sign in</html>';
const DENIED = '{"error": "permission denied"}';

describe("a 2xx is a confirmation only with the endpoint's own body", () => {
  it('Remove Member: {"member": <string>}, giving the member', () => {
    expect(confirmedRemoval(answered('{"member": "jane"}'))).toEqual({ confirmed: true, value: 'jane' });
    for (const body of [PAGE, DENIED, '', '{"member": null}', '{"member": {"username": "jane"}}', '["jane"]']) {
      expect(confirmedRemoval(answered(body))).toMatchObject({ confirmed: false });
    }
    expect(confirmedRemoval(answered(DENIED))).toEqual({
      confirmed: false,
      answer: `HTTP 200 without Remove Member's {"member": ...} JSON: ${DENIED}`,
    });
  });

  it("Update Member Role: the member object at the role asked for, in any case, and not another member's", () => {
    expect(confirmedRoleChange(answered('{"member": {"username": "ann", "role": "viewer"}}'), 'ann', 'viewer')).toEqual(
      {
        confirmed: true,
        value: true,
      },
    );
    expect(
      confirmedRoleChange(answered('{"member": {"username": "Ann", "role": "Viewer"}}'), 'ann', 'viewer'),
    ).toMatchObject({
      confirmed: true,
    });
    expect(confirmedRoleChange(answered('{"member": {"role": "Viewer"}}'), 'ann', 'viewer')).toMatchObject({
      confirmed: true,
    });
    for (const body of [
      '{"member": {"role": "admin"}}',
      '{"member": {"username": "bob", "role": "viewer"}}',
      '{"member": {"username": 7, "role": "viewer"}}',
      '{"member": "ann"}',
      '{"role": "viewer"}',
      DENIED,
      PAGE,
    ]) {
      expect(confirmedRoleChange(answered(body), 'ann', 'viewer')).toMatchObject({ confirmed: false });
    }
  });

  it('Revoke Organization API Token: {"token": <string>}', () => {
    expect(confirmedRevocation(answered('{"token": "tok-1"}'))).toMatchObject({ confirmed: true });
    for (const body of [PAGE, DENIED, '', '{"token": 1}', '{}']) {
      expect(confirmedRevocation(answered(body))).toMatchObject({ confirmed: false });
    }
  });

  it('Delete Invite and Rotate Group Auth Tokens: an empty body, or whitespace only; never {} or null', () => {
    for (const confirmed of [confirmedInviteDeletion, confirmedRotation]) {
      expect(confirmed(answered(''))).toMatchObject({ confirmed: true });
      expect(confirmed(answered(' \r\n'))).toMatchObject({ confirmed: true });
      for (const body of ['{}', 'null', '""', PAGE, DENIED]) {
        expect(confirmed(answered(body))).toMatchObject({ confirmed: false });
      }
    }
  });

  it('never an answer that broke off or stalled, whatever arrived of it', () => {
    expect(confirmedRemoval(answered('{"member": "jane"}', 'the answer broke off'))).toEqual({
      confirmed: false,
      answer: 'HTTP 200, but the answer broke off',
    });
    expect(confirmedInviteDeletion(answered('', 'the answer broke off'))).toMatchObject({ confirmed: false });
  });
});
