// The process entry of the `pulse` CLI: run the program and end with its exit code. Long-running
// commands (serve) keep the process alive themselves.
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
