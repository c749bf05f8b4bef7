// The process entry of the `pulse` CLI. Long-running commands (serve) keep the process alive themselves;
// every other command ends here with its exit code. The exit is explicit because the embedded PostgreSQL
// package installs an exit hook that would otherwise end the process with 0 whatever happened.
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2));
process.exit(code);
