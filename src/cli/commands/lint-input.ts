// What `pulse lint` reads, checked before any check runs: a file named as the user named it (standard input as
// <stdin>), UTF-8 text only, and a settings file whose JSON errors name the line and column. Loaded by lint only.
import { isUtf8 } from 'node:buffer';
import { AppError } from '../../domain/errors.js';
import { findJsonSyntaxProblem } from '../../domain/org-transfer/json-syntax.js';
import { firstInvalidUtf8 } from '../../domain/utf8.js';

/** How standard input is named in the output when the file argument is `-`. */
export const STDIN_NAME = '<stdin>';

export function displayName(path: string): string {
  return path === '-' ? STDIN_NAME : path;
}

/** The file's text, refused (naming the file and the line) when it is not UTF-8 text: a binary file, or another encoding. */
export function utf8Text(file: string, bytes: Buffer): string {
  const bad = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (bad !== -1) {
    throw new AppError('invalid_data', `The file is not UTF-8 text (byte ${bad + 1} cannot be read): save it as UTF-8 Markdown, or name the right file.`, { file: displayName(file), line: lineAt(bytes, bad) });
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new AppError('invalid_data', 'The file holds a NUL character: it is a binary file, not Markdown text.', { file: displayName(file), line: lineAt(bytes, nul) });
  }
  return bytes.toString('utf8');
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let at = bytes.indexOf(0x0a); at !== -1 && at < offset; at = bytes.indexOf(0x0a, at + 1)) line++;
  return line;
}

/** The settings file's JSON; a syntax error names the line and column where the JSON goes wrong. */
export function parseJsonFile(path: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const problem = findJsonSyntaxProblem(text);
    if (problem === null) throw new AppError('validation_failed', `The file is not valid JSON: ${(error as Error).message}.`, { file: path });
    throw new AppError('validation_failed', `The file is not valid JSON: ${problem.message}.`, { file: path, line: problem.line, column: problem.column });
  }
}
