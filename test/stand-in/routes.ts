/**
 * How the stand-in finds the answer to a request: each resource contributes routes, each a
 * method and a path pattern whose `:name` segments are captured decoded.
 */
import type { ApiToken } from './api-tokens.ts';
import type { AuditLog } from './audit-logs.ts';
import type { Invite } from './invites.ts';
import type { Member } from './members.ts';
import type { OrgSettings } from './organization.ts';

/** One organization's state, shared by the routes of every resource. */
export interface OrgState {
  members: Map<string, Member>;
  /** Successful removals per username. */
  removals: Map<string, number>;
  /** Pending invitations by email. */
  invites: Map<string, Invite>;
  /** False on a plan without invitations (they answer 403 with a plan code). */
  invitesAvailable: boolean;
  tokens: Map<string, ApiToken>;
  /** Rotations of each group's database tokens, by group name. */
  groups: Map<string, number>;
  /** Newest first. */
  auditLogs: AuditLog[];
  /** False on a plan without audit logs (they answer 403 with a plan code). */
  auditLogsAvailable: boolean;
  /** Whether a removal writes its `org-member-rm` entry. */
  logsRemovals: boolean;
  /** What Retrieve Organization shows. */
  settings: OrgSettings;
  /** The username the token belongs to: the author of what the stand-in carries out. */
  actor: string;
}

export interface Route {
  /** Names the route in the request log and in scripted faults (e.g. `member`). */
  name: string;
  method: string;
  /** `/`-separated segments; `:name` captures one segment. */
  pattern: string;
  /**
   * The answer for an authorised request to an existing organization (query parameters are
   * among `params`), given the request's JSON body (undefined when it had none, or not JSON);
   * an undefined answer body is sent empty.
   */
  answer(params: Record<string, string>, org: OrgState, body: unknown): [number, unknown];
}

export interface RouteMatch {
  route: Route;
  method: string;
  params: Record<string, string>;
}

/** The route for this method and raw path, or undefined (an unknown path or method). */
export function matchRoute(routes: readonly Route[], method: string, rawPath: string): RouteMatch | undefined {
  const [path = '', query = ''] = rawPath.split('?');
  const segments = path.split('/').slice(1);
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.pattern.split('/').slice(1);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = Object.fromEntries(new URLSearchParams(query));
    const matches = pattern.every((part, i) => {
      const segment = segments[i] ?? '';
      if (!part.startsWith(':')) return part === segment;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
        return segment !== '';
      } catch {
        return false;
      }
    });
    if (matches) return { route, method, params };
  }
  return undefined;
}
