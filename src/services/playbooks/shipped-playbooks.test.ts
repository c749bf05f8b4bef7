import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../domain/errors.js';
import { MECHANISM_KEYS } from '../../domain/playbooks/playbook-catalog.js';
import type { PlaybookLibrary } from '../../domain/playbooks/playbook.js';
import { SHIPPED_PLAYBOOKS_DIR } from '../../server/serve.js';
import { loadPlaybookLibrary } from './playbook-files.js';

/** Loads a folder; a refusal fails the test with the file and line first, as a writer needs it. */
function load(directory: string, label?: string): PlaybookLibrary {
  try {
    return loadPlaybookLibrary(directory, label);
  } catch (error) {
    if (isAppError(error)) throw new Error(`${error.location ?? ''}: ${error.message}`, { cause: error });
    throw error;
  }
}

const scratch: string[] = [];
afterAll(() => scratch.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

/** A copy of the shipped playbooks with one file changed. */
function brokenCopy(file: string, change: (text: string) => string): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'pulse-playbooks-'));
  scratch.push(directory);
  cpSync(SHIPPED_PLAYBOOKS_DIR, directory, { recursive: true });
  writeFileSync(path.join(directory, file), change(readFileSync(path.join(directory, file), 'utf8')));
  return directory;
}

describe('the playbooks Pulse ships', () => {
  const library = load(SHIPPED_PLAYBOOKS_DIR);

  it('load and check: front matter, related slugs, diagrams', () => {
    expect(library.playbooks.length).toBeGreaterThanOrEqual(7);
  });

  it('cover every mechanism, one playbook each', () => {
    expect(library.playbooks.map((playbook) => playbook.mechanism)).toEqual(MECHANISM_KEYS);
  });

  it.each(load(SHIPPED_PLAYBOOKS_DIR).playbooks.map((playbook) => [playbook.file, playbook] as const))('%s: 500-1,200 words, a flowchart, related playbooks and a worked example', (_file, playbook) => {
    expect(playbook.wordCount).toBeGreaterThanOrEqual(500);
    expect(playbook.wordCount).toBeLessThanOrEqual(1200);
    expect(playbook.diagrams.length).toBeGreaterThanOrEqual(1);
    expect(playbook.related.length).toBeGreaterThanOrEqual(1);
    expect(playbook.body).toMatch(/^## A worked example$/m);
    expect(playbook.body).toMatch(/^## Pitfalls$/m);
  });

  it('refuse to load when a front matter is broken, naming the file and line', () => {
    const directory = brokenCopy('bar-raiser-hiring.md', (text) => text.replace('mechanism: bar-raiser', 'mechanism bar-raiser'));
    expect(() => load(directory, 'content/playbooks')).toThrow(/^content\/playbooks\/bar-raiser-hiring\.md:4: Front matter:/);
  });

  it('refuse to load when a related slug is unknown, naming the file and line', () => {
    const directory = brokenCopy('writing-a-prfaq.md', (text) => text.replace('related: [six-page-memo,', 'related: [six-page-memos,'));
    expect(() => load(directory, 'content/playbooks')).toThrow(/^content\/playbooks\/writing-a-prfaq\.md:6: Front matter: related "six-page-memos" is not the slug of any playbook/);
  });

  it('refuse a .md entry that cannot be read as a file, naming it, as a broken playbook and not an unexpected failure', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'pulse-playbooks-'));
    scratch.push(directory);
    cpSync(SHIPPED_PLAYBOOKS_DIR, directory, { recursive: true });
    mkdirSync(path.join(directory, 'drafts.md'));
    expect(() => load(directory, 'content/playbooks')).toThrow(/^content\/playbooks\/drafts\.md: /);
  });

  it('refuse a missing folder, saying where they looked and why', () => {
    const missing = path.join(tmpdir(), 'pulse-playbooks-nowhere');
    expect(() => load(missing, 'content/playbooks')).toThrow(`The playbook folder content/playbooks cannot be read at ${missing}: there is no such folder.`);
  });

  it('refuse an empty folder', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'pulse-playbooks-'));
    scratch.push(directory);
    expect(() => load(directory, 'content/playbooks')).toThrow(/has no \.md files/);
  });
});
