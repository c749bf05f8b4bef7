#!/usr/bin/env node
// The installed entry point. `npm install` builds the CLI (the `prepare` script): TypeScript into dist/, then
// one bundle in dist/bundle/ (decision 011), so the CLI starts without a compiler in the loop and without
// loading dozens of modules.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bundle/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('pulse: the build is missing (dist/bundle/). Run `npm install` or `npm run build` in the Pulse folder.\n');
  process.exit(2);
}
await import(entry.href);
