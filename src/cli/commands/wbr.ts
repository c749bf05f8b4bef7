import type { Command } from 'commander';

/**
 * `pulse wbr build CONFIG --data CSV --out FILE`: a WBR deck from a WBR App config and its CSV, as deck JSON
 * (`.json`), a self-contained HTML deck (`.html`) or a PDF deck (`.pdf`). The build itself (src/cli/wbr-build-file.ts) is imported
 * inside the action, so other commands do not load it.
 */

interface BuildOptions {
  data?: string;
  connections?: string;
  out: string;
  weekEnding?: string;
  lenient?: boolean;
  corrected?: boolean;
  signals: boolean;
}

export function registerWbrCommands(program: Command): void {
  const wbr = program.command('wbr').description('Weekly Business Review decks (WBR App configs and CSVs).');
  wbr
    .command('build')
    .description('Build a WBR deck from a deck config (YAML) and a daily or weekly CSV.')
    .argument('<config>', 'the deck config (the WBR App\'s YAML)')
    .option('--data <csv>', 'the data file (CSV with a Date column); without it, the config\'s data_sources are run')
    .option('--connections <file>', 'the WBR App\'s connections file for data_sources queries (default: setup.db_config_url)')
    .requiredOption('--out <file>', 'where to write the deck: .json (deck JSON), .html (self-contained deck) or .pdf (A4 pages)')
    .option('--week-ending <date>', 'the week to report, like 25-SEP-2021 (overrides setup.week_ending)')
    .option('--lenient', 'treat unknown config keys as warnings instead of errors')
    .option('--corrected', 'fix the WBR App\'s number-changing bugs (overrides setup.pulse_compatibility; see docs/wbr-compatibility.md)')
    .option('--no-signals', 'leave out the XmR limits and signals')
    .action(async (configPath: string, options: BuildOptions, command: Command) => {
      const extension = /\.(json|html|pdf)$/i.exec(options.out)?.[1]?.toLowerCase();
      const format = extension === 'json' || extension === 'html' || extension === 'pdf' ? extension : undefined;
      if (format === undefined) command.error('pulse: --out must end in .json (deck JSON), .html (HTML deck) or .pdf (PDF deck).', { exitCode: 2, code: 'pulse.usage' });
      const { buildDeckFile, parseDayMonYear } = await import('../wbr-build-file.js');
      let weekEnding: number | undefined;
      if (options.weekEnding !== undefined) {
        weekEnding = parseDayMonYear(options.weekEnding);
        if (weekEnding === undefined) command.error(`pulse: --week-ending must be a date like 25-SEP-2021, not "${options.weekEnding}".`, { exitCode: 2, code: 'pulse.usage' });
      }
      await buildDeckFile(configPath, { ...options, format, weekEndingDay: weekEnding });
    });
}

