import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { CsvScanner } from '../../domain/wbr/csv-scanner.js';
import type { CsvTable } from '../../domain/wbr/csv-scanner.js';

/**
 * `pulse wbr build` on the second core: scans the data CSV, keeping every column as numbers, while the main
 * thread reads the deck config (for a large deck the two take similar time). The config decides afterwards which
 * columns are used, so a cell that is not a number only marks its column here (the main thread then re-scans the
 * normal way and reports it); any other problem is reported the same way, by re-scanning.
 */

export interface DataWorkerInput {
  path: string;
  size: number;
  chunkBytes: number;
}

/** Messages to the main thread: bytes read so far, the finished table, or "scan it yourself". */
export type DataWorkerMessage =
  | { kind: 'progress'; bytes: number }
  | { kind: 'table'; table: CsvTable }
  | { kind: 'failed' };

const input = workerData as DataWorkerInput;
const port = parentPort;

async function scan(): Promise<void> {
  if (port === null) return;
  try {
    const scanner = new CsvScanner({
      fileName: input.path,
      selectColumns: (header) => ({ numeric: header.filter((name) => name !== 'Date'), text: [] }),
      expectedBytes: input.size,
      deferNumericErrors: true,
    });
    for await (const chunk of createReadStream(input.path, { highWaterMark: input.chunkBytes })) {
      scanner.push(chunk as Buffer);
      port.postMessage({ kind: 'progress', bytes: (chunk as Buffer).length } satisfies DataWorkerMessage);
    }
    const table = scanner.end();
    // Hand the columns over without copying them.
    const buffers = new Set<ArrayBuffer>([table.dates.buffer as ArrayBuffer, table.lines.buffer as ArrayBuffer]);
    for (const column of table.numeric.values()) buffers.add(column.buffer as ArrayBuffer);
    port.postMessage({ kind: 'table', table } satisfies DataWorkerMessage, [...buffers]);
  } catch {
    port.postMessage({ kind: 'failed' } satisfies DataWorkerMessage);
  }
}

await scan();
