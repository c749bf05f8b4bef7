import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { checkPreviewable, parseIsoDay, previewDeckTitle, previewWeekEnding } from './review-rules.js';

const day = (iso: string) => parseIsoDay(iso) as number;
// The fixture's config: weeks end on Saturdays (4 January 2025 is one).
const SATURDAY = day('2025-01-04');

describe('the week a preview starts at', () => {
  it('is the week under way that holds the latest row dated up to today, over or not', () => {
    const days = [[day('2025-01-06'), 1, 2], [day('2025-01-07'), 1, 3], [day('2062-11-14'), 1, 4]] as const;
    // Wednesday 8 January: the week ending Saturday 11 January is not over, and holds rows.
    expect(previewWeekEnding(SATURDAY, { lastDay: day('2062-11-14'), days: [...days] }, day('2025-01-08'))).toBe(day('2025-01-11'));
    // Without the data's days, the data's last day up to today chooses it.
    expect(previewWeekEnding(SATURDAY, { lastDay: day('2025-01-04') }, day('2025-01-08'))).toBe(day('2025-01-04'));
    expect(previewWeekEnding(SATURDAY, null, day('2025-01-08'))).toBeNull();
  });
});

describe('a week a preview may show', () => {
  const data = { firstDay: day('2024-12-01'), lastDay: day('2025-01-07') };
  const refusal = (weekEnding: string) => {
    try {
      checkPreviewable({ weekEnding: day(weekEnding), configWeekEnding: SATURDAY, data, field: 'query.weekEnding' });
      return undefined;
    } catch (error) {
      return error instanceof AppError ? { code: error.code, field: error.details.field, message: error.message } : error;
    }
  };

  it('is any week on the config weekday that the data reaches, the unfinished one included', () => {
    expect(refusal('2025-01-11')).toBeUndefined();
    expect(refusal('2024-12-07')).toBeUndefined();
  });

  it('refuses another weekday, or a week outside the data, as bad input on the field named', () => {
    expect(refusal('2025-01-10')).toMatchObject({ code: 'validation_failed', field: 'query.weekEnding', message: expect.stringMatching(/^query\.weekEnding: Jan 10, 2025 is a Friday/) });
    expect(refusal('2025-01-18')).toMatchObject({ code: 'validation_failed', field: 'query.weekEnding', message: expect.stringMatching(/outside the data/) });
    expect(refusal('2024-11-30')).toMatchObject({ code: 'validation_failed', field: 'query.weekEnding' });
  });
});

describe('a preview title', () => {
  it('says it is a preview, and how much of a week not over has passed', () => {
    expect(previewDeckTitle('Fulfilment WBR', day('2025-01-04'), day('2025-01-04'))).toBe('Fulfilment WBR [PREVIEW, not published]');
    expect(previewDeckTitle('Fulfilment WBR', day('2025-01-11'), day('2025-01-08'))).toBe('Fulfilment WBR [PREVIEW, not published, partial week: day 4 of 7]');
  });
});
