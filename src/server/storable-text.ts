import { AppError } from '../domain/errors.js';

/**
 * Text Pulse stores is well-formed Unicode without NUL. JSON may carry both (`\u0000`, and half of a surrogate
 * pair such as `\ud800`), which PostgreSQL refuses in text and JSON columns and which a browser cannot show: a JSON
 * body holding either is refused at the edge, naming the field, before any route stores (or quietly mangles) it.
 * The check runs where every route's JSON body is validated (router.ts), so bodies that are not JSON (a CSV
 * upload, streamed) are never read twice.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The path of the first string (or key) in `value` that holds an unstorable character, like `body.rows.2.name`: list
 * items by their index after a dot, as the schema's own refusals name them (decision 019), so a client finds both alike.
 */
export function unstorableTextPath(value: unknown, root = 'body'): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: root }];
  while (stack.length > 0) {
    const { value: item, path } = stack.pop()!;
    if (typeof item === 'string') {
      if (UNSTORABLE.test(item)) return path;
    } else if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index -= 1) stack.push({ value: item[index], path: `${path}.${index}` });
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item).reverse()) {
        if (UNSTORABLE.test(key)) return path;
        stack.push({ value: child, path: `${path}.${key}` });
      }
    }
  }
  return null;
}

/** The answer to a JSON body holding such a character, at its first place. */
export function unstorableTextError(path: string): AppError {
  return new AppError('validation_failed', `${path}: holds a character Pulse cannot store (a NUL character, \\u0000, or half of a UTF-16 surrogate pair, such as \\ud800): remove it and send it again.`, { field: path });
}
