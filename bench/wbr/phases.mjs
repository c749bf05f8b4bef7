// Where a `pulse wbr build` spends its time, phase by phase, in one fresh process (as the CLI runs it, cold):
// loading the engine, reading the config, scanning the CSV, computing and writing the deck JSON, and the garbage
// collection inside each phase. Runs the compiled engine (dist/): `npx tsc -p tsconfig.build.json` first.
//   node bench/wbr/phases.mjs CONFIG.yaml DATA.csv [OUT.json]
import { closeSync, createReadStream, openSync, readFileSync, statSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

const [, , configPath, csvPath, outPath = '/dev/null'] = process.argv;
if (configPath === undefined || csvPath === undefined) {
  process.stderr.write('usage: node bench/wbr/phases.mjs CONFIG.yaml DATA.csv [OUT.json]\n');
  process.exit(2);
}
const collections = [];
const observer = new PerformanceObserver((list) => { collections.push(...list.getEntries()); });
observer.observe({ entryTypes: ['gc'] });

const phases = [];
const started = performance.now();
let mark = started;
const phase = (name) => {
  const now = performance.now();
  phases.push({ name, from: mark, to: now });
  mark = now;
};

const engine = await import(new URL('../../dist/domain/wbr/wbr-deck.js', import.meta.url).href);
phase('load engine');
const config = engine.parseWbrConfig(readFileSync(configPath, 'utf8'), { fileName: configPath });
phase('read config');
const scanner = engine.createDataScanner(config, csvPath, statSync(csvPath).size);
for await (const chunk of createReadStream(csvPath, { highWaterMark: 1024 * 1024 })) scanner.push(chunk);
const data = scanner.end();
phase('scan CSV');
const file = openSync(outPath, 'w');
// The CLI's own writer (src/cli/buffered-file-writer.ts), as \`pulse wbr build\` writes.
const { bufferedFileWriter } = await import(new URL('../../dist/cli/buffered-file-writer.js', import.meta.url).href);
const writer = bufferedFileWriter(file);
engine.writeWbrDeckJson({ config, data, withSignals: true }, writer.write);
writer.flush();
closeSync(file);
phase('compute + write JSON');
// GC entries arrive asynchronously: let the observer catch up, then charge each collection to the phase it began in.
await new Promise((resolve) => setTimeout(resolve, 20));
const row = (name, ms, gc) => `${name.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms   (GC ${gc.toFixed(0)} ms)\n`;
process.stdout.write(`node start-up (before this script): ${started.toFixed(0)} ms\n`);
for (const p of phases) {
  const gc = collections.filter((c) => c.startTime >= p.from && c.startTime < p.to).reduce((sum, c) => sum + c.duration, 0);
  process.stdout.write(row(p.name, p.to - p.from, gc));
}
process.stdout.write(row('total', mark - started, collections.reduce((sum, c) => sum + c.duration, 0)));
