import { describe, expect, it } from 'vitest';
import { unstorableTextPath } from './storable-text.js';

describe('unstorableTextPath', () => {
  it('names a list item by its index after a dot, as the schema refusals do', () => {
    expect(unstorableTextPath({ alerts: [{ metric: 'ok' }, { metric: 'Late\udbff' }] })).toBe('body.alerts.1.metric');
    expect(unstorableTextPath({ rows: [{ values: { a: 1 } }, 'x\u0000'] })).toBe('body.rows.1');
  });

  it('names the object that holds a bad key, and nothing when all text is storable', () => {
    expect(unstorableTextPath({ values: { 'a\u0000': 1 } })).toBe('body.values');
    expect(unstorableTextPath({ title: 'Delight 🎉', tags: ['a', 'b'] })).toBeNull();
  });
});
