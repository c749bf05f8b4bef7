import { readFileSync } from 'node:fs';

/**
 * The Pulse folder (where package.json is), as a file URL ending in `/`. This module sits two folders below
 * it in src/cli, dist/cli and the bundle's dist/bundle alike, so paths built from here hold in all three
 * (a path relative to a command's own module would not, once the bundle has moved that code).
 */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);

/** The version of this Pulse, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string }).version;
}
