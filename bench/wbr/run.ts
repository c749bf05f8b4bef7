/**
 * `npm run bench:wbr`: synthetic WBR decks of 100, 1,000 and 10,000 metrics over three years of daily data,
 * built with `node bin/pulse.js wbr build` (whole process, as a user waits for it), against the floor of only
 * parsing the same CSV in a fresh process, run in pairs (floor then build, then build then floor, ...) so that both
 * see the same machine. The ratio reported is the median of the pairs' ratios: this VM's speed drifts by up to 2x from
 * minute to minute, and a pair's two runs are seconds apart. The script compiles and bundles the CLI first.
 * Generated files go to .bench/wbr/ (git-ignored). Sizes can be chosen: `npm run bench:wbr -- 100 1000`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../test/support/seeded-random.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = `${root}.bench/wbr/`;
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const metricCounts = sizes.length > 0 ? sizes : [100, 1000, 10000];
const RUNS = Number(process.env.PULSE_BENCH_RUNS ?? 9);
const FIRST_DAY = Date.UTC(2022, 0, 1);
const DAYS = 1096; // 2022-01-01 .. 2024-12-31
const WEEK_ENDING = '28-DEC-2024';

type Kind = 'sum' | 'mean' | 'bps';
const kindOf = (i: number): Kind => (['sum', 'mean', 'bps'] as const)[i % 3] as Kind;

async function generate(metrics: number): Promise<{ csv: string; config: string }> {
  const csv = `${outDir}wbr-${metrics}.csv`;
  const config = `${outDir}wbr-${metrics}.yaml`;
  if (existsSync(csv) && existsSync(config)) return { csv, config };
  const next = seededRandom(metrics); // the same files on every run
  const out = createWriteStream(csv);
  const write = async (text: string): Promise<void> => { if (!out.write(text)) await once(out, 'drain'); };
  await write(`Date,${Array.from({ length: metrics }, (_, i) => `m${i}`).join(',')}\n`);
  const base = Array.from({ length: metrics }, () => 500 + next() * 5000);
  for (let day = 0; day < DAYS; day++) {
    const date = new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);
    const season = 1 + 0.1 * Math.sin((2 * Math.PI * day) / 365) + day / DAYS / 2;
    const cells = new Array<string>(metrics);
    for (let i = 0; i < metrics; i++) {
      if (next() < 0.002) { cells[i] = ''; continue; }
      const noise = 0.9 + next() * 0.2;
      const kind = kindOf(i);
      cells[i] = kind === 'sum' ? String(Math.round((base[i] as number) * season * noise))
        : kind === 'mean' ? ((base[i] as number) * season * noise / 100).toFixed(2)
          : (0.02 + 0.01 * next()).toFixed(5);
    }
    await write(`${date},${cells.join(',')}\n`);
  }
  out.end();
  await once(out, 'finish');
  const lines = ['setup:', `  week_ending: ${WEEK_ENDING}`, '  week_number: 52', `  title: Synthetic WBR (${metrics} metrics)`, 'metrics:'];
  for (let i = 0; i < metrics; i++) {
    const kind = kindOf(i);
    lines.push(`  m${i}:`, `    column: m${i}`, `    aggf: ${kind === 'sum' ? 'sum' : 'mean'}`);
    if (kind === 'bps') lines.push('    metric_comparison_method: bps');
  }
  lines.push('deck:');
  for (let i = 0; i < metrics; i++) {
    lines.push('  - block:', '      ui_type: 6_12Graph', `      title: Metric m${i}`, '      metrics:', `        m${i}:`, '          graph_prior_year_flag: true');
  }
  writeFileSync(config, `${lines.join('\n')}\n`);
  return { csv, config };
}

interface Measure { seconds: number; cpuSeconds: number; maxRssMb: number }

/**
 * Runs a command under /usr/bin/time and returns its wall time, CPU time (user + system) and peak memory
 * (maximum resident set). On a shared machine the wall time also counts time other processes hold the
 * cores; the CPU time does not, so both are reported.
 */
function measure(args: string[]): Measure {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...args], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stderr}`);
  const lastLine = result.stderr.trim().split('\n').at(-1) ?? '';
  const [seconds, user, system, kilobytes] = lastLine.split(' ').map(Number);
  return { seconds: seconds as number, cpuSeconds: (user as number) + (system as number), maxRssMb: (kilobytes as number) / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

mkdirSync(outDir, { recursive: true });
// The CLI as installed: compiled, then bundled (bin/pulse.js runs the bundle, decision 011).
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
execFileSync('node', ['scripts/bundle-cli.mjs'], { cwd: root, stdio: 'inherit' });
const rows: string[] = [];
const results: unknown[] = [];
for (const metrics of metricCounts) {
  const { csv, config } = await generate(metrics);
  const megabytes = statSync(csv).size / 1e6;
  const builds: Measure[] = [];
  const parses: Measure[] = [];
  const parseRun = (): Measure => measure(['node', 'bench/wbr/parse-only.mjs', csv]);
  const buildRun = (): Measure => measure(['node', 'bin/pulse.js', 'wbr', 'build', config, '--data', csv, '--out', `${outDir}wbr-${metrics}.json`]);
  for (let run = 0; run < RUNS; run++) {
    // Which goes first alternates, so that neither always runs right after the other.
    if (run % 2 === 0) { parses.push(parseRun()); builds.push(buildRun()); } else { builds.push(buildRun()); parses.push(parseRun()); }
  }
  const build = median(builds.map((m) => m.seconds));
  const parse = median(parses.map((m) => m.seconds));
  const pairedRatio = median(builds.map((m, run) => m.seconds / (parses[run] as Measure).seconds));
  const buildCpu = median(builds.map((m) => m.cpuSeconds));
  const parseCpu = median(parses.map((m) => m.cpuSeconds));
  const memory = Math.max(...builds.map((m) => m.maxRssMb));
  const htmlRun = measure(['node', 'bin/pulse.js', 'wbr', 'build', config, '--data', csv, '--out', `${outDir}wbr-${metrics}.html`]);
  results.push({ metrics, csvMb: megabytes, buildSeconds: build, parseSeconds: parse, ratio: pairedRatio, ratioOfMedians: build / parse, buildCpuSeconds: buildCpu, parseCpuSeconds: parseCpu, cpuRatio: buildCpu / parseCpu, peakMb: memory, htmlSeconds: htmlRun.seconds, htmlPeakMb: htmlRun.maxRssMb });
  rows.push(`| ${metrics.toLocaleString('en-US')} × 3 years daily | ${megabytes.toFixed(1)} MB | ${build.toFixed(2)} s (CPU ${buildCpu.toFixed(2)} s) | ${memory.toFixed(0)} MiB | ${parse.toFixed(2)} s (CPU ${parseCpu.toFixed(2)} s) | **${pairedRatio.toFixed(2)}** (of medians ${(build / parse).toFixed(2)}; CPU ${(buildCpu / parseCpu).toFixed(2)}) | ${htmlRun.seconds.toFixed(2)} s / ${htmlRun.maxRssMb.toFixed(0)} MiB |`);
}
writeFileSync(`${outDir}results.json`, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write([
  `Median of ${RUNS} runs each; whole-process wall time (and CPU time) of \`node bin/pulse.js wbr build\` (JSON deck), peak`,
  'resident memory, and the floor: a fresh node process that only streams the CSV through the scanner. build / floor is',
  'the median of the ratios of runs taken in pairs (and, after it, the ratio of the two medians and of the CPU times).',
  `Load average at the end: ${loadavg().map((load) => load.toFixed(1)).join(', ')}.`,
  '',
  '| input | CSV size | build (JSON) | peak memory | CSV-parse floor | build / floor | build (HTML): time / memory |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows,
  '',
].join('\n'));
