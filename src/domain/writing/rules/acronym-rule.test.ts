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

  it('reads a dateline of several capital words as one place name, but still reports an acronym after it', () => {
    const prfaq = (opening: string): string => `# Acme cuts costs\n\n## Summary\n\n${opening} Acme cuts its costs.\n\n## FAQ\n\n### Q?\n\nA.\n`;
    for (const dateline of ['SAN FRANCISCO, Dec. 1, 2026 —', 'NEW YORK –', 'SALT LAKE CITY, Utah —', 'ST. LOUIS, Mo. —', 'LOS ANGELES - ']) {
      expect(flagged(prfaq(dateline), 'style.undefined-acronym', 'prfaq'), dateline).toEqual([]);
    }
    // Capitals that run on into the sentence are no dateline, nor is an acronym in the sentence after one.
    expect(flagged(prfaq('SAN JOSE customers'), 'style.undefined-acronym', 'prfaq')).toEqual(['SAN', 'JOSE']);
    expect(flagged(prfaq('SAN JOSE — Our CAC fell.'), 'style.undefined-acronym', 'prfaq')).toEqual(['CAC']);
    // Only the press release has datelines: a memo paragraph that opens with capitals is read as it stands.
    expect(flagged(memo('SAN JOSE, the city, grew.'), 'style.undefined-acronym')).toEqual(['SAN', 'JOSE']);
  });

  it('reads a time zone after a time of day as part of the time, not as an acronym', () => {
    expect(flagged(memo('The review starts at 10 am ET and ends at 1 p.m. PT; the call is at noon CET.'), 'style.undefined-acronym')).toEqual([]);
    // "am" as a verb is no time of day.
    expect(flagged(memo('I am CRO of the company.'), 'style.undefined-acronym')).toEqual(['CRO']);
  });
});
