/**
 * The filter-metric query language: the subset of pandas' `DataFrame.query` that WBR configs use —
 * comparisons (`==`, `!=`, `<`, `>`, `<=`, `>=`, chained), `in` / `not in` with a list, `and` / `or` / `not`
 * (and `&`, `|`, `~`, which pandas' query parser gives the same precedence), parentheses, string and number
 * literals, `True` / `False`, and column names (bare identifiers or in backticks).
 */

export type QueryLiteral = number | string | boolean;

export type QueryExpression =
  | { kind: 'column'; name: string }
  | { kind: 'literal'; value: QueryLiteral }
  | { kind: 'list'; values: QueryLiteral[] }
  | { kind: 'not'; operand: QueryExpression }
  | { kind: 'and' | 'or'; left: QueryExpression; right: QueryExpression }
  | { kind: 'compare'; operators: ComparisonOperator[]; operands: QueryExpression[] };

export type ComparisonOperator = '==' | '!=' | '<' | '>' | '<=' | '>=' | 'in' | 'not in';

export class QuerySyntaxError extends Error {}

type Token =
  | { type: 'name'; text: string }
  | { type: 'string'; text: string }
  | { type: 'number'; value: number }
  | { type: 'op'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end < 0) throw new QuerySyntaxError('a backtick-quoted column name is not closed');
      tokens.push({ type: 'name', text: source.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\' && j + 1 < source.length) { text += source[j + 1]; j += 2; continue; }
        text += source[j];
        j++;
      }
      if (j >= source.length) throw new QuerySyntaxError('a quoted string is not closed');
      tokens.push({ type: 'string', text });
      i = j + 1;
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i));
    if (number !== null) {
      tokens.push({ type: 'number', value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (name !== null) {
      tokens.push({ type: 'name', text: name[0] });
      i += name[0].length;
      continue;
    }
    const op = /^(==|!=|<=|>=|<|>|\(|\)|\[|\]|,|&|\||~|-)/.exec(source.slice(i));
    if (op !== null) {
      tokens.push({ type: 'op', text: op[0] });
      i += op[0].length;
      continue;
    }
    throw new QuerySyntaxError(`unexpected character "${c}"${c === '@' ? ' (local variables with @ are not supported)' : ''}`);
  }
  return tokens;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'True', 'False']);

/**
 * How deep parentheses and `not`s may nest. The parser descends once per level, so a query of thousands of `(`
 * would overflow the call stack; no real filter comes near this.
 */
export const MAX_QUERY_NESTING = 100;

/** Parses a query; throws QuerySyntaxError with a short reason. */
export function parseFilterQuery(source: string): QueryExpression {
  const tokens = tokenize(source);
  let position = 0;
  let nesting = 0;
  const descend = (): void => {
    if (++nesting > MAX_QUERY_NESTING) throw new QuerySyntaxError(`parentheses and "not" nest more than ${MAX_QUERY_NESTING} deep`);
  };
  const peek = (): Token | undefined => tokens[position];
  const isOp = (text: string): boolean => { const t = peek(); return t !== undefined && t.type === 'op' && t.text === text; };
  const isWord = (text: string): boolean => { const t = peek(); return t !== undefined && t.type === 'name' && t.text === text; };
  const expect = (text: string): void => {
    if (!isOp(text)) throw new QuerySyntaxError(`expected "${text}"`);
    position++;
  };

  const parseOr = (): QueryExpression => {
    let left = parseAnd();
    while (isWord('or') || isOp('|')) { position++; left = { kind: 'or', left, right: parseAnd() }; }
    return left;
  };
  const parseAnd = (): QueryExpression => {
    let left = parseNot();
    while (isWord('and') || isOp('&')) { position++; left = { kind: 'and', left, right: parseNot() }; }
    return left;
  };
  const parseNot = (): QueryExpression => {
    if (isWord('not') || isOp('~')) {
      position++;
      descend();
      const operand = parseNot();
      nesting--;
      return { kind: 'not', operand };
    }
    return parseComparison();
  };
  const comparisonOperator = (): ComparisonOperator | undefined => {
    const t = peek();
    if (t === undefined) return undefined;
    if (t.type === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(t.text)) { position++; return t.text as ComparisonOperator; }
    if (t.type === 'name' && t.text === 'in') { position++; return 'in'; }
    if (t.type === 'name' && t.text === 'not' && tokens[position + 1]?.type === 'name' && (tokens[position + 1] as { text: string }).text === 'in') {
      position += 2;
      return 'not in';
    }
    return undefined;
  };
  const parseComparison = (): QueryExpression => {
    const first = parseOperand();
    const operators: ComparisonOperator[] = [];
    const operands: QueryExpression[] = [first];
    for (let op = comparisonOperator(); op !== undefined; op = comparisonOperator()) {
      operators.push(op);
      operands.push(parseOperand());
    }
    return operators.length === 0 ? first : { kind: 'compare', operators, operands };
  };
  const peekRequired = (): Token => {
    const t = peek();
    if (t === undefined) throw new QuerySyntaxError('the query ends too early');
    return t;
  };
  const parseLiteral = (): QueryLiteral => {
    const t = peekRequired();
    if (t.type === 'op' && t.text === '-') {
      position++;
      const next = peek();
      if (next?.type !== 'number') throw new QuerySyntaxError('expected a number after "-"');
      position++;
      return -next.value;
    }
    position++;
    if (t.type === 'string') return t.text;
    if (t.type === 'number') return t.value;
    if (t.type === 'name' && (t.text === 'True' || t.text === 'False')) return t.text === 'True';
    throw new QuerySyntaxError(`expected a value, found "${t.text}"`);
  };
  const parseOperand = (): QueryExpression => {
    const t = peekRequired();
    if (t.type === 'op' && t.text === '(') {
      position++;
      descend();
      const inner = parseOr();
      expect(')');
      nesting--;
      return inner;
    }
    if (t.type === 'op' && t.text === '[') {
      position++;
      const values: QueryLiteral[] = [];
      while (!isOp(']')) {
        values.push(parseLiteral());
        if (!isOp(']')) expect(',');
      }
      position++;
      return { kind: 'list', values };
    }
    if (t.type === 'name' && !KEYWORDS.has(t.text)) {
      position++;
      return { kind: 'column', name: t.text };
    }
    return { kind: 'literal', value: parseLiteral() };
  };

  if (tokens.length === 0) throw new QuerySyntaxError('the query is empty');
  const expression = parseOr();
  if (position < tokens.length) {
    const t = tokens[position] as Token;
    throw new QuerySyntaxError(`unexpected "${t.type === 'number' ? t.value : t.text}"`);
  }
  return expression;
}

/** Every column name a query reads. */
export function queryColumns(expression: QueryExpression, into: Set<string> = new Set()): Set<string> {
  // An explicit stack: `a == 1 or a == 2 or ...` parses into a chain as deep as it has terms.
  const pending: QueryExpression[] = [expression];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    switch (node.kind) {
      case 'column': into.add(node.name); break;
      case 'not': pending.push(node.operand); break;
      case 'and': case 'or': pending.push(node.right, node.left); break;
      case 'compare': for (let i = node.operands.length - 1; i >= 0; i--) pending.push(node.operands[i] as QueryExpression); break;
      default: break;
    }
  }
  return into;
}

/**
 * The terms of a chain of one connective, in order: `a or b or c` parses as `(a or b) or c`, a left spine as long
 * as the chain, which is walked here in a loop so that neither compiling nor evaluating recurses along it.
 */
function chainTerms(node: QueryExpression & { kind: 'and' | 'or' }): QueryExpression[] {
  const terms: QueryExpression[] = [];
  let current: QueryExpression = node;
  while (current.kind === node.kind) {
    const link = current as QueryExpression & { kind: 'and' | 'or' };
    terms.push(link.right);
    current = link.left;
  }
  terms.push(current);
  return terms.reverse();
}

/** A column as the query sees it: numbers (NaN = missing) or text (null = missing). */
export type QueryColumn = { kind: 'number'; values: ArrayLike<number> } | { kind: 'text'; values: ReadonlyArray<string | null> };

type RowValue = number | string | boolean | null | QueryLiteral[];
type Evaluator = (row: number) => RowValue;

function compareValues(operator: ComparisonOperator, left: RowValue, right: RowValue): boolean {
  if (operator === 'in' || operator === 'not in') {
    const list = Array.isArray(right) ? right : [right];
    const found = left !== null && !(typeof left === 'number' && Number.isNaN(left)) && list.some((item) => item === left);
    return operator === 'in' ? found : !found;
  }
  const isMissing = left === null || right === null || (typeof left === 'number' && Number.isNaN(left)) || (typeof right === 'number' && Number.isNaN(right));
  if (operator === '!=') return isMissing || left !== right;
  if (isMissing || typeof left !== typeof right) return false;
  switch (operator) {
    case '==': return left === right;
    case '<': return (left as number | string) < (right as number | string);
    case '>': return (left as number | string) > (right as number | string);
    case '<=': return (left as number | string) <= (right as number | string);
    default: return (left as number | string) >= (right as number | string);
  }
}

function truthy(value: RowValue): boolean {
  if (value === null) return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return value;
}

/** Compiles a query over the given columns into a row predicate. `columns` must hold every queried column. */
export function compileFilterQuery(expression: QueryExpression, columns: ReadonlyMap<string, QueryColumn>): (row: number) => boolean {
  const compile = (node: QueryExpression): Evaluator => {
    switch (node.kind) {
      case 'column': {
        const column = columns.get(node.name);
        if (column === undefined) throw new QuerySyntaxError(`name '${node.name}' is not defined`);
        const values = column.values;
        return (row) => values[row] as number | string | null;
      }
      case 'literal': { const value = node.value; return () => value; }
      case 'list': { const values = node.values; return () => values; }
      case 'not': { const inner = compile(node.operand); return (row) => !truthy(inner(row)); }
      case 'and': {
        const terms = chainTerms(node).map(compile);
        return (row) => {
          for (const term of terms) if (!truthy(term(row))) return false;
          return true;
        };
      }
      case 'or': {
        const terms = chainTerms(node).map(compile);
        return (row) => {
          for (const term of terms) if (truthy(term(row))) return true;
          return false;
        };
      }
      case 'compare': {
        const operands = node.operands.map(compile);
        const operators = node.operators;
        return (row) => {
          let left = (operands[0] as Evaluator)(row);
          for (let i = 0; i < operators.length; i++) {
            const right = (operands[i + 1] as Evaluator)(row);
            if (!compareValues(operators[i] as ComparisonOperator, left, right)) return false;
            left = right;
          }
          return true;
        };
      }
    }
  };
  const evaluate = compile(expression);
  return (row) => truthy(evaluate(row));
}
