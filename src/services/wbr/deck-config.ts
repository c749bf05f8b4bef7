import { parseWbrConfig, type WbrConfig } from '../../domain/wbr/wbr-deck.js';

// A deck's stored config, read by the engine. Its own module because both the deck service and the anomaly service
// read it, and the deck service already depends on the anomaly service.

/** The name a deck's config goes by in errors (its key paths and lines are in this file). */
const CONFIG_FILE_NAME = 'config.yaml';

/** Reads a deck's config with the engine; its errors name the key path and line in `config.yaml`. */
export function readDeckConfig(configText: string): WbrConfig {
  return parseWbrConfig(configText, { fileName: CONFIG_FILE_NAME });
}

/** The metrics of a stored config; null when the engine, grown stricter since it was saved, no longer reads it. */
export function storedConfigMetrics(configText: string): WbrConfig['metrics'] | null {
  try {
    return readDeckConfig(configText).metrics;
  } catch {
    return null;
  }
}
