import { createRequire } from 'node:module';
import type * as CommanderModule from 'commander';

/**
 * commander, loaded with `require`. It is a CommonJS package: importing it from ESM makes Node scan its source
 * for named exports first, which costs every CLI run about 13 ms; `require` skips that (the CLI's start-up is
 * part of the time a user waits for `pulse wbr build`, see docs/benchmarks.md).
 */
const commander = createRequire(import.meta.url)('commander') as typeof CommanderModule;

export const { Command, CommanderError, Option } = commander;
export type Command = CommanderModule.Command;
export type CommanderError = CommanderModule.CommanderError;
