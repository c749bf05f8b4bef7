#!/usr/bin/env node
// `npm test`: every tier, in two vitest processes at once (see runLane). Before the run, it checks the two things tests need from
// outside the repo — the PostgreSQL server and Chromium — and says loudly when a leg cannot run.
// In CI (CI=true) a missing leg is a failure, never a skip.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

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

const vitestEnv = { ...process.env, PULSE_TEST_SERVER_URL: serverUrl, PULSE_CHROMIUM: chromiumPath };
const extraArgs = process.argv.slice(2);
const otherProjects = projects.filter((name) => name !== 'browser');

// Vitest runs a project whose files go one at a time (the browser tier) only after every other project has finished,
// so in one run the browser tier's twenty-odd minutes come on top of the rest. The whole suite therefore runs as two
// vitest processes at once: the unit and database tiers in one, the browser tier in the other. A run with arguments
// (a file, a filter) stays one process, as a developer expects.
if (projects.includes('browser') && otherProjects.length > 0 && extraArgs.length === 0) {
  const lanes = await Promise.all([runLane('main', otherProjects, ''), runLane('browser', ['browser'], 'browser | ')]);
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const lane of lanes) {
    // A lane can fail with every test passed (an error outside a test, a teardown that threw): say which one did.
    if (lane.counts === null) process.stderr.write(`\nThe ${lane.name} lane ended (exit ${lane.status}) without counting its tests.\n`);
    else if (lane.status !== 0) process.stderr.write(`\nThe ${lane.name} lane failed (exit ${lane.status}): see its output above.\n`);
    if (lane.counts !== null) for (const key of Object.keys(total)) total[key] += lane.counts[key];
  }
  if (skipped.length > 0) process.stderr.write(`\n!!! ${skipped.length} leg(s) skipped — see above.\n`);
  process.stdout.write(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
  process.exit(lanes.every((lane) => lane.status === 0 && lane.counts !== null) ? 0 : 1);
}

const args = ['vitest', 'run', ...projects.flatMap((name) => ['--project', name]), ...extraArgs];
const result = spawnSync('npx', args, { stdio: 'inherit', env: vitestEnv });
if (skipped.length > 0) process.stderr.write(`\n!!! ${skipped.length} leg(s) skipped — see above.\n`);
process.exit(result.status ?? 1);

/**
 * One vitest process over `laneProjects`. Its closing-line reporter writes the lane's counts to a file (the parent
 * prints one closing line for the whole run). A lane with a prefix has its output passed on line by line behind it,
 * so the two lanes' lines can be told apart in one log.
 */
function runLane(name, laneProjects, prefix) {
  const countsFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'pulse-test-lane-')), 'counts.json');
  const env = { ...vitestEnv, PULSE_TEST_LANE: name, PULSE_TEST_COUNTS_FILE: countsFile, ...(process.stdout.isTTY && prefix !== '' ? { FORCE_COLOR: '1' } : {}) };
  const child = spawn('npx', ['vitest', 'run', ...laneProjects.flatMap((project) => ['--project', project])], { env, stdio: prefix === '' ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  if (prefix !== '') {
    for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
      readline.createInterface({ input: from }).on('line', (line) => to.write(`${prefix}${line}\n`));
    }
  }
  return new Promise((resolve) => {
    child.on('close', (status) => {
      let counts = null;
      try {
        counts = JSON.parse(readFileSync(countsFile, 'utf8'));
      } catch {
        // No counts: the lane stopped before its reporter ran (reported by the caller).
      }
      rmSync(path.dirname(countsFile), { recursive: true, force: true });
      resolve({ name, status: status ?? 1, counts });
    });
  });
}
