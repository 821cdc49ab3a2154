import { describe, expect, it } from 'vitest';
import { planTable } from '../../src/model/plan-table.ts';
import { EVERY_KIND_OF_ROW } from '../support/plan-rows.ts';

describe('planTable', () => {
  it('lists what refuses the plan, then the changes, what is left to a person, what is kept by exception, and what stays', () => {
    expect(planTable(EVERY_KIND_OF_ROW, { planOnly: false, refused: false })).toEqual([
      [
        'who@x.test',
        '',
        'refuse the plan',
        'whom it keeps cannot be told: no member, invitation or token owner shows it, while some members show no email',
      ],
      ['two@x.test', '', 'refuse the plan', 'whom it keeps cannot be told: two members show it'],
      ['bob', 'admin', 'remove', 'not on the keep list'],
      ['cy', 'admin', 'lower to viewer', 'the roster allows at most viewer'],
      [
        'root',
        'owner',
        'change by hand',
        'the roster allows at most admin, and this action never changes an owner: change the role in Turso by hand',
      ],
      [
        'new@x.test',
        'invited as admin',
        'change by hand',
        'the roster allows at most viewer, and this action never changes an invitation: revoke it in Turso and invite again as viewer',
      ],
      ['eve@x.test', 'invited', 'revoke', 'invitation for someone not on the keep list'],
      ['token ci', 'minted by bob', 'revoke', 'its owner is not a member once the audit is done'],
      [
        'bot2',
        'admin',
        'keep: fix by hand',
        'may be the user whose token runs the action (Get Current User could not be read)',
      ],
      [
        'bot',
        'admin',
        'keep: fix by hand',
        'the roster allows at most member, but this is the user whose token runs the action: never lowered',
      ],
      ['root2', 'owner', 'keep: fix by hand', 'owner (an audit never removes owners)'],
      ['odd', '(none)', 'keep: fix by hand', 'role unknown (an audit removes only admins, members and viewers)'],
      ['token old', 'owner not shown', 'keep: fix by hand', 'check it by hand'],
      ['fresh@x.test', 'invited', 'keep', 'invited 2 day(s) ago (within invite-grace-days)'],
      ['undated@x.test', 'invited', 'keep', 'the invitation has no readable date (check it by hand)'],
      [
        'ann',
        'member',
        'keep',
        'on the keep list, below the admin the roster allows (this action never raises a role)',
      ],
      ['dee', 'member', 'keep', 'on the keep list'],
      ['typo', '', 'none', 'on the keep list but not a member (typo or pending invitation?)'],
      ['gh-only', '', 'none', 'in a GitHub team of the roster, not a Turso member'],
    ]);
  });

  it('says what a dry run would do, and that a refused plan does none of it', () => {
    const actions = (tense: { planOnly: boolean; refused: boolean }) =>
      planTable(EVERY_KIND_OF_ROW, tense)
        .slice(0, 4)
        .map(([, , action]) => action);
    expect(actions({ planOnly: true, refused: false })).toEqual([
      'would refuse the plan',
      'would refuse the plan',
      'would remove',
      'would lower to viewer',
    ]);
    expect(actions({ planOnly: false, refused: true })).toEqual([
      'plan refused',
      'plan refused',
      'not removed: plan refused',
      'not lowered: plan refused',
    ]);
  });
});
