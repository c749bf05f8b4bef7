// `pulse lint` with several files, standard input, and files it cannot check (empty, not UTF-8, bad settings JSON).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/** The built CLI (`npm test` builds first), run as a user runs it. */
const bin = fileURLToPath(new URL('../../bin/pulse.js', import.meta.url));

function pulse(args: string[], input?: string | Buffer): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CLEAN = '# Memo\n\nWe ship the new billing page on Monday.\n';
const LISTS = '# Memo\n\nWe ship on Monday.\n\n- one thing\n- another thing\n';
let dir: string;
let clean: string;
let lists: string;
let empty: string;
let binary: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pulse-lint-files-'));
  clean = join(dir, 'clean.md');
  lists = join(dir, 'lists.md');
  empty = join(dir, 'empty.md');
  binary = join(dir, 'binary.md');
  writeFileSync(clean, CLEAN);
  writeFileSync(lists, LISTS);
  writeFileSync(empty, '');
  writeFileSync(binary, Buffer.concat([Buffer.from('# Memo\n\nWe ship '), Buffer.from([0xff, 0xfe, 0x00, 0x81]), Buffer.from(' on Monday.\n')]));
});

describe('pulse lint FILE…', { timeout: 30_000 }, () => {
  it('checks several files, each reported, and exits 1 when any has errors', () => {
    const both = pulse(['lint', clean, lists, '--kind', 'memo']);
    expect(both.status).toBe(1);
    expect(both.stdout).toMatch(new RegExp(`^${clean}: 0 errors, 0 warnings \\(memo`, 'm'));
    expect(both.stdout).toMatch(new RegExp(`^${lists}:5:1 error memo\\.no-lists `, 'm'));
    expect(both.stdout).toMatch(new RegExp(`^${lists}: 1 error, `, 'm'));
    const cleanTwice = pulse(['lint', clean, clean, '--kind', 'memo']);
    expect(cleanTwice.status).toBe(0);
    expect(cleanTwice.stdout.match(/: 0 errors, 0 warnings/g)).toHaveLength(2);
    const json = pulse(['lint', clean, lists, '--kind', 'memo', '--format', 'json']);
    expect(json.status).toBe(1);
    const reports = JSON.parse(json.stdout) as Array<{ file: string; errorCount: number }>;
    expect(reports.map((report) => [report.file, report.errorCount])).toEqual([[clean, 0], [lists, 1]]);
  });

  it('reads standard input for -', () => {
    const result = pulse(['lint', '-', '--kind', 'memo'], LISTS);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^<stdin>:5:1 error memo\.no-lists /m);
    expect(result.stdout).toMatch(/^<stdin>: 1 error, /m);
    expect(pulse(['lint', '-', '--kind', 'memo'], CLEAN).status).toBe(0);
  });

  it('refuses an empty file and a file that is not UTF-8 text, naming them, and still checks the others', () => {
    const emptyOnly = pulse(['lint', empty]);
    expect(emptyOnly.status).toBe(1);
    expect(emptyOnly.stderr).toBe(`pulse: ${empty}: The file is empty: there is no PR/FAQ or memo to check. Write the document, or name another file.\n`);
    expect(pulse(['lint', '-'], '\n  \n').stderr).toMatch(/^pulse: <stdin>: The file is empty/);
    const binaryOnly = pulse(['lint', binary]);
    expect(binaryOnly.status).toBe(1);
    expect(binaryOnly.stderr).toBe(`pulse: ${binary}:3: The file is not UTF-8 text (byte 17 cannot be read): save it as UTF-8 Markdown, or name the right file.\n`);
    const mixed = pulse(['lint', empty, clean, binary, join(dir, 'missing.md'), '--kind', 'memo']);
    expect(mixed.status).toBe(1);
    expect(mixed.stdout).toMatch(new RegExp(`^${clean}: 0 errors`, 'm'));
    expect(mixed.stderr.trim().split('\n')).toEqual([
      `pulse: ${empty}: The file is empty: there is no PR/FAQ or memo to check. Write the document, or name another file.`,
      `pulse: ${binary}:3: The file is not UTF-8 text (byte 17 cannot be read): save it as UTF-8 Markdown, or name the right file.`,
      `pulse: ${join(dir, 'missing.md')}: No such file.`,
    ]);
    const nul = join(dir, 'nul.md');
    writeFileSync(nul, '# Memo\n\nWe\u0000ship.\n');
    expect(pulse(['lint', nul]).stderr).toBe(`pulse: ${nul}:3: The file holds a NUL character: it is a binary file, not Markdown text.\n`);
  });

  it('names the line and column of a settings file that is not valid JSON', () => {
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, '{\n  "rules": {\n    "style.hedge": "off",\n  }\n}\n');
    const result = pulse(['lint', clean, '--settings', settings]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^pulse: ${settings}:4:3: The file is not valid JSON: `));
    expect(result.stderr).not.toMatch(/position/);
  });
});
