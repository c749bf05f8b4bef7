#!/usr/bin/env node
// The installed entry point. `npm install` builds TypeScript into dist/ (the `prepare` script), so the
// CLI starts without a compiler in the loop.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('pulse: the build is missing (dist/). Run `npm install` or `npm run build` in the Pulse folder.\n');
  process.exit(2);
}
await import(entry.href);
