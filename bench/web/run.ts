/**
 * `npm run bench:web`: what the web app's first load downloads. It builds the app (the project's Vite config, with a
 * manifest) into a temporary folder and reads the sizes off the build, so the figures are exact and repeat for a
 * given source tree: no server, no browser, no timing.
 *
 * - the entry chunk (`index-*.js`, what every visit runs first), raw and gzipped;
 * - the JavaScript a first visit downloads, for the sign-in page and for an org's Home: the entry, the chunks it
 *   imports statically (preloaded by index.html) and the page's own chunks with everything they import statically
 *   (which Vite's loader fetches with it). Chunks imported only with `import()` from there (Mermaid) are not counted;
 * - the largest chunks of the build, so a dependency that slips into a shared chunk shows up.
 *
 * test/e2e/page-loading.e2e.test.ts counts the same visits in Chromium (every script response) and keeps them in budget.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/**
 * The first visits measured, by the modules of the pages each one fetches (keys of Vite's manifest, relative to web/):
 * the sign-in page fetches the sign-up page's code with its own (app.tsx, preloadPageOf), as each links to the other.
 */
const VISITS: Array<[label: string, pageModules: string[]]> = [
  ['sign-in page', ['src/pages/sign-in-page.tsx', 'src/pages/sign-up-page.tsx']],
  ['org Home', ['src/pages/home/home-page.tsx']],
];

const configFile = fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url));
const outDir = mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-web-'));

function sizes(file: string): { bytes: number; gzipBytes: number } {
  const content = readFileSync(path.join(outDir, file));
  return { bytes: content.length, gzipBytes: gzipSync(content).length };
}

/** A chunk and every chunk it imports statically, each once. */
function staticClosure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the build's manifest: was the page moved or renamed?`);
  if (into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const imported of chunk.imports ?? []) staticClosure(manifest, imported, into);
  return into;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

try {
  await build({ configFile, logLevel: 'error', build: { outDir, emptyOutDir: true, manifest: true, sourcemap: false } });
  const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entryKey) throw new Error('The build has no entry chunk.');
  const entry = manifest[entryKey]!;
  const entrySizes = sizes(entry.file);
  console.log(`entry chunk ${path.basename(entry.file)}: ${kB(entrySizes.bytes)} (${kB(entrySizes.gzipBytes)} gzipped)`);

  console.log('\nfirst visit         scripts  JavaScript  gzipped');
  for (const [label, pageModules] of VISITS) {
    const files = staticClosure(manifest, entryKey);
    for (const pageModule of pageModules) staticClosure(manifest, pageModule, files);
    const total = [...files].map(sizes).reduce((sum, size) => ({ bytes: sum.bytes + size.bytes, gzipBytes: sum.gzipBytes + size.gzipBytes }), { bytes: 0, gzipBytes: 0 });
    console.log(`${label.padEnd(18)}  ${String(files.size).padStart(7)}  ${kB(total.bytes).padStart(10)}  ${kB(total.gzipBytes).padStart(7)}`);
  }

  const chunks = readdirSync(path.join(outDir, 'assets')).filter((file) => file.endsWith('.js'));
  const largest = chunks.map((file) => ({ file, ...sizes(path.join('assets', file)) })).sort((a, b) => b.bytes - a.bytes);
  console.log(`\n${chunks.length} chunks in all (${kB(largest.reduce((sum, chunk) => sum + chunk.bytes, 0))}); the largest:`);
  for (const chunk of largest.slice(0, 8)) console.log(`  ${kB(chunk.bytes).padStart(9)}  ${kB(chunk.gzipBytes).padStart(8)} gzipped  ${chunk.file}`);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
