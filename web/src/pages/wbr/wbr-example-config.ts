/**
 * A starting config for a new deck, in the WBR App's format, so the first deck is an edit rather than a blank
 * page. Its metrics are controllable inputs, each with the direction that counts as better, because that is what
 * makes a signal an anomaly worth an owner.
 */
export const EXAMPLE_WBR_CONFIG = `# The CSV has a Date column, then one column per number:
# rename the metrics and their columns to match yours.
setup:
  week_ending: 28-DEC-2024   # weeks end on this weekday
  week_number: 52
  title: Fulfilment weekly business review

metrics:
  OrdersPicked:
    column: OrdersPicked
    aggf: sum
    good_direction: up
  PickErrors:
    column: PickErrors
    aggf: sum
    good_direction: down

deck:
  - block:
      ui_type: 6_12Graph
      title: Orders picked
      y_scaling: "##"
      metrics:
        OrdersPicked:
          graph_prior_year_flag: true
  - block:
      ui_type: 6_12Graph
      title: Pick errors
      y_scaling: "##"
      metrics:
        PickErrors:
          graph_prior_year_flag: true
`;
