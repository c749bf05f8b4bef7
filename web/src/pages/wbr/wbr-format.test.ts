import { describe, expect, it } from 'vitest';
import { formatDay } from '../../../../src/domain/dates.js';
import { parseWbrConfig } from '../../../../src/domain/wbr/wbr-deck.js';
import { ApiError } from '../../lib/api-client.js';
import { EXAMPLE_WBR_CONFIG } from './wbr-example-config.js';
import type { WbrAnomalyStatus } from './wbr-types.js';
import {
  anomaliesQuery,
  alertInputs,
  alertsFromInputs,
  anomalyHistory,
  formatSeenWeeks,
  anomalyChanges,
  anomalyFormValues,
  mergeAnomalyDraft,
  chosenSnapshot,
  dataFileProblem,
  defaultLagPair,
  describeCorrelation,
  lagQuery,
  describeSignal,
  exportPath,
  formatDataSpan,
  formatRows,
  formatWeek,
  formatWeekList,
  groupSignals,
  newWeeksBadge,
  lineOfMessage,
  lineRange,
  locatedMessage,
  anomaliesOwnedBy,
  describeAnomalyOwner,
  describeGoodDirection,
  newDeckBody,
  newSignalsLabel,
  ownerOptions,
  placeAnnotationFileError,
  placeWbrError,
  weekSignalsHeading,
  withSavedAnomaly,
} from './wbr-format.js';

describe('formatWeek', () => {
  it('writes the calendar day itself as the rest of Pulse names days, whatever the reader’s time zone or language', () => {
    expect(formatWeek('2024-12-28')).toBe('Dec 28, 2024');
    expect(formatWeek('2025-01-04')).toBe('Jan 4, 2025');
    expect(formatWeek('2024-12-28')).toBe(formatDay('2024-12-28'));
  });

  it('writes a data span as first – last, and one day once', () => {
    expect(formatDataSpan({ firstDate: '2023-10-29', lastDate: '2024-12-28' })).toBe('Oct 29, 2023 – Dec 28, 2024');
    expect(formatDataSpan({ firstDate: '2024-12-28', lastDate: '2024-12-28' })).toBe('Dec 28, 2024');
  });

  it('counts rows in words', () => {
    expect(formatRows(1)).toBe('1 row');
    expect(formatRows(12_345)).toBe('12,345 rows');
  });
});

describe('describeSignal', () => {
  it('says what each XmR rule saw, on which side', () => {
    expect(describeSignal('outside_limits', 'up')).toBe('Above the upper limit');
    expect(describeSignal('outside_limits', 'down')).toBe('Below the lower limit');
    expect(describeSignal('three_of_four_near_limit', 'down')).toBe('3 of 4 weeks near the lower limit');
    expect(describeSignal('eight_on_one_side', 'up')).toBe('8 weeks in a row above the centre line');
  });
});

describe('locatedMessage', () => {
  it('puts a config error’s line and key path before the message', () => {
    const error = new ApiError(400, 'invalid_config', '"total" is not a known aggf for metric "Sales".', 'metrics.Sales.aggf', undefined, { line: 12, file: 'deck.yaml' });
    expect(locatedMessage(error)).toBe('Line 12, metrics.Sales.aggf: "total" is not a known aggf for metric "Sales".');
  });

  it('names the line and column of a YAML syntax error or a CSV cell', () => {
    expect(locatedMessage(new ApiError(400, 'invalid_config', 'The file is not valid YAML: bad indentation', undefined, undefined, { line: 8, column: 11 }))).toBe('Line 8, column 11: The file is not valid YAML: bad indentation');
    expect(locatedMessage(new ApiError(400, 'invalid_data', 'The cell "five" in column "Sales" is not a number.', undefined, undefined, { line: 3, column: 2 }))).toBe('Line 3, column 2: The cell "five" in column "Sales" is not a number.');
  });

  it('names the place once when the server\'s message already names it', () => {
    // As the review's API answers a config error, a bad cell and an annotation file's bad row.
    const config = new ApiError(400, 'invalid_config', 'Line 12 (metrics.Sales.aggf): "total" is not a known aggf for metric "Sales".', 'metrics.Sales.aggf', undefined, { line: 12, file: 'config.yaml' });
    expect(locatedMessage(config)).toBe('Line 12 (metrics.Sales.aggf): "total" is not a known aggf for metric "Sales".');
    const cell = new ApiError(400, 'invalid_data', 'Line 2: The cell "ten" in column "late" is not a number.', 'csv', undefined, { line: 2, column: 2, file: 'data.csv' });
    expect(locatedMessage(cell)).toBe('Line 2: The cell "ten" in column "late" is not a number.');
    // A column the file lacks names the file and the config's line in its words, not as a line of the file.
    const column = new ApiError(400, 'invalid_data', 'The file data.csv has no column "late", which metric "Late" reads (config line 12, metrics.Late.column).', 'csv', undefined, { file: 'data.csv' });
    expect(locatedMessage(column)).toBe('The file data.csv has no column "late", which metric "Late" reads (config line 12, metrics.Late.column).');
    expect(placeWbrError(cell)).toEqual({ field: 'data', message: 'Line 2: The cell "ten" in column "late" is not a number.' });
  });

  it('leaves a message without a location as it is', () => {
    expect(locatedMessage(new ApiError(400, 'invalid_data', 'The file has no Date column.'))).toBe('The file has no Date column.');
    // A schema error on the request names the request body, which is no place in the config.
    expect(locatedMessage(new ApiError(400, 'invalid_config', 'body.config: required', 'body.config'))).toBe('Required');
  });
});

describe('placeWbrError', () => {
  it('sends config and data errors to the config text and the file input, with their line', () => {
    expect(placeWbrError(new ApiError(400, 'invalid_config', 'Unknown key.', 'deck.0.block.colour', undefined, { line: 20 }))).toEqual({ field: 'config', message: 'Line 20, deck.0.block.colour: Unknown key.' });
    expect(placeWbrError(new ApiError(400, 'invalid_data', 'Not a date.', undefined, undefined, { line: 4 }))).toEqual({ field: 'data', message: 'Line 4: Not a date.' });
  });

  it('sends a rule refusal to the input it is about, and leaves the others to the form', () => {
    expect(placeWbrError(new ApiError(422, 'rule_violation', 'Say what caused it.', undefined, undefined, { rule: 'wbr.root_cause_required' }))?.field).toBe('rootCause');
    expect(placeWbrError(new ApiError(409, 'conflict', 'That week is published.', undefined, undefined, { rule: 'wbr.snapshot_exists' }))?.field).toBe('weekEnding');
    expect(placeWbrError(new ApiError(422, 'rule_violation', 'Before the latest.', undefined, undefined, { rule: 'wbr.snapshot_order' }))?.field).toBe('weekEnding');
    expect(placeWbrError(new ApiError(422, 'rule_violation', 'Not over yet.', undefined, undefined, { rule: 'wbr.week_not_over' }))?.field).toBe('weekEnding');
    expect(placeWbrError(new ApiError(422, 'rule_violation', 'Upload data first.', undefined, undefined, { rule: 'wbr.data_required' }))).toBeUndefined();
    expect(placeWbrError(new ApiError(403, 'forbidden', 'Only its owner.'))).toBeUndefined();
    expect(placeWbrError(new ApiError(413, 'payload_too_large', 'The data file is too large.', 'body'))).toEqual({ field: 'data', message: 'The data file is too large.' });
  });
});

describe('placeAnnotationFileError', () => {
  it('shows a refused annotation file at its input with the line it stops at', () => {
    // A row the checks refuse (the server names the line in the message) and one the file reader refuses.
    expect(placeAnnotationFileError(new ApiError(400, 'invalid_data', 'Line 3: metric: the deck has no metric "Returns".', 'metric', undefined, { line: 3, file: 'events.csv' })))
      .toEqual({ field: 'annotationsFile', message: 'Line 3: metric: the deck has no metric "Returns".' });
    expect(placeAnnotationFileError(new ApiError(400, 'invalid_data', 'Cannot read the date "next Tuesday".', undefined, undefined, { line: 3, column: 1, file: 'events.csv' })))
      .toEqual({ field: 'annotationsFile', message: 'Line 3, column 1: Cannot read the date "next Tuesday".' });
    expect(placeAnnotationFileError(new ApiError(413, 'payload_too_large', 'The annotation file is too large.', 'body'))).toEqual({ field: 'annotationsFile', message: 'The annotation file is too large.' });
    expect(placeAnnotationFileError(new ApiError(403, 'forbidden', 'Only members.'))).toBeUndefined();
  });
});

describe('anomaliesOwnedBy', () => {
  it('keeps the viewer\'s own anomalies in the list\'s order, and none for a viewer without a person record', () => {
    const list = [{ id: 'a1', owner: { id: 'p1' } }, { id: 'a2', owner: null }, { id: 'a3', owner: { id: 'p2' } }, { id: 'a4', owner: { id: 'p1' } }];
    expect(anomaliesOwnedBy(list, 'p1').map((anomaly) => anomaly.id)).toEqual(['a1', 'a4']);
    expect(anomaliesOwnedBy(list, null)).toEqual([]);
  });
});

describe('describeAnomalyOwner', () => {
  const kofi = { id: 'p1', name: 'Kofi Mensah' };
  const dana = { id: 'p2', name: 'Dana Whitfield' };
  it('names the catalog metric\'s owner alone, and says why when the deck\'s owner answers instead', () => {
    expect(describeAnomalyOwner({ name: 'Late deliveries', catalogMetric: { owner: kofi }, anomalyOwner: { person: kofi, reason: 'catalog_owner' } })).toEqual({ who: 'Kofi Mensah', why: null });
    expect(describeAnomalyOwner({ name: 'Late (ops)', catalogMetric: null, anomalyOwner: { person: dana, reason: 'no_catalog_metric' } })).toEqual({
      who: 'Dana Whitfield',
      why: 'The deck’s owner answers: no catalog metric is named “Late (ops)”.',
    });
    expect(describeAnomalyOwner({ name: 'Late deliveries', catalogMetric: { owner: kofi }, anomalyOwner: { person: dana, reason: 'catalog_owner_left' } }).why).toBe('The deck’s owner answers: Kofi Mensah has left.');
    expect(describeAnomalyOwner({ name: 'Late deliveries', catalogMetric: { owner: null }, anomalyOwner: { person: null, reason: 'catalog_metric_unowned' } })).toEqual({
      who: 'Nobody yet',
      why: 'They would go to the deck’s owner, and the deck has none here (none named, or they have left): its catalog metric has no owner.',
    });
  });
});

describe('describeGoodDirection', () => {
  it('says which way is good for a deck\'s metric, and whether the config or the catalog says so', () => {
    expect(describeGoodDirection({ goodDirection: 'down', goodDirectionFrom: 'catalog' })).toBe('Down (from the catalog)');
    expect(describeGoodDirection({ goodDirection: 'up', goodDirectionFrom: 'config' })).toBe('Up (the config)');
    expect(describeGoodDirection({ goodDirection: null, goodDirectionFrom: null })).toBe('either way (none set)');
  });
});

describe('chosenSnapshot', () => {
  const weeks = [{ weekEnding: '2024-12-28' }, { weekEnding: '2024-12-21' }];
  it('shows the week the link names, the newest without one, and nothing for a week never published', () => {
    expect(chosenSnapshot(weeks, '2024-12-21')).toBe(weeks[1]);
    expect(chosenSnapshot(weeks, null)).toBe(weeks[0]);
    expect(chosenSnapshot(weeks, '2024-11-30')).toBeUndefined();
    expect(chosenSnapshot([], null)).toBeUndefined();
  });
});

describe('exportPath and anomaliesQuery', () => {
  it('asks for the deck’s HTML or JSON, as an attachment when downloading', () => {
    const ids = { orgId: 'o1', deckId: 'd1', snapshotId: 's1' };
    expect(exportPath(ids, 'html')).toBe('/api/v1/orgs/o1/wbr/decks/d1/snapshots/s1/export?format=html');
    expect(exportPath(ids, 'html', { download: true })).toBe('/api/v1/orgs/o1/wbr/decks/d1/snapshots/s1/export?format=html&download=1');
    expect(exportPath(ids, 'json')).toBe('/api/v1/orgs/o1/wbr/decks/d1/snapshots/s1/export?format=json');
    expect(exportPath(ids, 'pdf', { download: true })).toBe('/api/v1/orgs/o1/wbr/decks/d1/snapshots/s1/export?format=pdf&download=1');
  });

  it('asks for the unresolved anomalies, narrowed only by the filters set', () => {
    expect(anomaliesQuery({})).toBe('?status=unresolved');
    expect(anomaliesQuery({ ownerPersonId: 'p1', deckId: '' })).toBe('?status=unresolved&ownerPersonId=p1');
  });
});

describe('anomalyChanges', () => {
  const anomaly = { owner: { id: 'p1', name: 'Dana', leftOn: null }, status: 'open' as const, rootCause: '' };
  it('sends only what the reviewer changed', () => {
    expect(anomalyChanges(anomaly, { ownerPersonId: 'p1', status: 'open', rootCause: '' })).toEqual({});
    expect(anomalyChanges(anomaly, { ownerPersonId: 'p2', status: 'explained', rootCause: 'A holiday.' })).toEqual({ ownerPersonId: 'p2', status: 'explained', rootCause: 'A holiday.' });
    expect(anomalyChanges(anomaly, { ownerPersonId: 'p1', status: 'explained', rootCause: '' })).toEqual({ status: 'explained' });
  });

  it('never sends an empty owner: an anomaly is not handed to nobody', () => {
    expect(anomalyChanges({ ...anomaly, owner: null }, { ownerPersonId: '', status: 'open', rootCause: '' })).toEqual({});
  });
});

describe('mergeAnomalyDraft', () => {
  const read = { owner: { id: 'p1', name: 'Dana', leftOn: null }, status: 'open' as const, rootCause: '' };
  const latest = { owner: { id: 'p2', name: 'Kofi', leftOn: null }, status: 'explained' as const, rootCause: 'A carrier lost a depot.' };
  it('keeps what the reviewer wrote and takes the newer value of every field they left alone', () => {
    expect(mergeAnomalyDraft(read, latest, { ownerPersonId: 'p1', status: 'open', rootCause: 'Storm in the north.' })).toEqual({ ownerPersonId: 'p2', status: 'explained', rootCause: 'Storm in the north.' });
    expect(mergeAnomalyDraft(read, latest, { ownerPersonId: 'p3', status: 'resolved', rootCause: '' })).toEqual({ ownerPersonId: 'p3', status: 'resolved', rootCause: 'A carrier lost a depot.' });
  });

  it('leaves nothing to send when the reviewer had changed nothing', () => {
    expect(anomalyChanges(latest, mergeAnomalyDraft(read, latest, anomalyFormValues(read)))).toEqual({});
  });
});

describe('dataFileProblem', () => {
  it('refuses an empty file before uploading it, and leaves the size limit to the server', () => {
    expect(dataFileProblem({ size: 0 })).toBe('The file is empty.');
    expect(dataFileProblem({ size: 64 * 1024 * 1024 })).toBeUndefined();
  });
});

describe('the example config', () => {
  it('is a valid deck config, so a new deck can start from it', () => {
    const config = parseWbrConfig(EXAMPLE_WBR_CONFIG, { fileName: 'example.yaml' });
    expect(config.metrics.map((metric) => metric.name)).toEqual(['OrdersPicked', 'PickErrors']);
    expect(config.warnings).toEqual([]);
  });
});

describe('lineOfMessage and lineRange', () => {
  it('finds the line a located message names, and where that line is in the text', () => {
    expect(lineOfMessage('Line 12, metrics.Sales.aggf: unknown')).toBe(12);
    expect(lineOfMessage('Pick errors: unknown')).toBeUndefined();
    expect(lineOfMessage(undefined)).toBeUndefined();
    const text = 'setup:\n  week_number: 52\nmetrics:';
    expect(lineRange(text, 1)).toEqual({ start: 0, end: 6 });
    const second = lineRange(text, 2)!;
    expect(text.slice(second.start, second.end)).toBe('  week_number: 52');
    const last = lineRange(text, 3)!;
    expect(text.slice(last.start, last.end)).toBe('metrics:');
    expect(lineRange(text, 4)).toBeUndefined();
    expect(lineRange(text, 0)).toBeUndefined();
  });
});

describe('withSavedAnomaly', () => {
  const anomalies: Array<{ id: string; status: WbrAnomalyStatus; rootCause: string }> = [{ id: 'a1', status: 'open', rootCause: '' }, { id: 'a2', status: 'open', rootCause: '' }];
  const deck = { unresolvedAnomalies: 2, anomalies };
  it('replaces an explained anomaly in place and takes a resolved one off the review', () => {
    expect(withSavedAnomaly(deck, { id: 'a1', status: 'explained', rootCause: 'Holiday' }).anomalies[0]).toEqual({ id: 'a1', status: 'explained', rootCause: 'Holiday' });
    const resolved = withSavedAnomaly(deck, { id: 'a2', status: 'resolved', rootCause: 'Fixed' });
    expect(resolved.anomalies.map((anomaly) => anomaly.id)).toEqual(['a1']);
    expect(resolved.unresolvedAnomalies).toBe(1);
  });
});

describe('newDeckBody', () => {
  it('sends "Nobody yet" as no owner, not as the server\'s default (the creator\'s person)', () => {
    expect(newDeckBody({ name: 'Fulfilment', config: 'setup: {}', ownerPersonId: '' })).toEqual({ name: 'Fulfilment', config: 'setup: {}', ownerPersonId: null });
    expect(newDeckBody({ name: 'Fulfilment', config: 'setup: {}', ownerPersonId: 'p1' })).toEqual({ name: 'Fulfilment', config: 'setup: {}', ownerPersonId: 'p1' });
  });
});

describe('ownerOptions', () => {
  it('offers the org’s people by name, and keeps an owner who left, so the anomaly can be handed over', () => {
    const people = [{ id: 'p1', name: 'Dana', role: 'CEO' }];
    expect(ownerOptions(people, { id: 'p1', name: 'Dana' })).toEqual([{ value: 'p1', label: 'Dana' }]);
    expect(ownerOptions(people, { id: 'p9', name: 'Ben', leftOn: '2026-11-20' }, 'Nobody yet')).toEqual([{ value: '', label: 'Nobody yet' }, { value: 'p9', label: 'Ben (left on Nov 20, 2026)' }, { value: 'p1', label: 'Dana' }]);
  });

  it('tells two people of the same name apart by their role', () => {
    const people = [{ id: 'p1', name: 'Sam Lee', role: 'Engineer' }, { id: 'p2', name: 'Sam Lee', role: 'Recruiter' }, { id: 'p3', name: 'Ana', role: 'CEO' }];
    expect(ownerOptions(people, null).map((option) => option.label)).toEqual(['Sam Lee — Engineer', 'Sam Lee — Recruiter', 'Ana']);
  });
});

describe('groupSignals', () => {
  it('puts a metric’s signals under one rule on one line, its weeks in order, new if any week is', () => {
    const groups = groupSignals([
      { metric: 'Load', rule: 'outside_limits', direction: 'up', weekEnding: '2024-12-21', isNew: false },
      { metric: 'Orders', rule: 'outside_limits', direction: 'down', weekEnding: '2024-12-28', isNew: true },
      { metric: 'Load', rule: 'outside_limits', direction: 'up', weekEnding: '2024-12-14', isNew: false },
      { metric: 'Load', rule: 'eight_on_one_side', direction: 'up', weekEnding: '2024-12-28', isNew: true },
    ]);
    expect(groups).toEqual([
      { metric: 'Load', rule: 'outside_limits', direction: 'up', weekEndings: ['2024-12-14', '2024-12-21'], newWeekEndings: [] },
      { metric: 'Orders', rule: 'outside_limits', direction: 'down', weekEndings: ['2024-12-28'], newWeekEndings: ['2024-12-28'] },
      { metric: 'Load', rule: 'eight_on_one_side', direction: 'up', weekEndings: ['2024-12-28'], newWeekEndings: ['2024-12-28'] },
    ]);
  });
});

describe('the words for a week\'s signals', () => {
  it('counts bad signals, never calling them anomalies (an anomaly is one metric\'s agenda item), and says how many are new', () => {
    expect(newSignalsLabel(0)).toBeUndefined();
    expect(newSignalsLabel(1)).toBe('1 new bad signal');
    expect(newSignalsLabel(5)).toBe('5 new bad signals');
    const signal = (isNew: boolean) => ({ isNew });
    expect(weekSignalsHeading([])).toBe('Bad signals: none');
    expect(weekSignalsHeading([signal(true), signal(false), signal(true)])).toBe('Bad signals: 3, 2 new');
    expect(weekSignalsHeading([signal(true), signal(true)])).toBe('Bad signals: 2, all new');
    expect(weekSignalsHeading([signal(false)])).toBe('Bad signals: 1, none new');
    // The chip on the week and its list count the same new signals.
    const week = [signal(true), signal(false), signal(true), signal(true), signal(true), signal(true)];
    expect(newSignalsLabel(week.filter((entry) => entry.isNew).length)).toBe('5 new bad signals');
    expect(weekSignalsHeading(week)).toBe('Bad signals: 6, 5 new');
  });
});

describe('anomalyHistory', () => {
  it('says whether an anomaly is carried over, and lists the weeks it was seen in', () => {
    // Raised by the week ending 7 December; its first signal was on an earlier week that week showed.
    expect(anomalyHistory({ carriedOver: true, raisedByWeekEnding: '2024-12-07', weeksSeen: ['2024-11-30', '2024-12-07', '2024-12-28'] })).toEqual({
      since: 'Carried over since the week ending Dec 7, 2024',
      seen: 'Seen in 3 weeks: Nov 30, Dec 7, Dec 28',
    });
    expect(anomalyHistory({ carriedOver: false, raisedByWeekEnding: '2024-12-28', weeksSeen: ['2024-12-28'] })).toEqual({ since: 'Raised by the week ending Dec 28, 2024', seen: undefined });
    expect(anomalyHistory({ carriedOver: false, raisedByWeekEnding: '2024-12-28', weeksSeen: ['2024-12-21'] }).seen).toBe('Seen in the week ending Dec 21, 2024');
    // Withdrawn: no week shows it any more.
    expect(anomalyHistory({ carriedOver: false, raisedByWeekEnding: '2024-12-28', weeksSeen: [] }).seen).toBeUndefined();
  });
});

describe('formatSeenWeeks', () => {
  it('names each week without its year when all share the year of the week that raised it', () => {
    expect(formatSeenWeeks(['2026-11-21', '2026-11-07', '2026-11-14'], '2026')).toBe('Nov 7, Nov 14, Nov 21');
  });
  it('gives every week its year when they span years', () => {
    expect(formatSeenWeeks(['2025-12-20', '2026-01-03'], '2026')).toBe('Dec 20, 2025; Jan 3, 2026');
  });
  it('makes a run of four or more weeks in a row one range', () => {
    expect(formatSeenWeeks(['2026-08-01', '2026-08-08', '2026-08-15', '2026-08-22', '2026-08-29', '2026-09-05', '2026-10-03'], '2026')).toBe('Aug 1 – Sep 5 (6 weeks), Oct 3');
    const eightWeeks = ['2026-10-03', '2026-10-10', '2026-10-17', '2026-10-24', '2026-10-31', '2026-11-07', '2026-11-14', '2026-11-21'];
    expect(anomalyHistory({ carriedOver: true, raisedByWeekEnding: '2026-11-07', weeksSeen: eightWeeks }).seen).toBe('Seen in 8 weeks in a row: Oct 3 – Nov 21');
  });
});

describe('newWeeksBadge', () => {
  it('says new when every week of a line is new, and names the new weeks when only some are', () => {
    const [sixWeeks, oneWeek, old] = groupSignals([
      ...['2026-10-17', '2026-10-24', '2026-10-31', '2026-11-07', '2026-11-14'].map((weekEnding) => ({ metric: 'Load', rule: 'outside_limits' as const, direction: 'up' as const, weekEnding, isNew: false })),
      { metric: 'Load', rule: 'outside_limits', direction: 'up', weekEnding: '2026-11-21', isNew: true },
      { metric: 'Orders', rule: 'outside_limits', direction: 'down', weekEnding: '2026-11-21', isNew: true },
      { metric: 'Pick', rule: 'outside_limits', direction: 'up', weekEnding: '2026-11-07', isNew: false },
    ]);
    expect(newWeeksBadge(sixWeeks!)).toBe('new: Nov 21, 2026');
    expect(newWeeksBadge(oneWeek!)).toBe('new');
    expect(newWeeksBadge(old!)).toBeNull();
  });
});

describe('formatWeekList', () => {
  it('says the year once when the weeks share it, and each time when they do not', () => {
    expect(formatWeekList(['2026-10-17', '2026-10-24', '2026-10-31'])).toBe('Oct 17, Oct 24, and Oct 31, 2026');
    expect(formatWeekList(['2024-12-28', '2025-01-04'])).toBe('Dec 28, 2024 and Jan 4, 2025');
    expect(formatWeekList(['2024-12-28'])).toBe('Dec 28, 2024');
    expect(formatWeekList([])).toBe('');
  });
});

describe('the lag analysis', () => {
  it('starts from the first input and the first output the catalog knows, else the first two metrics', () => {
    const metric = (name: string, kind: 'input' | 'output' | null) => ({ name, catalogMetric: kind === null ? null : { kind } });
    expect(defaultLagPair([metric('Orders', 'output'), metric('Uptime', null), metric('On time', 'input')])).toEqual({ input: 'On time', output: 'Orders' });
    expect(defaultLagPair([metric('A', null), metric('B', null)])).toEqual({ input: 'A', output: 'B' });
    expect(defaultLagPair([metric('A', 'input')])).toEqual({ input: 'A', output: 'A' });
  });

  it('asks for metric names of any spelling', () => {
    expect(lagQuery('Order pick time (p90)', 'Orders & returns')).toBe('?input=Order+pick+time+%28p90%29&output=Orders+%26+returns');
  });

  it('says how the output follows the input at its strongest lag', () => {
    expect(describeCorrelation('Orders delivered', 'Same-day orders on time', { lag: 3, r: 0.82 })).toBe('Orders delivered moves closely with Same-day orders on time 3 weeks later (correlation 0.82).');
    expect(describeCorrelation('Orders delivered', 'Order pick time (p90)', { lag: 1, r: -0.5 })).toBe('Orders delivered moves somewhat against Order pick time (p90) 1 week later (correlation -0.50).');
    expect(describeCorrelation('A', 'B', { lag: 0, r: 0.1 })).toBe('A moves hardly with B in the same week (correlation 0.10).');
  });
});

describe('alert inputs', () => {
  it('shows the saved thresholds as text and sends back the metrics with at least one, in the deck\'s order', () => {
    const deck = { alerts: [{ metric: 'Late', wow: 50, yoy: null }] };
    expect(alertInputs(deck)).toEqual({ Late: { wow: '50', yoy: '' } });
    const metrics = [{ name: 'Orders' }, { name: 'Late' }, { name: 'Returns' }];
    expect(alertsFromInputs(metrics, { Late: { wow: '50', yoy: ' ' }, Orders: { wow: '', yoy: '7.5' }, Returns: { wow: '', yoy: '' } })).toEqual([
      { metric: 'Orders', wow: null, yoy: 7.5 },
      { metric: 'Late', wow: 50, yoy: null },
    ]);
    // Not a number: sent as typed, so the server's refusal names it.
    expect(alertsFromInputs(metrics, { Orders: { wow: 'ten', yoy: '' } })).toEqual([{ metric: 'Orders', wow: 'ten', yoy: null }]);
  });

  it('describes an alert signal in words', () => {
    expect(describeSignal('wow_alert', 'down')).toBe('Week over week down beyond its alert');
    expect(describeSignal('yoy_alert', 'up')).toBe('Year over year up beyond its alert');
  });
});
