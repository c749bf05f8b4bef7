// Bundles the compiled CLI (dist/cli/main.js) into dist/bundle/, which bin/pulse.js runs. Every command pays
// for loading its modules before it starts; one bundle instead of a few dozen ES modules saves each run about
// 20 ms (measured in docs/benchmarks.md, decision 011). npm packages stay external, except commander, which every
// command loads: bundled, it is neither looked up in node_modules nor scanned by Node for its named exports.
// Modules that commands import lazily (the server, the database, the engines) become chunks that load only when
// a command needs them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const outdir = `${root}dist/bundle`;
const BUNDLED_PACKAGES = new Set(['commander']);

/** Keeps npm packages external, except the bundled ones (and the files inside them). */
const externalPackages = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      const isBuiltin = args.path.startsWith('node:');
      const packageName = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      if (!isBuiltin && BUNDLED_PACKAGES.has(packageName)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * commander requires node:child_process at load time, for executable subcommands, which Pulse does not use; that
 * module pulls in net, dgram and more (several ms of every run). Inside commander it is replaced by a stand-in
 * that requires the real module on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(builder) {
    builder.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (args.importer.includes('/node_modules/commander/')
      ? { path: 'lazy-child-process', namespace: 'pulse-lazy' }
      : undefined));
    builder.onLoad({ filter: /.*/, namespace: 'pulse-lazy' }, () => ({
      loader: 'js',
      contents: "let real;\nmodule.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });\n",
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${root}dist/cli/main.js`],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [lazyChildProcess, externalPackages], // in this order: the first plugin that resolves a path wins
  // A bundled CommonJS package calls require() for Node's own modules (all that commander requires); an ES module
  // has no require of its own, and createRequire would load node:module for it.
  banner: { js: 'const require = (id) => process.getBuiltinModule(id);' },
  logLevel: 'warning',
});
