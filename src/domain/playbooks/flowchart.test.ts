import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { flowchartSteps, parseFlowchart } from './flowchart.js';

const at = { file: 'content/playbooks/example.md', line: 20 };

function errorOf(source: string) {
  try {
    parseFlowchart(source, at);
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message, file: error.details.file, line: error.details.line };
    throw error;
  }
  throw new Error('expected the diagram to be refused');
}

describe('playbook flowcharts', () => {
  it('reads nodes of every shape, labelled arrows in both forms, chains and comments', () => {
    const chart = parseFlowchart(
      [
        'flowchart LR',
        '  accTitle: Review loop',
        '  accDescr: How a draft becomes compelling',
        '  %% a comment',
        '  A[Draft] --> B{Compelling?}',
        '  B -->|no| C(Rewrite) --> B',
        '  B -- yes --> D([FAQ stage])',
        '  D ==> E((Memo)) --- F[[Review]]',
        '  F -.-> G{{"Decision, recorded (with notes)"}};',
        '  G -.->|rarely| A',
        '  H[Lonely note]',
      ].join('\n'),
      at,
    );
    expect(chart.direction).toBe('LR');
    expect(chart.title).toBe('Review loop');
    expect(chart.description).toBe('How a draft becomes compelling');
    expect(chart.nodes.map((node) => node.label)).toEqual(['Draft', 'Compelling?', 'Rewrite', 'FAQ stage', 'Memo', 'Review', 'Decision, recorded (with notes)', 'Lonely note']);
    // The shapes and the kinds of arrow, which the PDF draws as the app does.
    expect(chart.nodes.map((node) => node.shape)).toEqual(['box', 'decision', 'round', 'stadium', 'circle', 'subroutine', 'hexagon', 'box']);
    expect(chart.edges.map((edge) => [edge.isDotted, edge.isThick, edge.hasArrowHead])).toEqual([
      [false, false, true], [false, false, true], [false, false, true], [false, false, true],
      [false, true, true], [false, false, false], [true, false, true], [true, false, true],
    ]);
    expect(flowchartSteps(chart)).toEqual([
      'Draft → Compelling?',
      'Compelling? → Rewrite (no)',
      'Rewrite → Compelling?',
      'Compelling? → FAQ stage (yes)',
      'FAQ stage → Memo',
      'Memo → Review',
      'Review → Decision, recorded (with notes) (sometimes)',
      'Decision, recorded (with notes) → Draft (rarely)',
      'Lonely note',
    ]);
  });

  it('keeps a plain %% comment, an arrow spaced from an id that starts with o or x, and a # that is not a character code', () => {
    const chart = parseFlowchart('flowchart TD\naccTitle: T\n%% a comment\nA[Step #1] --- oB[Two]\noB --> xC[Three]', at);
    expect(flowchartSteps(chart)).toEqual(['Step #1 → Two', 'Two → Three']);
  });

  it('accepts graph as the header and a node referred to by id before its label', () => {
    const chart = parseFlowchart('graph TD\naccTitle: T\nA --> B\nB[Second]', at);
    expect(flowchartSteps(chart)).toEqual(['A → Second']);
  });

  it.each([
    ['sequenceDiagram\naccTitle: T\nA->>B: hi', 20, /first line must be "flowchart TD"/],
    ['flowchart XY\naccTitle: T\nA --> B', 20, /"XY" is not a direction/],
    ['flowchart TD\nA --> B', 20, /accTitle/],
    ['flowchart TD\naccTitle: T\nA[One]', 20, /at least one arrow/],
    ['flowchart TD\naccTitle: T\nA --> B\nsubgraph Team', 23, /"subgraph" is not in the subset/],
    ['flowchart TD\naccTitle: T\nA --> B\nstyle A fill:#f00', 23, /colours come from the app's theme/],
    ['flowchart TD\naccTitle: T\nA --> B\nclick A call alert()', 23, /"click"/],
    ['flowchart TD\naccTitle: T\n\nA[Open --> B', 23, /never closes/],
    ['flowchart TD\naccTitle: T\nA[Has (parens)] --> B', 22, /double quotes/],
    ['flowchart TD\naccTitle: T\nA[<b>bold</b>] --> B', 22, /plain words/],
    ['flowchart TD\naccTitle: T\nA[/slanted/] --> B', 22, /cannot start with/],
    ['flowchart TD\naccTitle: T\nA[One] --> B\nA[Two] --> C', 23, /labelled "One" earlier and "Two" here/],
    ['flowchart TD\naccTitle: T\nA --> end', 22, /"end" cannot be a node id/],
    ['flowchart TD\naccTitle: T\nA ~~> B', 22, /expected an arrow/],
    ['flowchart TD\naccTitle: T\nA -->|| B', 22, /label is empty/],
    ['', 20, /empty/],
    // Mermaid applies a %%{…}%% directive as configuration (theme, themeCSS), wherever it is: it is not a comment.
    ['%%{init: {"theme": "dark"}}%%\nflowchart TD\naccTitle: T\nA --> B', 20, /directive/],
    ['flowchart TD\naccTitle: T\nA --> B\n%%{init: {"themeCSS": ".node rect { fill: red; }"}}%%', 23, /directive/],
    // Mermaid reads ---o and ---x as arrows with a circle or cross end, so the node would be B, not oB.
    ['flowchart TD\naccTitle: T\nA ---oB[Two]', 22, /circle or cross end/],
    ['flowchart TD\naccTitle: T\nA ---xB', 22, /circle or cross end/],
    // Mermaid draws #lt; as <: the drawing would show what the words do not, and < > would slip past the check.
    ['flowchart TD\naccTitle: T\nA[Box #lt;b#gt;] --> B', 22, /character code/],
    ['flowchart TD\naccTitle: T\nA -->|#35;1| B', 22, /character code/],
  ])('refuses %j at its file line %i', (source, line, message) => {
    const error = errorOf(source);
    expect(error).toMatchObject({ code: 'invalid_config', file: 'content/playbooks/example.md', line });
    expect(error.message).toMatch(message);
  });
});
