import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/domain/errors.js';
import { parseWbrConfig } from '../../src/domain/wbr/wbr-config.js';

/**
 * Plain column metrics and 6_12Graph blocks are read by a direct reader that hands anything unusual to the
 * general one. Both must give the same model, the same warnings and the same errors, for common and uncommon
 * entries alike: each case is read both ways and compared.
 */

const METRIC_BODIES = [
  'column: Sales\n    aggf: sum',
  'column: Sales\n    aggf: "mean"',
  'column: Sales\n    aggf: sum\n    metric_comparison_method: bps',
  'column: Sales\n    aggf: sum\n    metric_comparison_method: percent',
  'column: Sales\n    aggf: sum\n    metric_comparison_method:',
  'column: Sales\n    aggf: sum\n    good_direction: down',
  'column: Sales\n    aggf: sum\n    good_direction: sideways',
  'column: Sales\n    aggf: sum\n    good_direction:',
  'column: Sales\n    aggf: sum\n    good_direction: 5',
  'column: Sales\n    aggf: average',
  'column: Sales\n    aggf:',
  'column: Sales',
  'column: 2024\n    aggf: max',
  'column:\n    aggf: sum',
  'column:\n      - Sales\n    aggf: sum',
  'column: Sales\n    aggf: sum\n    box_total_scaling: 1',
  'column: Sales\n    aggf: sum\n    colour: red',
  'column: Sales\n    column: Sales\n    aggf: sum',
  'column: Sales\n    filter:\n      base_column: Sales\n      query: Sales > 1\n    aggf: sum',
  'filter:\n      base_column: Sales\n      query: Sales > 1\n    aggf: sum',
  'function:\n      sum:\n        - column:\n            name: Sales',
];

const CHART_BLOCKS = [
  'ui_type: 6_12Graph\n      title: Sales\n      metrics:\n        Sales:\n          graph_prior_year_flag: true',
  'ui_type: 6_12Graph\n      title: Sales\n      metrics:\n        Sales:\n          graph_prior_year_flag: false',
  'ui_type: 6_12Graph\n      metrics:\n        Sales:\n          graph_prior_year_flag:',
  'ui_type: 6_12Graph\n      metrics:\n        Sales:\n          graph_prior_year_flag: "no"',
  'ui_type: 6_12Graph\n      metrics:\n        Sales:\n          graph_prior_year_flag: 0',
  'ui_type: 6_12Graph\n      title:\n      metrics:\n        Sales:',
  'ui_type: 6_12Graph\n      title: 123\n      metrics:\n        Sales: 5',
  'ui_type: "6_12Graph"\n      title: \'Quoted\'\n      y_scaling: "##.#%"\n      metrics:\n        SalesYOY:\n          line_style: target\n          legend_name: Goal\n        PY__Sales:\n        SalesWOW:',
  'ui_type: 6_12Graph\n      metrics:\n        Sales:\n        Sales:',
  'ui_type: 6_12Graph\n      metrics:\n        Nothing:',
  'ui_type: 6_12Graph\n      metrics:\n        Sales:\n          colour: red',
  'ui_type: 6_12Graph\n      metrics:\n        Sales:\n          legend_name:\n            - a',
  'ui_type: 6_12Graph\n      x_axis_monthly_display: fiscal_year\n      metrics:\n        Sales:',
  'ui_type: 6_12Graph\n      x_axis_monthly_display: calendar\n      metrics:\n        Sales:',
  'ui_type: 6_12Graph\n      axes: 2\n      metrics:\n        Sales:',
  'ui_type: 6_12Graph\n      axes: "1"\n      metrics:\n        Sales:',
  'ui_type: 6_12Graph\n      axes: 1.5\n      metrics:\n        Sales:',
  'ui_type: 6_12Graph\n      axes:\n      metrics:\n        Sales:',
  'ui_type: 6_12Graph\n      size: big\n      metrics:\n        Sales:',
  'ui_type: 6_12Graph',
  'ui_type: 6_12Graph\n      metrics:',
  'ui_type: 6_12Graph\n      metrics:\n        - Sales',
  '"ui_type": 6_12Graph\n      \'title\': Quoted keys\n      metrics:\n        "Sales":',
  'ui_type: 6_12Graph\n      titl: Short key\n      metrics:\n        Sales:',
  'ui_type: 6_12Graph\n      titles: Long key\n      metrics:\n        Sales:',
  'ui_type: section\n      title: Part two',
  'title: No type',
];

function configText(metricBody: string, blockBody: string, wrapperExtra = ''): string {
  return [
    'setup:',
    '  week_ending: 25-SEP-2024',
    '  week_number: 39',
    '  title: Test deck',
    'metrics:',
    '  Sales:',
    `    ${metricBody}`,
    '  Units:',
    '    column: Units',
    '    aggf: sum',
    'deck:',
    '  - block:',
    `      ${blockBody}`,
    ...(wrapperExtra === '' ? [] : [`    ${wrapperExtra}`]),
    '',
  ].join('\n');
}

/** The model, or the error's message and details. */
function read(text: string, directReads: boolean, unknownKeys: 'error' | 'warn'): unknown {
  try {
    return parseWbrConfig(text, { fileName: 'deck.yaml', directReads, unknownKeys });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { error: error.message, details: error.details };
  }
}

describe('direct reads of plain metrics and charts', () => {
  const chart = CHART_BLOCKS[0] as string;
  for (const unknownKeys of ['error', 'warn'] as const) {
    it(`match the general reader for every metric form (${unknownKeys} on unknown keys)`, () => {
      for (const body of METRIC_BODIES) {
        const text = configText(body, chart);
        expect(read(text, true, unknownKeys), body).toEqual(read(text, false, unknownKeys));
      }
    });

    it(`match the general reader for every block form (${unknownKeys} on unknown keys)`, () => {
      for (const body of CHART_BLOCKS) {
        for (const wrapperExtra of ['', 'note: extra']) {
          const text = configText(METRIC_BODIES[0] as string, body, wrapperExtra);
          expect(read(text, true, unknownKeys), body).toEqual(read(text, false, unknownKeys));
        }
      }
    });
  }

  it('read the common forms to the expected model', () => {
    const config = parseWbrConfig(configText('column: Sales\n    aggf: mean\n    metric_comparison_method: bps\n    good_direction: up', CHART_BLOCKS[7] as string), { fileName: 'deck.yaml' });
    expect(config.metrics[0]).toEqual({ name: 'Sales', line: 7, comparison: 'bps', goodDirection: 'up', kind: 'column', column: 'Sales', aggregation: 'mean' });
    expect(config.deck[0]).toEqual({
      uiType: '6_12Graph',
      line: 16,
      title: 'Quoted',
      yScaling: '##.#%',
      xAxisMonthlyDisplay: null,
      axes: null,
      metrics: [
        { name: 'SalesYOY', line: 21, lineStyle: 'target', showPriorYear: true, legendName: 'Goal' },
        { name: 'PY__Sales', line: 23, lineStyle: 'primary', showPriorYear: true, legendName: 'PY__Sales' },
        { name: 'SalesWOW', line: 24, lineStyle: 'primary', showPriorYear: true, legendName: 'SalesWOW' },
      ],
    });
  });
});
