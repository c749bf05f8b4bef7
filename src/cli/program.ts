import { Command, CommanderError } from './commander.js';
import { packageVersion } from './package-root.js';
import { isAppError } from '../domain/errors.js';
import { EXIT_INTERNAL, EXIT_USAGE, exitCodeFor } from './exit-codes.js';
import { registerCommands } from './commands/index.js';

/**
 * Builds the `pulse` program. Each command module registers itself and imports its heavy
 * dependencies (server, database, engines) lazily inside its action, so `pulse wbr build` does not
 * pay for loading the HTTP server.
 */
export function buildProgram(): Command {
  const program = new Command('pulse')
    .description('Pulse: the Working Backwards operating system.')
    .version(packageVersion(), '-V, --version', 'print the version of Pulse')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  program.addHelpText('after', helpEpilogue());
  return program;
}

/** `pulse --help`'s closing part: the exit codes and the environment variables the commands read, for scripts. */
export function helpEpilogue(): string {
  return `
Exit codes:
  0  success
  1  bad input, a refused action or a situation to fix first (the message says which file and line, option or field)
  2  wrong usage: an unknown command or option, a missing argument
  3  an internal failure of Pulse (a bug: please report it)

Environment:
  PULSE_URL, PULSE_TOKEN  a running Pulse and an API token of it, for people and principles (instead of --url, --token)
  DATABASE_URL            the PostgreSQL server to use; unset: the embedded database in PULSE_DATA_DIR
  PULSE_DATA_DIR          the embedded database's folder (default .pulse/data)
  PULSE_EMBEDDED_PORT     the embedded database's port (default: a free port)
  PULSE_HOST, PULSE_PORT  where pulse serve listens (default 127.0.0.1 and 3000; --port overrides)
  PULSE_PUBLIC_URL        the address people open Pulse at (default http://localhost:PORT)
  PULSE_LOG_LEVEL         silent, error, info (default) or debug
serve reads more settings (limits, sign-in, caching): see Configuration in the README.
`;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (isAppError(error)) {
      const where = error.location ?? error.details.field;
      process.stderr.write(`pulse: ${where ? `${where}: ` : ''}${error.message}\n`);
      return exitCodeFor[error.code];
    }
    process.stderr.write(`pulse: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_INTERNAL;
  }
}
