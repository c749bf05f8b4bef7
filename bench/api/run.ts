/**
 * `npm run bench:api`: throughput and p99 latency of an authenticated GET of the principles, against a
 * hello-world route of the same server, in the same run, on the PostgreSQL server at 127.0.0.1:5432.
 * The server runs from the compiled build in its own process; autocannon drives it from this one.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort } from '../../src/storage/embedded-postgres.js';
import { createBenchDatabase } from '../support/bench-database.js';

const CONNECTIONS = Number(process.env.PULSE_BENCH_CONNECTIONS ?? 64);
const SECONDS = Number(process.env.PULSE_BENCH_SECONDS ?? 10);
const BIN = fileURLToPath(new URL('../../bin/pulse.js', import.meta.url));

function load(url: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const database = await createBenchDatabase('pulse_bench');
const port = await freePort();
const server = spawn(process.execPath, [BIN, 'serve'], {
  env: { ...process.env, DATABASE_URL: database.url, PULSE_PORT: String(port), PULSE_LOG_LEVEL: 'error' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  await new Promise<void>((resolve, reject) => {
    server.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('Open') && resolve());
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  const signup = await fetch(`${base}/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.test', name: 'Bench', password: 'benchmark-password', orgName: 'Bench' }),
  });
  const cookie = signup.headers.get('set-cookie')!.split(';')[0]!;
  const orgId = ((await signup.json()) as { memberships: Array<{ org: { id: string } }> }).memberships[0]!.org.id;

  // Warm both paths (JIT, connection pool) before measuring.
  await load(`${base}/health`, {});
  const hello = await load(`${base}/health`, {});
  await load(`${base}/orgs/${orgId}/principles`, { cookie });
  const principles = await load(`${base}/orgs/${orgId}/principles`, { cookie });
  if (principles.non2xx > 0 || hello.non2xx > 0) throw new Error(`non-2xx answers: ${principles.non2xx} / ${hello.non2xx}`);

  const ratio = principles.requests.average / hello.requests.average;
  const rows = [
    ['route', 'req/s (mean)', 'p50 ms', 'p99 ms'],
    ['GET /health (hello world)', hello.requests.average.toFixed(0), String(hello.latency.p50), String(hello.latency.p99)],
    ['GET /orgs/{id}/principles (session cookie)', principles.requests.average.toFixed(0), String(principles.latency.p50), String(principles.latency.p99)],
  ];
  console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each, PostgreSQL server\n`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`\nprinciples / hello-world throughput: ${(ratio * 100).toFixed(1)}% (goal ≥ 40%); principles p99: ${principles.latency.p99} ms (goal < 50 ms)`);
  if (ratio < 0.4 || principles.latency.p99 >= 50) process.exitCode = 1;
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await database.drop();
}
