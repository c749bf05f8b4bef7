import { describe, expect, it } from 'vitest';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../test/support/wbr-review-fixture.js';
import { dayNumber } from '../wbr/calendar.js';
import type { Deck, SixTwelveChartBlock } from '../wbr/deck-types.js';
import { buildWbrDeckFromText } from '../wbr/wbr-deck.js';
import {
  assertCanChangeAnomaly,
  assertCanHandOverDeck,
  assertMayHandOnAnomaly,
  assertMayReopenAnomaly,
  assertMayResolveAnomaly,
  assertPdfSize,
  catalogMetricFor,
  changeAnomaly,
  checkPublishable,
  defaultAnomalyOwner,
  defaultWeekEnding,
  isNewSignal,
  latestWeekEnding,
  mayChangeMetricAlerts,
  mayHandOnAnomaly,
  mayHandOverDeck,
  mayResolveAnomaly,
  parseIsoDay,
  planAnomalies,
  reviewAnomalySignals,
  weekNumberFor,
  type AnomalySignal,
} from './review-rules.js';

const day = (iso: string) => parseIsoDay(iso) as number;
const errorRule = (run: () => unknown) => {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { details: { rule?: string } }).details.rule;
  }
};

describe('dates', () => {
  it('reads real YYYY-MM-DD dates only', () => {
    expect(parseIsoDay('2025-01-04')).toBe(dayNumber(2025, 1, 4));
    expect(parseIsoDay('2024-02-29')).toBe(dayNumber(2024, 2, 29));
    for (const text of ['2025-02-29', '2025-13-01', '2025-1-4', '04-JAN-2025', '']) expect(parseIsoDay(text)).toBeUndefined();
  });

  it('takes the latest day of the data on the config\'s week-ending weekday', () => {
    const saturday = day('2024-12-28');
    expect(latestWeekEnding(saturday, day('2025-01-07'))).toBe(day('2025-01-04'));
    expect(latestWeekEnding(saturday, day('2025-01-04'))).toBe(day('2025-01-04'));
    expect(latestWeekEnding(saturday, day('2025-01-03'))).toBe(day('2024-12-28'));
    // A config week ending after the data works the same way (weekday, not order).
    expect(latestWeekEnding(day('2026-06-06'), day('2025-01-07'))).toBe(day('2025-01-04'));
  });
});

describe('publishing a week', () => {
  const data = { firstDay: day('2023-01-01'), lastDay: day('2025-01-07') };
  const today = day('2025-03-01');
  const refusal = (weekEnding: string, latest: string | null, given: typeof data | null = data, on: number = today) => {
    try {
      checkPublishable({ weekEnding: day(weekEnding), configWeekEnding: day('2024-12-28'), latestPublished: latest === null ? null : day(latest), data: given, today: on });
      return undefined;
    } catch (error) {
      return (error as { details: { rule?: string } }).details.rule;
    }
  };

  it('needs data that reaches the week, and a week at least seven days after the latest one', () => {
    expect(refusal('2025-01-04', null)).toBeUndefined();
    expect(refusal('2025-01-04', '2024-12-28')).toBeUndefined();
    expect(refusal('2025-01-04', null, null)).toBe('wbr.data_required');
    expect(refusal('2025-01-04', '2025-01-04')).toBe('wbr.snapshot_exists');
    expect(refusal('2024-12-28', '2025-01-04')).toBe('wbr.snapshot_order');
    expect(refusal('2025-01-03', '2024-12-28')).toBe('wbr.snapshot_order');
    expect(refusal('2025-01-11', '2025-01-04')).toBe('wbr.week_beyond_data');
    expect(refusal('2022-12-31', null)).toBe('wbr.week_beyond_data');
  });

  it('keeps every week on the config\'s week-ending weekday', () => {
    // A Wednesday week after a Saturday one would review three days twice and raise their signals again.
    expect(refusal('2025-01-01', null)).toBe('wbr.week_ending_weekday');
    expect(refusal('2025-01-15', '2025-01-04', { ...data, lastDay: day('2025-01-20') })).toBe('wbr.week_ending_weekday');
    // After a config moves its weeks to Sundays, the order refusal names the first Sunday that may follow.
    expect(() => checkPublishable({ weekEnding: day('2025-01-05'), configWeekEnding: day('2025-01-05'), latestPublished: day('2025-01-04'), data, today })).toThrow(/publish Jan 12, 2025 or later/);
  });

  it('returns the data it will build from', () => {
    expect(checkPublishable({ weekEnding: day('2025-01-04'), configWeekEnding: day('2024-12-28'), latestPublished: null, data, today })).toBe(data);
  });

  it('refuses a week that is not over yet, whatever the data holds (the week ending today may be published)', () => {
    // Rows dated far ahead (a plan column, or a typo) reach the week, but the week has not happened.
    const ahead = { firstDay: day('2023-01-01'), lastDay: day('9999-12-31') };
    expect(refusal('2025-01-11', '2025-01-04', ahead, day('2025-01-10'))).toBe('wbr.week_not_over');
    expect(refusal('9999-12-25', '2025-01-04', ahead, day('2025-01-10'))).toBe('wbr.week_not_over');
    expect(refusal('2025-01-11', '2025-01-04', ahead, day('2025-01-11'))).toBeUndefined();
    expect(() => checkPublishable({ weekEnding: day('2025-01-11'), configWeekEnding: day('2024-12-28'), latestPublished: null, data: ahead, today: day('2025-01-08') }))
      .toThrow('The week ending Jan 11, 2025 is not over yet (today is Jan 8, 2025, UTC): publish it on Jan 11, 2025 or later.');
  });

  it('takes by default the latest week the data covers up to today, never one in the future', () => {
    const saturday = day('2024-12-28');
    expect(defaultWeekEnding(saturday, { lastDay: day('2025-01-07') }, day('2025-03-01'))).toBe(day('2025-01-04'));
    // A row dated 9999-12-25 (or a forecast to the year's end) does not move the week past today's.
    expect(defaultWeekEnding(saturday, { lastDay: day('9999-12-25') }, day('2025-01-10'))).toBe(day('2025-01-04'));
    expect(defaultWeekEnding(saturday, { lastDay: day('9999-12-25') }, day('2025-01-11'))).toBe(day('2025-01-11'));
    expect(defaultWeekEnding(saturday, null, day('2025-01-11'))).toBe(saturday);
  });

  it('takes by default, with the data\'s days known, the latest week that is over and holds rows', () => {
    const saturday = day('2024-12-28');
    // Data that ended weeks ago, plus one row dated far in the future: the week is the old data's last, not this week's.
    const days = [[day('2025-01-13'), 1, 2], [day('2025-01-20'), 1, 3], [day('2062-11-14'), 1, 4]] as const;
    expect(defaultWeekEnding(saturday, { lastDay: day('2062-11-14'), days }, day('2026-11-26'))).toBe(day('2025-01-18'));
    // Without the days (data stored before Pulse kept them), the latest week up to today, as before.
    expect(defaultWeekEnding(saturday, { lastDay: day('2062-11-14') }, day('2026-11-26'))).toBe(day('2026-11-21'));
  });

  it('refuses a week after the last row dated up to today, whatever rows come later', () => {
    const days = [[day('2024-12-02'), 1, 2], [day('2025-01-20'), 1, 3], [day('2062-11-14'), 1, 4]] as const;
    const data = { firstDay: day('2024-12-02'), lastDay: day('2062-11-14'), days };
    const publish = (weekEnding: string) => checkPublishable({ weekEnding: day(weekEnding), configWeekEnding: day('2024-12-28'), latestPublished: null, data, today: day('2026-11-26') });
    expect(publish('2025-01-18')).toBe(data);
    expect(() => publish('2026-11-21')).toThrow('Up to today, the data ends on Jan 20, 2025, before the week ending Nov 21, 2026: upload the newer data first.');
    expect(errorRule(() => publish('2026-11-21'))).toBe('wbr.week_beyond_data');
  });
});

describe('the week number of a published week', () => {
  const setup = { weekEnding: day('2025-01-04'), weekNumber: 1 };
  it('moves on with the week, from the config\'s week_ending and week_number', () => {
    expect(weekNumberFor(setup, day('2025-01-04'))).toBe(1);
    expect(weekNumberFor(setup, day('2025-01-11'))).toBe(2);
    expect(weekNumberFor({ weekEnding: day('2024-11-23'), weekNumber: 47 }, day('2024-11-30'))).toBe(48);
  });

  it('wraps at 52 both ways, as the engine\'s week labels do', () => {
    expect(weekNumberFor(setup, day('2024-12-28'))).toBe(52);
    expect(weekNumberFor({ weekEnding: day('2024-12-21'), weekNumber: 51 }, day('2025-01-04'))).toBe(1);
    expect(weekNumberFor(setup, day('2025-01-04') + 52 * 7)).toBe(1);
    // A config's number outside 1..52 labels its weeks as the engine reads it (modulo 52).
    expect(weekNumberFor({ weekEnding: day('2025-01-04'), weekNumber: 53 }, day('2025-01-11'))).toBe(2);
  });
});

describe('the PDF of a week', () => {
  it('is made for decks up to 2,000 blocks, and refused beyond with the way out named', () => {
    expect(() => assertPdfSize(2000)).not.toThrow();
    expect(() => assertPdfSize(2001)).toThrow(expect.objectContaining({
      code: 'rule_violation',
      details: { rule: 'wbr.pdf_block_limit' },
      message: expect.stringContaining('This week has 2,001 blocks: download the HTML deck and print it, or build the PDF with `pulse wbr build --out deck.pdf`.'),
    }));
  });
});

describe('the signals a published week shows', () => {
  const deck = buildWbrDeckFromText({ configText: FULFILMENT_CONFIG, configFile: 'config.yaml', csvText: fulfilmentCsv('2025-01-04', ['2025-01-04', '2024-07-06']), csvFile: 'data.csv', withSignals: true });

  it('lists the anomaly signals of the shown weeks, not those of the baseline', () => {
    // The July spike is in the baseline: it widens the limits but is not on the review's agenda.
    expect(reviewAnomalySignals(deck, null)).toEqual([{ metric: 'Late deliveries', rule: 'outside_limits', direction: 'up', weekEnding: '2025-01-04' }]);
  });

  it('lists the signals of a gap since the previous published week too, but not the baseline before it', () => {
    // The July spike was not reviewed when the previous published week is in June; it was when it is in October.
    expect(reviewAnomalySignals(deck, '2024-06-29').map((signal) => signal.weekEnding)).toEqual(['2024-07-06', '2025-01-04']);
    expect(reviewAnomalySignals(deck, '2024-10-05').map((signal) => signal.weekEnding)).toEqual(['2025-01-04']);
    // Nor when it is the week of the spike itself.
    expect(reviewAnomalySignals(deck, '2024-07-06').map((signal) => signal.weekEnding)).toEqual(['2025-01-04']);
  });

  it('lists a metric charted twice once', () => {
    const twice: Deck = { ...deck, blocks: [...deck.blocks, deck.blocks[0] as SixTwelveChartBlock] };
    expect(reviewAnomalySignals(twice, null)).toHaveLength(1);
  });

  it('ignores signals in the good direction and decks built without signals', () => {
    const goodDirection = FULFILMENT_CONFIG.replace('good_direction: down', 'good_direction: up');
    const good = buildWbrDeckFromText({ configText: goodDirection, configFile: 'config.yaml', csvText: fulfilmentCsv('2025-01-04', ['2025-01-04']), csvFile: 'data.csv', withSignals: true });
    expect(reviewAnomalySignals(good, null)).toEqual([]);
    const without = buildWbrDeckFromText({ configText: FULFILMENT_CONFIG, configFile: 'config.yaml', csvText: fulfilmentCsv('2025-01-04', ['2025-01-04']), csvFile: 'data.csv', withSignals: false });
    expect(reviewAnomalySignals(without, null)).toEqual([]);
  });

  it('calls a signal new when its week is wholly after the previous published week', () => {
    const signal: AnomalySignal = { metric: 'Late deliveries', rule: 'outside_limits', direction: 'up', weekEnding: '2025-01-04' };
    expect(isNewSignal(signal, null)).toBe(true);
    expect(isNewSignal(signal, '2024-12-28')).toBe(true);
    expect(isNewSignal(signal, '2025-01-04')).toBe(false);
    // A Sunday week ending the day after a published Saturday week shares six of its days: raised already.
    expect(isNewSignal({ ...signal, weekEnding: '2025-01-05' }, '2025-01-04')).toBe(false);
    expect(isNewSignal({ ...signal, weekEnding: '2025-01-12' }, '2025-01-04')).toBe(true);
  });
});

describe('what a week does to the anomaly list', () => {
  const signal = (metric: string, weekEnding: string, rule: AnomalySignal['rule'] = 'outside_limits'): AnomalySignal => ({ metric, rule, direction: 'up', weekEnding });

  it('opens one anomaly per metric, from its first signal, counting distinct weeks', () => {
    const plan = planAnomalies([signal('Late', '2024-12-21'), signal('Late', '2024-12-28', 'eight_on_one_side'), signal('Late', '2024-12-28'), signal('Returns', '2024-12-28')], []);
    expect(plan.extend).toEqual([]);
    expect(plan.create).toEqual([
      { metric: 'Late', rule: 'outside_limits', direction: 'up', firstWeekEnding: '2024-12-21', lastWeekEnding: '2024-12-28', weekEndings: ['2024-12-21', '2024-12-28'] },
      { metric: 'Returns', rule: 'outside_limits', direction: 'up', firstWeekEnding: '2024-12-28', lastWeekEnding: '2024-12-28', weekEndings: ['2024-12-28'] },
    ]);
  });

  it('adds to the metric\'s unresolved anomaly instead of opening a second one', () => {
    const plan = planAnomalies([signal('Late', '2025-01-11')], [{ id: 'a1', metric: 'Late', lastWeekEnding: '2025-01-04' }, { id: 'a2', metric: 'Returns', lastWeekEnding: '2025-01-04' }]);
    expect(plan).toEqual({ create: [], extend: [{ id: 'a1', lastWeekEnding: '2025-01-11', weekEndings: ['2025-01-11'] }] });
  });

  it('does nothing without new signals', () => {
    expect(planAnomalies([], [{ id: 'a1', metric: 'Late', lastWeekEnding: '2025-01-04' }])).toEqual({ create: [], extend: [] });
  });
});

describe('who answers for an anomaly', () => {
  const catalog = [{ id: 'm1', name: 'Late  Deliveries', ownerPersonId: 'kofi', ownerHasLeft: false }, { id: 'm2', name: 'Returns', ownerPersonId: 'ama', ownerHasLeft: true }];

  it('finds the catalog metric of the same name, as the catalog compares names', () => {
    expect(catalogMetricFor('late deliveries', catalog)?.id).toBe('m1');
    expect(catalogMetricFor(' LATE   DELIVERIES ', catalog)?.id).toBe('m1');
    expect(catalogMetricFor('Ｌａｔｅ de\u00adliveries\u200e', catalog)?.id).toBe('m1');
    expect(catalogMetricFor('Late deliveries (EU)', catalog)).toBeUndefined();
  });

  it('is the catalog metric\'s owner, else the deck\'s owner', () => {
    expect(defaultAnomalyOwner(catalog[0], 'dana')).toBe('kofi');
    // An owner who has left cannot answer: the deck's owner does until the metric has a successor.
    expect(defaultAnomalyOwner(catalog[1], 'dana')).toBe('dana');
    expect(defaultAnomalyOwner({ id: 'm3', name: 'Orders', ownerPersonId: null, ownerHasLeft: false }, 'dana')).toBe('dana');
    expect(defaultAnomalyOwner(undefined, null)).toBeNull();
  });

  it('lets the owner, the deck\'s owner or an admin change it, and nobody else', () => {
    const anomaly = { metric: 'Late deliveries', ownerPersonId: 'kofi', ownerHasLeft: false, deckOwnerPersonId: 'dana' };
    expect(() => assertCanChangeAnomaly({ role: 'member', personId: 'kofi' }, anomaly)).not.toThrow();
    expect(() => assertCanChangeAnomaly({ role: 'member', personId: 'dana' }, anomaly)).not.toThrow();
    expect(() => assertCanChangeAnomaly({ role: 'admin', personId: null }, anomaly)).not.toThrow();
    expect(() => assertCanChangeAnomaly({ role: 'member', personId: 'ines' }, anomaly)).toThrow(/Only the owner of the anomaly on "Late deliveries", the deck's owner or an admin/);
    // Nobody can answer it (no owner, or one who left): anyone who builds the review may take it; a recruiter, who only reads, may not.
    expect(() => assertCanChangeAnomaly({ role: 'member', personId: null }, { ...anomaly, ownerPersonId: null })).not.toThrow();
    expect(() => assertCanChangeAnomaly({ role: 'member', personId: 'ines' }, { ...anomaly, ownerHasLeft: true })).not.toThrow();
    expect(() => assertCanChangeAnomaly({ role: 'recruiter', personId: 'rita' }, { ...anomaly, ownerPersonId: null })).toThrow();
  });
});

describe('resolving an anomaly', () => {
  const anomaly = { metric: 'Late deliveries', ownerPersonId: 'kofi', ownerName: 'Kofi Mensah', ownerHasLeft: false, deckOwnerPersonId: 'dana' };

  it('is its owner\'s answer or an admin\'s: the deck\'s owner may change the anomaly but not close it', () => {
    expect(mayResolveAnomaly({ role: 'member', personId: 'kofi' }, anomaly)).toBe(true);
    expect(mayResolveAnomaly({ role: 'admin', personId: null }, anomaly)).toBe(true);
    expect(mayResolveAnomaly({ role: 'member', personId: 'dana' }, anomaly)).toBe(false);
    expect(mayResolveAnomaly({ role: 'member', personId: 'ines' }, anomaly)).toBe(false);
    // Nobody can answer it: whoever may take it may close it.
    expect(mayResolveAnomaly({ role: 'member', personId: 'ines' }, { ...anomaly, ownerHasLeft: true })).toBe(true);
    expect(mayResolveAnomaly({ role: 'member', personId: 'ines' }, { ...anomaly, ownerPersonId: null })).toBe(true);
    expect(() => assertMayResolveAnomaly({ role: 'member', personId: 'dana' }, anomaly, 'explained', 'resolved')).toThrow(expect.objectContaining({
      code: 'forbidden',
      message: 'Only Kofi Mensah, who owns the anomaly on "Late deliveries", or an admin may resolve it: resolving is its owner\'s answer, and takes it off the agenda. Write what you know in the root cause (or mark it explained), or ask Kofi Mensah to resolve it.',
      details: { field: 'status', rule: 'wbr.resolves_others_anomaly' },
    }));
    // Explaining, reopening, or editing what is already resolved closes nothing.
    expect(() => assertMayResolveAnomaly({ role: 'member', personId: 'dana' }, anomaly, 'open', 'explained')).not.toThrow();
    expect(() => assertMayResolveAnomaly({ role: 'member', personId: 'dana' }, anomaly, 'resolved', 'open')).not.toThrow();
    expect(() => assertMayResolveAnomaly({ role: 'member', personId: 'dana' }, anomaly, 'resolved', 'resolved')).not.toThrow();
  });
});

describe('handing an anomaly to someone else', () => {
  const anomaly = { metric: 'Late deliveries', ownerPersonId: 'kofi', ownerName: 'Kofi Mensah', ownerHasLeft: false, deckOwnerPersonId: 'dana' };

  it('is its owner\'s call or an admin\'s while its owner is here: the deck\'s owner hands out only items nobody answers, and their own', () => {
    expect(mayHandOnAnomaly({ role: 'member', personId: 'kofi' }, anomaly)).toBe(true);
    expect(mayHandOnAnomaly({ role: 'admin', personId: null }, anomaly)).toBe(true);
    expect(mayHandOnAnomaly({ role: 'member', personId: 'dana' }, anomaly)).toBe(false);
    expect(mayHandOnAnomaly({ role: 'member', personId: 'dana' }, { ...anomaly, ownerPersonId: 'dana' })).toBe(true);
    expect(mayHandOnAnomaly({ role: 'member', personId: 'dana' }, { ...anomaly, ownerHasLeft: true })).toBe(true);
    expect(mayHandOnAnomaly({ role: 'member', personId: 'dana' }, { ...anomaly, ownerPersonId: null })).toBe(true);
    // Handing it to herself would let her resolve it as its owner in a second save.
    expect(() => assertMayHandOnAnomaly({ role: 'member', personId: 'dana' }, anomaly, 'dana')).toThrow(expect.objectContaining({
      code: 'forbidden',
      message: 'Only Kofi Mensah, who owns the anomaly on "Late deliveries", or an admin may hand it to someone else: it is theirs to answer until they pass it on. Write what you know in the root cause, or ask Kofi Mensah (or an admin) to hand it over.',
      details: { field: 'ownerPersonId', rule: 'wbr.hands_on_others_anomaly' },
    }));
    // Sending back the owner it has hands nothing on.
    expect(() => assertMayHandOnAnomaly({ role: 'member', personId: 'dana' }, anomaly, 'kofi')).not.toThrow();
    expect(() => assertMayHandOnAnomaly({ role: 'member', personId: 'kofi' }, anomaly, 'dana')).not.toThrow();
  });
});

describe('reopening an anomaly', () => {
  const late = { metric: 'Late deliveries' };
  const config = (...names: string[]) => () => names;

  it('is refused once its metric has left the deck\'s config (by exact name); other changes, and a config that no longer reads, pass', () => {
    expect(() => assertMayReopenAnomaly(late, 'resolved', 'open', config('Orders shipped'))).toThrow(expect.objectContaining({
      code: 'rule_violation',
      message: '"Late deliveries" is no longer in the deck\'s config, so no later week would chart or signal it: the anomaly stays resolved. Put the metric back in the config first if the review should watch it again.',
      details: { rule: 'wbr.reopens_metric_off_deck', field: 'status' },
    }));
    expect(errorRule(() => assertMayReopenAnomaly(late, 'resolved', 'explained', config('LATE deliveries')))).toBe('wbr.reopens_metric_off_deck');
    expect(() => assertMayReopenAnomaly(late, 'resolved', 'open', config('Late deliveries'))).not.toThrow();
    expect(() => assertMayReopenAnomaly(late, 'open', 'resolved', config())).not.toThrow();
    expect(() => assertMayReopenAnomaly(late, 'resolved', 'resolved', config())).not.toThrow();
    expect(() => assertMayReopenAnomaly(late, 'resolved', 'open', () => null)).not.toThrow();
  });
});

describe('handing a deck over', () => {
  it('is for the deck\'s owner or an admin: a member cannot take a deck (and with it its anomalies)', () => {
    expect(mayHandOverDeck({ role: 'member', personId: 'dana' }, { ownerPersonId: 'dana' })).toBe(true);
    expect(mayHandOverDeck({ role: 'admin', personId: null }, { ownerPersonId: 'dana' })).toBe(true);
    expect(mayHandOverDeck({ role: 'member', personId: 'ines' }, { ownerPersonId: 'dana' })).toBe(false);
    expect(mayHandOverDeck({ role: 'member', personId: null }, { ownerPersonId: null })).toBe(false);
    // A deck nobody owns waits for an admin (a departure hands a leaver's decks to their successor).
    expect(mayHandOverDeck({ role: 'member', personId: 'ines' }, { ownerPersonId: null })).toBe(false);
    expect(mayHandOverDeck({ role: 'admin', personId: 'ines' }, { ownerPersonId: null })).toBe(true);
    expect(() => assertCanHandOverDeck({ role: 'member', personId: 'ines' }, { name: 'Fulfilment', ownerPersonId: 'dana' })).toThrow(expect.objectContaining({
      code: 'forbidden', message: 'Only the owner of the deck "Fulfilment" or an admin may hand it to someone else.', details: { field: 'ownerPersonId' },
    }));
  });
});

describe('changing an anomaly', () => {
  const open = { status: 'open' as const, rootCause: '', ownerPersonId: 'kofi' };

  it('explains or resolves it only with a root cause, trimmed', () => {
    expect(() => changeAnomaly(open, { status: 'explained' })).toThrow(/only with its root cause/);
    expect(() => changeAnomaly(open, { status: 'resolved', rootCause: '   ' })).toThrow(/only with its root cause/);
    expect(changeAnomaly(open, { status: 'explained', rootCause: ' Carrier outage. ' })).toEqual({ status: 'explained', rootCause: 'Carrier outage.', ownerPersonId: 'kofi' });
  });

  it('keeps the cause when it is reopened, and refuses clearing the cause of a closed one', () => {
    const resolved = { status: 'resolved' as const, rootCause: 'Carrier outage.', ownerPersonId: 'kofi' };
    expect(changeAnomaly(resolved, { status: 'open' })).toEqual({ ...resolved, status: 'open' });
    expect(() => changeAnomaly(resolved, { rootCause: '' })).toThrow(/only with its root cause/);
    expect(changeAnomaly(open, { rootCause: 'Still looking: the carrier has not answered.' }).status).toBe('open');
  });

  it('changes the owner, and never to nobody', () => {
    expect(changeAnomaly(open, { ownerPersonId: 'dana' }).ownerPersonId).toBe('dana');
    // Every anomaly has an owner: handing it to nobody is refused, naming the field.
    expect(() => changeAnomaly(open, { ownerPersonId: null })).toThrow(expect.objectContaining({ code: 'validation_failed', details: { field: 'ownerPersonId' } }));
    // One raised when nobody could take it stays unowned until someone does; sending that back changes nothing.
    const unowned = { ...open, ownerPersonId: null };
    expect(changeAnomaly(unowned, { ownerPersonId: null, rootCause: 'Looking.' })).toEqual({ ...unowned, rootCause: 'Looking.' });
    expect(changeAnomaly(unowned, { ownerPersonId: 'ines' }).ownerPersonId).toBe('ines');
  });

  it('refuses a root cause longer than the limit', () => {
    expect(() => changeAnomaly(open, { rootCause: 'x'.repeat(4001) })).toThrow(/at most 4000/);
  });
});

describe('who may change a metric\'s alerts', () => {
  const catalog = [{ id: 'late', name: 'Late deliveries', ownerPersonId: 'kofi', ownerHasLeft: false }];
  const member = (personId: string | null) => ({ role: 'member' as const, personId });

  it('is the metric\'s owner, the deck\'s owner or an admin; a recruiter never', () => {
    expect(mayChangeMetricAlerts(member('kofi'), 'late  deliveries', 'dana', catalog)).toBe(true);
    expect(mayChangeMetricAlerts(member('dana'), 'Late deliveries', 'dana', catalog)).toBe(true);
    expect(mayChangeMetricAlerts({ role: 'admin', personId: null }, 'Late deliveries', 'dana', catalog)).toBe(true);
    expect(mayChangeMetricAlerts(member('sam'), 'Late deliveries', 'dana', catalog)).toBe(false);
    expect(mayChangeMetricAlerts(member(null), 'Late deliveries', null, catalog)).toBe(false);
    expect(mayChangeMetricAlerts({ role: 'recruiter', personId: 'kofi' }, 'Orders', null, [])).toBe(false);
  });

  it('falls to the deck\'s owner for a metric nobody in the catalog answers for, and to anyone when the deck has none', () => {
    const left = [{ ...catalog[0]!, ownerHasLeft: true }];
    expect(mayChangeMetricAlerts(member('kofi'), 'Late deliveries', 'dana', left)).toBe(false);
    expect(mayChangeMetricAlerts(member('sam'), 'Orders', 'dana', catalog)).toBe(false);
    expect(mayChangeMetricAlerts(member('sam'), 'Orders', null, catalog)).toBe(true);
    expect(mayChangeMetricAlerts(member('sam'), 'Late deliveries', null, left)).toBe(true);
  });
});
