import { readConfig, type PulseConfig } from '../config/config.js';
import type { Storage } from '../storage/connect.js';

/** Loads the configuration from the environment: the CLI is the one place besides tests that calls readConfig. */
export function loadConfig(): PulseConfig {
  return readConfig(process.env, process.cwd());
}

/** Opens storage for one command and always closes it (stopping the embedded PostgreSQL), even on failure. */
export async function withStorage<T>(config: PulseConfig, run: (storage: Storage) => Promise<T>): Promise<T> {
  const { connectStorage } = await import('../storage/connect.js');
  const storage = await connectStorage(config.database);
  try {
    return await run(storage);
  } finally {
    await storage.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
