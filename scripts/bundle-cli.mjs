// Bundles the compiled CLI (dist/cli/main.js) into dist/bundle/, which bin/pulse.js runs. Every command pays
// for loading its modules before it starts; one bundle instead of a few dozen ES modules saves each run about
// 20 ms (measured in docs/benchmarks.md, decision 011). npm packages stay external, and modules that commands
// import lazily (the server, the database, the engines) become chunks that load only when a command needs them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${root}dist/cli/main.js`],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
