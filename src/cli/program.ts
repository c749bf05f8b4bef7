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
  return program;
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
