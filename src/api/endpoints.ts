/**
 * The endpoints the action calls, and nothing else: the transport checks every request against
 * these templates before sending it. A value in a path (an organization slug, a username, an
 * email, a token id, a group name) stands where a template has `{}`, as exactly one segment that
 * passes pathSegmentProblem; every other segment is literal, and the number of segments is the
 * template's own. A request that fits none is a defect of ours, never sent: a value like `..`
 * that slipped past every other check cannot turn `DELETE …/members/{username}` into a request
 * for the organization itself.
 */
import { pathSegmentProblem, visibleName } from '../model/names.ts';

export type Method = 'GET' | 'DELETE' | 'POST' | 'PATCH';

const ENDPOINTS: readonly (readonly [Method, string])[] = [
  ['GET', 'v1/user'],
  ['GET', 'v1/organizations/{}'],
  ['GET', 'v1/organizations/{}/members'],
  ['GET', 'v1/organizations/{}/members/{}'],
  ['PATCH', 'v1/organizations/{}/members/{}'],
  ['DELETE', 'v1/organizations/{}/members/{}'],
  ['GET', 'v2/organizations/{}/invites'],
  ['DELETE', 'v2/organizations/{}/invites/{}'],
  ['GET', 'v1/organizations/{}/api-tokens'],
  ['DELETE', 'v1/organizations/{}/api-tokens/{}'],
  ['POST', 'v1/organizations/{}/groups/{}/auth/rotate'],
  ['GET', 'v1/organizations/{}/audit-logs'],
];

const TEMPLATES = ENDPOINTS.map(([method, path]) => ({ method, segments: path.split('/') }));

/** Why the request is none of the action's endpoints, or undefined when it is one. */
export function endpointProblem(method: Method, segments: readonly string[]): string | undefined {
  const shaped = TEMPLATES.filter(
    (t) =>
      t.method === method &&
      t.segments.length === segments.length &&
      t.segments.every((literal, i) => literal === '{}' || literal === segments[i]),
  );
  if (shaped.length === 0) {
    return `${method} /${segments.map(visibleName).join('/')} is not one of the endpoints the action calls`;
  }
  for (const [i, literal] of (shaped[0]?.segments ?? []).entries()) {
    const value = segments[i] ?? '';
    const problem = literal === '{}' ? pathSegmentProblem(value) : undefined;
    if (problem !== undefined)
      return `segment ${i + 1} of ${method} /${segments.map(visibleName).join('/')} ${problem}`;
  }
  return undefined;
}
