// `pulse lint` as a user runs it: the compiled CLI (`npm test` builds it first).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR } from './corpus-evaluation.js';

const BIN = fileURLToPath(new URL('../../bin/pulse.js', import.meta.url));

function runPulse(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pulse-lint-'));
});

describe('pulse lint', () => {
  it('prints findings like a compiler and exits 1 when there are errors', async () => {
    const file = join(CORPUS_DIR, 'memo-bullets.md');
    const result = await runPulse(['lint', file]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(`${file}:11:1 error memo.no-lists [The plan] A bulleted list (3 items) in the memo body: write it as prose that connects the points, or move it to an appendix.`);
    expect(lines.at(-1)).toMatch(/: 1 error, 0 warnings \(memo, body \d+ words\)$/);
  });

  it('exits 0 on a clean document and guesses a PR/FAQ from its headings', async () => {
    const result = await runPulse(['lint', join(CORPUS_DIR, 'prfaq-good-garden.md')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/: 0 errors, 0 warnings \(PR\/FAQ, press release \d+ words\)/);
  });

  it('exits 0 when there are only warnings', async () => {
    const result = await runPulse(['lint', join(CORPUS_DIR, 'memo-weasel.md')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('warning style.weasel');
  });

  it('writes JSON with positions, anchors and suppressed findings', async () => {
    const file = join(dir, 'suppressed.md');
    writeFileSync(file, '# Memo\n\nIt might rain.\n\n<!-- lint-ignore style.hedge: the forecast is the point -->\nIt might snow.\n');
    const result = await runPulse(['lint', file, '--format', 'json', '--kind', 'memo']);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body).toMatchObject({ kind: 'memo', errorCount: 0, warningCount: 1 });
    // The section twice: its stable key for tools, its heading as written for people.
    expect(body.findings[0]).toMatchObject({ ruleId: 'style.hedge', line: 3, column: 4, severity: 'warning', why: expect.any(String), anchor: expect.any(String), sectionKey: 'memo-body-memo', sectionTitle: 'Memo' });
    expect(body.suppressed).toEqual([expect.objectContaining({ ruleId: 'style.hedge', reason: 'the forecast is the point' })]);
  });

  it('refuses to silence a hard check of a memo, naming the comment\'s line', async () => {
    const file = join(dir, 'hard.md');
    writeFileSync(file, '# Memo\n\n<!-- lint-ignore memo.no-lists: a checklist the reader signs -->\n- sign here\n- date here\n');
    const result = await runPulse(['lint', file, '--kind', 'memo']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`pulse: ${file}:3: lint-ignore cannot silence memo.no-lists: it is a hard check of a memo; rewrite the text instead.\n`);
  });

  it('reads the org settings from a JSON file', async () => {
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, JSON.stringify({ rules: { 'style.hedge': 'off' }, memoMaxPages: 4 }));
    const file = join(dir, 'hedged.md');
    writeFileSync(file, '# Memo\n\nIt might rain.\n');
    const result = await runPulse(['lint', file, '--kind', 'memo', '--settings', settings]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('style.hedge');
    // Like the app's, the settings may not loosen a hard check of a memo.
    writeFileSync(settings, JSON.stringify({ rules: { 'memo.no-lists': 'warning' } }));
    const loosened = await runPulse(['lint', join(CORPUS_DIR, 'memo-bullets.md'), '--settings', settings]);
    expect(loosened.code).toBe(1);
    expect(loosened.stderr).toMatch(new RegExp(`^pulse: ${settings}: memo\\.no-lists is a hard check of a memo`));
  });

  it('names a wrong setting by its key path', async () => {
    const settings = join(dir, 'bad-settings.json');
    writeFileSync(settings, JSON.stringify({ maxSentenceWords: { body: 20 } }));
    const result = await runPulse(['lint', join(CORPUS_DIR, 'memo-bullets.md'), '--settings', settings]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('settings.maxSentenceWords.body is not a zone');
  });

  it('says clearly that a file is missing, and exits 1', async () => {
    const result = await runPulse(['lint', join(dir, 'nope.md')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`pulse: ${join(dir, 'nope.md')}: No such file.\n`);
  });

  it('exits 2 on wrong usage', async () => {
    expect((await runPulse(['lint'])).code).toBe(2);
    expect((await runPulse(['lint', 'x.md', '--kind', 'essay'])).code).toBe(2);
    expect((await runPulse(['lint', 'x.md', '--format', 'xml'])).code).toBe(2);
  });
});
