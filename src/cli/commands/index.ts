import type { Command } from 'commander';
import { registerFoundationCommands } from './foundation.js';
import { registerLintCommands } from './lint.js';
import { registerOrgsCommands } from './orgs.js';
import { registerPeopleCommands } from './people.js';
import { registerPrinciplesCommands } from './principles.js';
import { registerWbrCommands } from './wbr.js';

/** Every command group of the CLI, each in its own module. */
export function registerCommands(program: Command): void {
  registerFoundationCommands(program);
  registerLintCommands(program);
  registerOrgsCommands(program);
  registerPeopleCommands(program);
  registerPrinciplesCommands(program);
  registerWbrCommands(program);
}
