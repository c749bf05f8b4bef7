import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readConfig, type PulseConfig } from '../config/config.js';
import { AppError } from '../domain/errors.js';
import type { Storage } from '../storage/connect.js';

/** Loads the configuration from the environment: the CLI is the one place besides tests that calls readConfig. */
export function loadConfig(): PulseConfig {
  return readConfig(process.env, process.cwd());
}

/**
 * The process that holds the embedded database's data folder (PostgreSQL's postmaster.pid names it), or undefined
 * when no running process does. Only one PostgreSQL can use a data folder at a time.
 */
export function dataFolderHolder(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n', 1)[0]);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: the process runs, as another user (PostgreSQL runs as `postgres` when Pulse runs as root).
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/** Refuses, saying what to do, when the embedded database's data folder is in use (by `pulse serve`, most likely). */
export function assertDataFolderFree(config: PulseConfig): void {
  if (config.database.kind !== 'embedded') return;
  const pid = dataFolderHolder(config.database.dataDir);
  if (pid === undefined) return;
  throw new AppError(
    'conflict',
    `The data folder ${config.database.dataDir} is in use by a running Pulse (its database, process ${pid}); only one program can open it at a time. Stop \`pulse serve\` first (Ctrl+C), then run this command again, or run it against another folder with PULSE_DATA_DIR.`,
  );
}

/** Opens storage for one command and always closes it (stopping the embedded PostgreSQL), even on failure. */
export async function withStorage<T>(config: PulseConfig, run: (storage: Storage) => Promise<T>): Promise<T> {
  const { connectStorage } = await import('../storage/connect.js');
  assertDataFolderFree(config);
  let storage: Storage;
  try {
    storage = await connectStorage(config.database);
  } catch (error) {
    // Started meanwhile: the same refusal as above, not an internal failure.
    assertDataFolderFree(config);
    throw error;
  }
  try {
    return await run(storage);
  } finally {
    await storage.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
