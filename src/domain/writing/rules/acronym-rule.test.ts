import { describe, expect, it } from 'vitest';
import { findingsOf, flagged } from '../../../../test/lint/findings-helper.js';

const memo = (text: string): string => `# Memo\n\n${text}\n`;

describe('style.undefined-acronym', () => {
  it('accepts both ways of spelling an acronym out at first use', () => {
    expect(findingsOf(memo('The Weekly Business Review (WBR) is on Monday. The WBR has ten charts. OKR (objectives and key results) reviews follow.'), 'style.undefined-acronym')).toEqual([]);
  });

  it('reports an acronym that is never spelled out, once, at its first use', () => {
    const text = memo('Our CAC rose. The CAC of small teams rose most.');
    const findings = findingsOf(text, 'style.undefined-acronym');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 3, column: 5 });
    expect(findings[0]?.message).toMatch(/"CAC" is never spelled out/);
  });

  it('reports an acronym used before its definition, naming the line of the definition', () => {
    const text = memo('The ETL jobs fail.\n\nWe rewrite the extract, transform and load (ETL) jobs.');
    expect(findingsOf(text, 'style.undefined-acronym')[0]?.message).toMatch(/used before it is spelled out \(line 5\)/);
  });

  it('knows common acronyms and the org\'s own, and skips units, plurals of known ones, numerals and shouting', () => {
    const text = memo('The CEO wants APIs in the US. We need 16 GB. Chapter IV is NOT optional. The STL owns it.');
    expect(findingsOf(text, 'style.undefined-acronym', 'memo', { knownAcronyms: ['STL'] })).toEqual([]);
  });

  it('ignores section headings and press-release datelines, but not the headline', () => {
    expect(flagged('# Memo\n\n## Reducing CAC\n\nCosts fell.\n', 'style.undefined-acronym')).toEqual([]);
    const prfaq = '# Acme cuts CAC\n\n## Summary\n\nLONDON – Acme cuts its costs.\n\n## FAQ\n\n### Q?\n\nA.\n';
    expect(flagged(prfaq, 'style.undefined-acronym', 'prfaq')).toEqual(['CAC']);
  });
});
