import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { CONFIG_VARIABLES } from '../../src/config/config.js';
import { buildProgram } from '../../src/cli/program.js';

/** The built CLI (`npm test` builds first), run as a user runs it. */
const bin = fileURLToPath(new URL('../../bin/pulse.js', import.meta.url));
const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

function pulse(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('pulse', { timeout: 30_000 }, () => {
  it('prints its version with --version and -V', () => {
    for (const flag of ['--version', '-V']) {
      const result = pulse(flag);
      expect(result.status).toBe(0);
      expect(result.stdout.trim()).toBe(packageJson.version);
    }
  });

  it('lists its commands with --help and exits 2 on an unknown command', () => {
    const help = pulse('--help');
    expect(help.status).toBe(0);
    for (const command of ['serve', 'demo', 'lint', 'people', 'principles', 'wbr']) expect(help.stdout).toContain(command);
    const unknown = pulse('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('ends --help with the exit codes and the environment variables the commands read', () => {
    const help = pulse('--help');
    expect(help.status).toBe(0);
    const epilogue = help.stdout.slice(help.stdout.indexOf('Exit codes:'));
    expect(epilogue).toMatch(/^ {2}0 {2}success$/m);
    expect(epilogue).toMatch(/^ {2}1 {2}bad input/m);
    expect(epilogue).toMatch(/^ {2}2 {2}wrong usage/m);
    expect(epilogue).toMatch(/^ {2}3 {2}an internal failure/m);
    const environment = epilogue.slice(epilogue.indexOf('Environment:'));
    for (const name of ['PULSE_URL', 'PULSE_TOKEN', 'DATABASE_URL', 'PULSE_DATA_DIR', 'PULSE_EMBEDDED_PORT', 'PULSE_HOST', 'PULSE_PORT', 'PULSE_PUBLIC_URL', 'PULSE_LOG_LEVEL']) {
      expect(environment).toContain(name);
    }
    // Only variables Pulse reads (a renamed one would leave the help naming a variable nothing reads).
    const known = new Set<string>(CONFIG_VARIABLES.map((variable) => variable.name));
    for (const name of environment.match(/\b(?:PULSE|DATABASE)_[A-Z0-9_]+/g) ?? []) expect(known, name).toContain(name);
  });
});

describe('the README\'s command table', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Command line'), readme.indexOf('## Configuration'));
  const rows = section.split('\n').filter((line) => line.startsWith('| `pulse '));

  it('names every option of every command in the command\'s row, as --help does', () => {
    const leaves: Array<{ path: string; options: string[] }> = [];
    const walk = (command: Command, path: string): void => {
      for (const sub of command.commands) {
        const subPath = `${path} ${sub.name()}`;
        if (sub.commands.length === 0) leaves.push({ path: subPath, options: sub.options.map((option) => option.long ?? '').filter((long) => long !== '') });
        walk(sub, subPath);
      }
    };
    walk(buildProgram(), 'pulse');
    expect(leaves.map((leaf) => leaf.path)).toContain('pulse orgs import');
    for (const leaf of leaves) {
      const row = rows.find((line) => line.split(' | ')[0]!.includes(`\`${leaf.path}`));
      expect(row, `a README row for ${leaf.path}`).toBeDefined();
      for (const option of leaf.options) expect(row, `${leaf.path} ${option}`).toContain(option);
    }
  });
});
