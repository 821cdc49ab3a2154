/**
 * The organization as a roster file in the grammar the audit reads (docs/audit.md): each member
 * on a line with their role, owners without one (the audit never changes an owner), then each
 * pending invitation's email with its role, sorted, under a `#` header naming the organization
 * and the time. Fed back to the audit, it plans no change to anyone it names.
 */
import type { AccessReview } from './access-review.ts';
import { entryTextProblem, rosterNameProblem } from './entries.ts';
import { visibleName } from './names.ts';
import { isAssignable, readRole } from './roles.ts';

/**
 * A roster line: the name, and the role after it when it is one the roster can give. A name the
 * roster cannot hold (the audit would refuse the file) is a comment, so that the file still reads.
 */
function line(name: string, role: string | null): string {
  const problem = rosterNameProblem(name) ?? entryTextProblem(name);
  // Shown with its line breaks and other control characters as code points: a name from the API
  // must not end the comment and start a roster line of its own.
  if (problem !== undefined) return `# not a roster entry: ${visibleName(name).replace(/#/g, '')} ${problem}`;
  const known = role === null ? undefined : readRole(role);
  return known === undefined || !isAssignable(known) ? name : `${name} ${known}`;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function rosterFile(review: AccessReview): string {
  const members = review.members.map((member) => line(member.username, member.role)).toSorted(byName);
  const invited =
    review.invitations === 'unavailable'
      ? []
      : review.invitations.map((invitation) => line(invitation.email, invitation.role)).toSorted(byName);
  return [
    `# The Turso organization ${review.organization.slug} as it was at ${review.generatedAt}: one member a line with their role (owners without one).`,
    ...members,
    ...(invited.length === 0 ? [] : ['# Pending invitations, by email', ...invited]),
    '',
  ].join('\n');
}
