/**
 * Compares a Pulse deck with a WBR App deck: every App key must be present with the same value (numbers to the
 * last bit: Pulse adds in the App's order, see aggregate.ts), and Pulse's own `pulse` keys are left out of the
 * comparison.
 */
export function deckDifferences(actual: unknown, expected: unknown, path = '$', out: string[] = []): string[] {
  if (out.length >= 40) return out;
  if (typeof expected === 'number') {
    if (actual !== expected) out.push(`${path}: expected ${expected}, got ${JSON.stringify(actual)}`);
    return out;
  }
  if (expected === null || typeof expected !== 'object') {
    if (actual !== expected) out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    return out;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) { out.push(`${path}: expected a list, got ${JSON.stringify(actual)}`); return out; }
    if (actual.length !== expected.length) out.push(`${path}: expected ${expected.length} items, got ${actual.length}`);
    for (let i = 0; i < Math.min(actual.length, expected.length); i++) deckDifferences(actual[i], expected[i], `${path}[${i}]`, out);
    return out;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
    out.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
    return out;
  }
  const actualRecord = actual as Record<string, unknown>;
  const expectedRecord = expected as Record<string, unknown>;
  const actualKeys = Object.keys(actualRecord).filter((key) => key !== 'pulse');
  const expectedKeys = Object.keys(expectedRecord);
  if (actualKeys.join(',') !== expectedKeys.join(',')) out.push(`${path}: keys ${actualKeys.join(',')} instead of ${expectedKeys.join(',')}`);
  for (const key of expectedKeys) deckDifferences(actualRecord[key], expectedRecord[key], `${path}.${key}`, out);
  return out;
}
