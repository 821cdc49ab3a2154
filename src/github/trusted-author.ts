/** Whose text on GitHub the action takes for its own: the drift issue, the plan comment. */

/** The author of an issue or comment, as GitHub lists it. */
export interface Authored {
  user?: { type?: string } | null;
}

/**
 * Written by an app or bot (the workflow's token, a GitHub App), as the action writes. A person
 * can copy the action's marker into text they go on editing, whatever their say in the
 * repository: such text must not receive the plan, stand for the drift issue, nor get the
 * action's own issue closed as its duplicate.
 */
export const writtenByBot = (text: Authored) => text.user?.type === 'Bot';
