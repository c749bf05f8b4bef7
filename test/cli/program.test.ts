import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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
});
