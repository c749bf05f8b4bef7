// The process entry of the `pulse` CLI. Long-running commands (serve) keep the process alive themselves;
// every other command ends here with its exit code (explicitly, so that no open handle keeps it alive).
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2));
process.exit(code);
