import { describe, expect, it } from 'vitest';
import { COMPLETE_PRFAQ, findingsOf, flagged } from '../../../../test/lint/findings-helper.js';

describe('prfaq rules on a complete, clean PR/FAQ', () => {
  it('report nothing', () => {
    for (const ruleId of ['prfaq.length', 'prfaq.missing-section', 'prfaq.faq-coverage', 'prfaq.faq-unanswered', 'prfaq.tech-spec', 'prfaq.customer-focus'] as const) {
      expect(findingsOf(COMPLETE_PRFAQ, ruleId, 'prfaq'), ruleId).toEqual([]);
    }
  });
});

describe('prfaq.length', () => {
  it('is an error at the first word past the page, with the count in the message', () => {
    const findings = findingsOf(COMPLETE_PRFAQ, 'prfaq.length', 'prfaq', { wordsPerPage: 60 });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', anchor: 'document/press-release' });
    expect(findings[0]?.message).toMatch(/runs \d+ words; one page holds 60/);
  });

  it('does not count the FAQ', () => {
    expect(findingsOf(COMPLETE_PRFAQ, 'prfaq.length', 'prfaq', { wordsPerPage: 110 })).toEqual([]);
  });
});

describe('prfaq.missing-section', () => {
  it('names each missing section', () => {
    const markdown = COMPLETE_PRFAQ.replace(/## Problem\n\n[^\n]+\n/, '').replace(/## Customer quote\n\n[^\n]+\n/, '');
    expect(findingsOf(markdown, 'prfaq.missing-section', 'prfaq').map((finding) => finding.anchor)).toEqual(['document/problem', 'document/customer-quote']);
  });

  it('counts a heading with no text under it as missing', () => {
    const markdown = COMPLETE_PRFAQ.replace('Seed packets speak to the average garden, and no garden is average.\n', '');
    expect(findingsOf(markdown, 'prfaq.missing-section', 'prfaq').map((finding) => finding.anchor)).toEqual(['document/problem']);
  });

  it('reports one finding, not nine, for a press release without section headings', () => {
    expect(findingsOf('# Headline\n\nJust prose.\n\n## FAQ\n\n### Q?\n\nA.\n', 'prfaq.missing-section', 'prfaq')).toHaveLength(1);
  });
});

describe('prfaq.faq-coverage and prfaq.faq-unanswered', () => {
  it('needs an answered internal question', () => {
    const markdown = COMPLETE_PRFAQ.replace('Frost dates were right within three days in nine towns out of ten.\n', '');
    expect(findingsOf(markdown, 'prfaq.faq-coverage', 'prfaq').map((finding) => finding.anchor)).toEqual(['faq-external-faq/internal-question']);
    expect(flagged(markdown, 'prfaq.faq-unanswered', 'prfaq')).toEqual(['### How good is the forecast?']);
  });

  it('reports a PR/FAQ without any FAQ once', () => {
    const markdown = COMPLETE_PRFAQ.slice(0, COMPLETE_PRFAQ.indexOf('## External FAQ'));
    expect(findingsOf(markdown, 'prfaq.faq-coverage', 'prfaq').map((finding) => finding.anchor)).toEqual(['document/no-faq']);
  });

  it('asks for tags when the questions are untagged', () => {
    const markdown = COMPLETE_PRFAQ.replace('## External FAQ', '## FAQ').replace('## Internal FAQ\n\n', '');
    const messages = findingsOf(markdown, 'prfaq.faq-coverage', 'prfaq').map((finding) => finding.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/Tag each question/);
  });
});

describe('prfaq.tech-spec', () => {
  it('flags units, versions, internal terms and code in the press release', () => {
    const markdown = COMPLETE_PRFAQ.replace('Gardeners type their postcode and pick their beds.', 'Gardeners call our REST API in 200 ms, or v2 answers with a 5GB cache through `plotwise sync`, on Android 14.2.');
    expect(flagged(markdown, 'prfaq.tech-spec', 'prfaq')).toEqual(['REST API', '200 ms', 'v2', '5GB', 'cache', '`plotwise sync`', 'Android 14.2']);
  });

  it('leaves the internal FAQ alone, and plain numbers in the press release', () => {
    const markdown = COMPLETE_PRFAQ
      .replace('Frost dates were right within three days in nine towns out of ten.', 'The API answers in 200 ms from a 5GB cache on version 2.1.')
      .replace('Four dollars a month after a free season.', 'Rated 4.5 stars by 2,000 gardeners.');
    expect(findingsOf(markdown, 'prfaq.tech-spec', 'prfaq')).toEqual([]);
  });

  it('adds the org\'s own technical terms', () => {
    const markdown = COMPLETE_PRFAQ.replace('one list.', 'one list with the Sprocket engine.');
    expect(flagged(markdown, 'prfaq.tech-spec', 'prfaq', { technicalTerms: ['Sprocket engine'] })).toEqual(['Sprocket engine']);
  });
});

describe('prfaq.customer-focus', () => {
  const weHeavy = COMPLETE_PRFAQ.replace('Plotwise turns the gardener\'s notes and the local forecast into one list.', 'We built our engine and our team tuned our model, so we are proud of our work.');

  it('flags a press release that says "we/our" more than it names the customer', () => {
    const findings = findingsOf(weHeavy, 'prfaq.customer-focus', 'prfaq');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/"we\/our" 6 times and speaks of the customer 0 times/);
  });

  it('counts the org\'s own words for its customers', () => {
    const withGardeners = weHeavy.replace('Seed packets speak', 'Gardeners say gardeners and gardeners and more gardeners and gardeners and gardeners find seed packets speak');
    expect(findingsOf(withGardeners, 'prfaq.customer-focus', 'prfaq', { customerTerms: ['gardeners'] })).toEqual([]);
  });

  it('does not count the leader quote, which speaks for the company by design', () => {
    const markdown = COMPLETE_PRFAQ.replace('"Every gardener has a drawer of notes,"', '"We built it because we and our team and our partners wanted our own list,"');
    expect(findingsOf(markdown, 'prfaq.customer-focus', 'prfaq')).toEqual([]);
  });
});
