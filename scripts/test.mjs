#!/usr/bin/env node
// `npm test`: every tier in one vitest run. Before the run, it checks the two things tests need from
// outside the repo — the PostgreSQL server and Chromium — and says loudly when a leg cannot run.
// In CI (CI=true) a missing leg is a failure, never a skip.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

const isCi = process.env.CI === 'true' || process.env.CI === '1';
const serverUrl = process.env.PULSE_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const chromiumPath = process.env.PULSE_CHROMIUM ?? '/usr/bin/chromium';

function canReach(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(2000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

const projects = ['unit', 'embedded'];
const skipped = [];
if (await canReach(serverUrl)) projects.push('server');
else skipped.push(`server leg: no PostgreSQL server answers at ${new URL(serverUrl).host}`);
if (existsSync(chromiumPath)) projects.push('browser');
else skipped.push(`browser leg: no Chromium at ${chromiumPath} (apt-get install chromium)`);

if (skipped.length > 0) {
  const banner = skipped.map((line) => `!!! SKIPPED ${line}`).join('\n');
  process.stderr.write(`\n${banner}\n\n`);
  if (isCi) {
    process.stderr.write('CI must run every leg: failing.\n');
    process.exit(1);
  }
}

// Always test what a user would run: the compiled CLI and the built web app (PULSE_SKIP_BUILD=1 skips it in a dev loop).
if (process.env.PULSE_SKIP_BUILD !== "1") {
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Static checks first: strict types everywhere (src, tests, web, benches) and the lint rules that keep
// the domain core pure. A type error fails the run like a failing test.
for (const [label, command] of [['typecheck', ['tsc', '-p', 'tsconfig.json', '--noEmit']], ['lint', ['eslint', '.']]]) {
  process.stdout.write(`\n> ${label}\n`);
  const check = spawnSync('npx', command, { stdio: 'inherit' });
  if (check.status !== 0) {
    process.stderr.write(`${label} failed.\n`);
    process.exit(check.status ?? 1);
  }
}

const args = ['vitest', 'run', ...projects.flatMap((name) => ['--project', name]), ...process.argv.slice(2)];
const result = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, PULSE_TEST_SERVER_URL: serverUrl, PULSE_CHROMIUM: chromiumPath } });
if (skipped.length > 0) process.stderr.write(`\n!!! ${skipped.length} leg(s) skipped — see above.\n`);
process.exit(result.status ?? 1);
