import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBlockSubset, parseWithLibrary } from '../../src/domain/wbr/config-tree.js';
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
};

describe('config tree', () => {
  for (const [name, text] of Object.entries(samples)) {
    it(`reads ${name} like the YAML library`, () => {
      const fast = parseBlockSubset(text);
      expect(fast).toBeDefined();
      expect(fast).toEqual(parseWithLibrary(text, 'x.yaml'));
    });
  }

  for (const path of sharedConfigs) {
    it(`reads ${path.split('/wbr/')[1]} like the YAML library (or steps aside)`, () => {
      const text = readFileSync(path, 'utf8');
      const fast = parseBlockSubset(text);
      if (fast !== undefined) expect(fast).toEqual(parseWithLibrary(text, 'x.yaml'));
    });
  }

  it.each([
    ['flow mappings', 'a: {b: 1}\n'],
    ['anchors', 'a: &x 1\nb: *x\n'],
    ['block scalars', 'q: >\n  SELECT 1\n'],
    ['multi-line quoted strings', 'a: "one\n  two"\n'],
    ['tabs', 'a:\n\tb: 1\n'],
    ['timestamps', 'a: 2021-09-25\n'],
  ])('leaves %s to the YAML library', (_, text) => {
    expect(parseBlockSubset(text)).toBeUndefined();
  });
});
