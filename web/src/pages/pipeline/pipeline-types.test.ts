import { describe, expect, it } from 'vitest';
import { noneText } from './pipeline-types.js';

describe('noneText', () => {
  it('says "none yet" while an initiative can still get a leader or a team, "none recorded" once it is over', () => {
    expect(noneText('approved')).toBe('none yet');
    expect(noneText('building')).toBe('none yet');
    expect(noneText('launched')).toBe('none recorded');
    expect(noneText('killed')).toBe('none recorded');
  });
});
