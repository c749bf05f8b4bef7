// The CSV-parse floor: a fresh node process that streams the data file through the WBR CSV scanner, keeping
// every column as numbers, and does nothing else. Run on the compiled engine (dist/).
import { createReadStream, statSync } from 'node:fs';

const [, , csvPath] = process.argv;
const { CsvScanner } = await import(new URL('../../dist/domain/wbr/csv-scanner.js', import.meta.url).href);
const scanner = new CsvScanner({
  fileName: csvPath,
  selectColumns: (header) => ({ numeric: header.filter((name) => name !== 'Date'), text: [] }),
  expectedBytes: statSync(csvPath).size,
});
for await (const chunk of createReadStream(csvPath, { highWaterMark: 1024 * 1024 })) scanner.push(chunk);
const table = scanner.end();
process.stdout.write(`${table.rowCount} rows, ${table.numeric.size} columns\n`);
