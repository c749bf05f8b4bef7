import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALIAS_NODES_FLOOR, aliasNodeLimit, parseBlockSubset, parseConfigTree, parseWithLibrary, plainConfigTree } from '../../src/domain/wbr/config-tree.js';
import type { PlainConfigNode } from '../../src/domain/wbr/config-tree.js';
import { seededRandom } from '../support/seeded-random.js';
import { configWith } from './wbr-fixtures.js';

/** The fast block-YAML reader must read exactly what the full YAML parser reads, or step aside. */
const shared = fileURLToPath(new URL('../../../shared/wbr/', import.meta.url));
const sharedConfigs = existsSync(shared)
  ? [
    ...readdirSync(`${shared}scenarios`).map((name) => `${shared}scenarios/${name}/config.yaml`),
    ...readdirSync(`${shared}demo`).filter((name) => name.endsWith('.yaml')).map((name) => `${shared}demo/${name}`),
  ]
  : [];

const samples: Record<string, string> = {
  fixture: configWith({ metrics: '  Sales:\n    column: Sales\n    aggf: sum\n    metric_comparison_method: bps', charts: ['Sales'] }),
  'list at the key indentation': 'deck:\n- block:\n    ui_type: section\n    title: "A: quoted # not a comment"\n- block:\n    ui_type: section\n',
  'comments, quotes and scalars': "a: 1 # one\nb: 'it''s'\nc: \"x\\ty\"\nd: yes\ne: ~\nf: 2.50\ng:\nh: -3\n'quoted key': v\n",
  'nested lists': 'rows:\n  - row:\n      header: x\n      metric: M\n  - row:\n      header: y\n',
  'scalar items': 'files:\n  - a.csv\n  - "b.csv"\n',
  'a byte order mark and CRLF line ends': '\ufeffa: 1\r\nb:\r\n  - x\r\n  - y: 2\r\n',
  'keys that are not text': '1: one\nyes: y\n~: n\n2.50: f\n-3: m\n',
  'quoted keys and escapes': '"a\\"b": "c\\\\d\\n"\n\'e\'\'f\': \'\'\n"g": \'it\'\'s\'\n',
  'comments everywhere': '# head\na: # c\n  b: 1 # c\n  # inner\n\n  c: "x # y" # z\nd: e#f\n',
  'empty items and nested mappings in lists': 'a:\n  -\n    b: 1\n  -\n  - c:\n    - d\n    e: 2\n',
  'a list at the indentation of its key inside a list item': 'deck:\n- block:\n  - x\n  - y\n  title: t\n',
  'numbers and booleans': 'a: 0\nb: -12\nc: +.5\nd: 1.e3\ne: 1.5E-3\nf: Off\ng: NULL\nh: 6_12Graph\ni: 0.\nj: -x\n',
  // PyYAML's other number forms and dates, which the fast reader constructs with the same code as the library path.
  'octal, hexadecimal, binary, sexagesimal, underscored and infinite numbers, and dates':
    'a: 2021-09-25\nb: 012\nc: 0x1F\nd: 12:30\ne: -.inf\nf: .NaN\ng: 1_000\nh: 0b101\ni: 190:20:30.15\nj: 2001-12-14 21:59:43.10 -5\nk: -0\n',
  'words and numbers PyYAML reads as text': 'a: y\nN: n\nb: 1e5\nc: 1.e3\nd: +.5\ne: 08\nf: e3\ng: .\n',
  'plain values that begin like a list item or a complex key': 'a: -x\nb: ?x\nc: -1\nd: "- x"\ne: x - y\n',
  'trailing spaces and spaces before the colon': 'a   : 1   \nb:    two  words   \n',
  'an empty document': '# nothing\n\n',
  // Lines the line regexes split and classify, next to lines just like them that they leave to the character-code reader.
  'values the line regex classifies': 'a: true\nb: Off\nc: y\nd: 52\ne: -0.5\nf: 1.e3\ng: 6_12Graph\nh: 1.5e3x\ni: Metric m1\nj: null\nk: 9e\nl: ~\nm: 28-DEC-2024\nn: x:y\no: 007x\np: Nope\n',
  'keys the line regex leaves aside': 'on: 1\nNo: 2\nNope: 3\n"k": 4\n1: 5\na.b: 6\n_c: 7\nd : 8\ne:  9\nf: 10 \ng: h # c\n',
  'list items the line regex splits': 'rows:\n  - row: x\n    on: y\n  - row:\n      header: true\n  -  spaced: 1\n  - 12\n  - text\n',
  // More nodes than the tree is first sized for (one per 16 characters), so it grows.
  'many short lines': `a:\n${'- 1\n'.repeat(3000)}b:\n${Array.from({ length: 500 }, (_, index) => `  k${index}: ${index}`).join('\n')}\n`,
};

/** The fast reader's tree as plain objects; undefined when it steps aside. */
function fastTree(text: string): PlainConfigNode | null | undefined {
  const tree = parseBlockSubset(text);
  return tree === undefined ? undefined : plainConfigTree(tree);
}

function libraryTree(text: string): PlainConfigNode | null {
  return plainConfigTree(parseWithLibrary(text, 'x.yaml'));
}

describe('config tree', () => {
  for (const [name, text] of Object.entries(samples)) {
    it(`reads ${name} like the YAML library`, () => {
      const fast = fastTree(text);
      expect(fast).toBeDefined();
      expect(fast).toEqual(libraryTree(text));
    });
  }

  for (const path of sharedConfigs) {
    it(`reads ${path.split('/wbr/')[1]} like the YAML library (or steps aside)`, () => {
      const text = readFileSync(path, 'utf8');
      const fast = fastTree(text);
      if (fast !== undefined) expect(fast).toEqual(libraryTree(text));
    });
  }

  it('reads YAML the App refuses as text (D13 in docs/wbr-compatibility.md)', () => {
    const tree = plainConfigTree(parseWithLibrary('a: !tag x\nb: =\nc: tab\there\n', 'x.yaml'));
    expect(tree).toEqual({ kind: 'map', line: 1, entries: [
      { key: 'a', keyLine: 1, value: { kind: 'scalar', line: 1, value: 'x' } },
      { key: 'b', keyLine: 2, value: { kind: 'scalar', line: 2, value: '=' } },
      { key: 'c', keyLine: 3, value: { kind: 'scalar', line: 3, value: 'tab\there' } },
    ] });
  });

  it('refuses an alias without an anchor, naming its line', () => {
    expect(() => parseWithLibrary('a: &one 1\nb: *one\nc: *two\n', 'x.yaml')).toThrow(expect.objectContaining({
      message: expect.stringMatching(/alias \*two has no anchor/), details: expect.objectContaining({ file: 'x.yaml', line: 3 }),
    }));
  });

  it('reads anchors and aliases as PyYAML: each alias is the last node with its anchor before it', () => {
    const tree = plainConfigTree(parseWithLibrary('a: &x 1\nb: [*x, *x]\nc: &x {d: 2}\ne: *x\n', 'x.yaml'));
    expect(tree).toEqual({ kind: 'map', line: 1, entries: [
      { key: 'a', keyLine: 1, value: { kind: 'scalar', line: 1, value: 1 } },
      { key: 'b', keyLine: 2, value: { kind: 'seq', line: 2, items: [{ kind: 'scalar', line: 1, value: 1 }, { kind: 'scalar', line: 1, value: 1 }] } },
      { key: 'c', keyLine: 3, value: { kind: 'map', line: 3, entries: [{ key: 'd', keyLine: 3, value: { kind: 'scalar', line: 3, value: 2 } }] } },
      { key: 'e', keyLine: 4, value: { kind: 'map', line: 3, entries: [{ key: 'd', keyLine: 3, value: { kind: 'scalar', line: 3, value: 2 } }] } },
    ] });
  });

  /** Eight levels of anchors, each a flow list of nine aliases to the one before: 9^8 (43 million) nodes expanded. */
  function aliasBomb(): string {
    const lines = [`l0: &l0 [${Array(9).fill('x').join(', ')}]`];
    for (let level = 1; level < 8; level++) lines.push(`l${level}: &l${level} [${Array(9).fill(`*l${level - 1}`).join(', ')}]`);
    return `setup:\n  week_ending: 25-SEP-2021\n${lines.join('\n')}\n`;
  }

  it('refuses aliases that expand to more nodes than the limit, naming the alias and its line', () => {
    const text = aliasBomb();
    expect(parseBlockSubset(text)).toBeUndefined();
    expect(aliasNodeLimit(text)).toBe(ALIAS_NODES_FLOOR);
    // Level 4 expands its nine aliases to 9^5 = 59,049 nodes: past the 10,000 allowed, at its line (line 7).
    expect(() => parseConfigTree(text, 'config.yaml')).toThrow(expect.objectContaining({
      code: 'invalid_config',
      message: expect.stringMatching(/^The aliases expand to more than 10,000 nodes, at the alias \*l3 here/),
      details: expect.objectContaining({ file: 'config.yaml', line: 7 }),
    }));
  });

  it('allows aliases up to the limit, which grows with the text', () => {
    // 9^4 = 6,561 leaves through aliases, plus the lists that hold them: under the 10,000 floor.
    const small = 'l0: &l0 [x, x, x, x, x, x, x, x, x]\nl1: &l1 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0]\nl2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]\nl3: [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]\n';
    expect(() => parseConfigTree(small, 'x.yaml')).not.toThrow();
    // A style reused by 20,000 items: 40,000 nodes through aliases, fewer than the text's characters.
    const reused = `style: &s {a: 1}\nitems:\n${'  - *s\n'.repeat(20_000)}`;
    expect(aliasNodeLimit(reused)).toBe(reused.length);
    expect(plainConfigTree(parseConfigTree(reused, 'x.yaml'))).toMatchObject({ entries: [{ key: 'style' }, { key: 'items', value: { items: { length: 20_000 } } }] });
  });

  it('refuses an alias inside the node its anchor names (it would repeat for ever)', () => {
    expect(() => parseWithLibrary('a: 1\nb: &r [1, *r]\n', 'x.yaml')).toThrow(expect.objectContaining({
      code: 'invalid_config', message: expect.stringMatching(/alias \*r is inside the node its anchor names/), details: expect.objectContaining({ line: 2 }),
    }));
  });

  it('keeps no line break after a block scalar that ends the text without one, as PyYAML', () => {
    const value = (text: string): unknown => (plainConfigTree(parseWithLibrary(text, 'x.yaml')) as { entries: Array<{ value: { value: unknown } }> }).entries[0]?.value.value;
    expect(value('q: |\n  SELECT 1')).toBe('SELECT 1');
    expect(value('q: |\n  SELECT 1\n')).toBe('SELECT 1\n');
    expect(value('q: >\n  a\n  b')).toBe('a b');
  });

  it.each([
    ['flow mappings', 'a: {b: 1}\n'],
    ['anchors', 'a: &x 1\nb: *x\n'],
    ['block scalars', 'q: >\n  SELECT 1\n'],
    ['multi-line quoted strings', 'a: "one\n  two"\n'],
    ['tabs', 'a:\n\tb: 1\n'],
    ['timestamps as keys', '2021-09-25: a\n'],
    ['merge keys', '<<: a\n'],
    ['document markers', '---\na: 1\n'],
    ['directives', '%YAML 1.1\n---\na: 1\n'],
    ['a quoted value followed by text', 'a: "b" c\n'],
    ['unknown escapes', 'a: "\\x41"\n'],
    ['lists of lists', 'a:\n  - - x\n'],
    ['a list opened after a key (which YAML forbids)', 'a: 1\nkey: - x\n'],
    ['a lone dash after a key', 'key: -\n'],
    ['a complex key opened after a key', 'key: ? x\n'],
    ['a lone scalar', 'just text\n'],
  ])('leaves %s to the YAML library', (_, text) => {
    expect(parseBlockSubset(text)).toBeUndefined();
  });
});

/**
 * Common lines are read by native regexes (ENTRY, OTHER_ENTRY) that restate rules of the character-by-character
 * reader; texts with \r\n line ends always take the character path. So reading the same random config-like text
 * with \n and with \r\n line ends compares the two paths line shape by line shape: they must give the same tree,
 * or both step aside.
 */
describe('config tree: the line regexes and the character reader agree', () => {
  const KEYS = ['a', 'ui_type', 'x.y', 'Key_2', 'yes', 'null', 'on', 'N', '_k', 'metric_comparison_method', '2024', '-1', 'a b', 'a-b'];
  const VALUES = [
    '', ' ', 'text', 'Metric m1', '6_12Graph', '12_MonthsTable', 'sum', 'yes', 'No', 'off', 'null', '~', 'Null', 'y', 'n', 'ON', 'true',
    '0', '7', '-3', '+4', '0.5', '.5', '5.', '1e5', '2.5E-3', '-0.0', '007', '0x1F', '0o7', '0b1', '1_000', '1:30', '2024-01-05', '2024-1-5x',
    '.inf', '-.NaN', '1.2.3', '12abc', '3e', 'e3', 'a:b', 'a: b', 'a #b', 'a# b', "'quoted'", '"dq \\" x"', "it's", 'x"y', '#c', '- item', '-', '? x', '?', '-x', '?x',
    '[1, 2]', '{a: 1}', '&anchor', '*alias', '!tag x', '|', '>', '@x', '`x', 'trailing ', 'tab\there', 'ü', '25-SEP-2021', '##.#%',
  ];
  function line(next: () => number, indent: number): string {
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const dash = next() < 0.2 ? '- ' : '';
    const roll = next();
    const body = roll < 0.1 ? pick(VALUES) : roll < 0.2 ? `${pick(KEYS)}:` : `${pick(KEYS)}: ${pick(VALUES)}`;
    const comment = next() < 0.05 ? ' # note' : '';
    return `${' '.repeat(indent)}${dash}${body}${comment}`;
  }
  function snippet(next: () => number): string {
    const lines: string[] = [];
    let indent = 0;
    const count = 1 + Math.floor(next() * 8);
    for (let i = 0; i < count; i++) {
      lines.push(line(next, indent));
      const step = next();
      indent = step < 0.3 ? indent + 2 : step < 0.5 ? Math.max(0, indent - 2) : indent;
    }
    return `${lines.join('\n')}${next() < 0.5 ? '\n' : ''}`;
  }

  it('on 20,000 random snippets', () => {
    const next = seededRandom(2026);
    let readFast = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = snippet(next);
      const withRegexes = parseBlockSubset(text);
      const byCharacters = parseBlockSubset(text.replaceAll('\n', '\r\n'));
      const plain = withRegexes === undefined ? undefined : plainConfigTree(withRegexes);
      const expected = byCharacters === undefined ? undefined : plainConfigTree(byCharacters);
      if (plain !== undefined) readFast++;
      expect(plain, JSON.stringify(text)).toEqual(expected);
    }
    // The snippets must exercise the fast reader, not only its fallbacks.
    expect(readFast).toBeGreaterThan(2000);
    // 40,000 parses and 20,000 deep comparisons: about 2 s alone, past vitest's default 5 s on a busy 2-core machine.
  }, 30_000);
});
