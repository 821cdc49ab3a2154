/** Whose text on GitHub the action takes for its own: the drift issue, the plan comment. */

/** The author of an issue or comment, as GitHub lists it. */
export interface Authored {
  user?: { type?: string } | null;
  author_association?: string;
}

/**
 * Written by an app or bot (the workflow's token, a GitHub App) or by someone with a say in the
 * repository. Anyone can write in a public repository and copy the action's marker: such text
 * must not receive the plan, nor get the action's own issue closed as its duplicate.
 */
export const writtenByTrusted = (text: Authored) =>
  text.user?.type === 'Bot' || ['OWNER', 'MEMBER', 'COLLABORATOR'].includes(text.author_association ?? '');
