import { Option } from '../commander.js';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';

interface LintCommandOptions {
  kind?: 'prfaq' | 'memo';
  format: 'text' | 'json';
  settings?: string;
}

/** `pulse lint FILE.md`: the writing checks for a PR/FAQ or memo kept in git (docs-as-code). */
export function registerLintCommands(program: Command): void {
  program
    .command('lint')
    .description('Check a PR/FAQ or narrative memo written in Markdown. Exit 1 when there are errors.')
    .argument('<file>', 'the Markdown file')
    .addOption(new Option('--kind <kind>', 'document kind (guessed from the headings when absent)').choices(['prfaq', 'memo']))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--settings <file>', "the org's lint settings as JSON (jargon, wordsPerPage, thresholds, rule levels)")
    .action(async (file: string, options: LintCommandOptions) => {
      const { readFileSync } = await import('node:fs');
      const { lintDocument } = await import('../../domain/writing/lint.js');
      const { assertHardChecksKept, resolveLintSettings } = await import('../../domain/writing/lint-settings.js');
      const { applySuppressions, inlineSuppressions } = await import('../../domain/writing/suppressions.js');
      const { parseWritingDocument } = await import('../../domain/writing/document-model.js');
      const { formatLintJson, formatLintText } = await import('./lint-output.js');

      const read = (path: string): string => {
        try {
          return readFileSync(path, 'utf8');
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const reason = code === 'ENOENT' ? 'No such file.' : code === 'EISDIR' ? 'This is a folder, not a file.' : `Cannot read it: ${(error as Error).message}.`;
          throw new AppError('not_found', reason, { file: path });
        }
      };
      const settings = options.settings === undefined ? undefined : resolveLintSettings(parseJsonFile(options.settings, read(options.settings)), 'settings');
      if (settings !== undefined) {
        // The same settings as the app's: they may make the memo's hard checks stricter, never looser.
        try {
          assertHardChecksKept(settings);
        } catch (error) {
          if (error instanceof AppError) throw new AppError(error.code, error.message, { ...error.details, file: options.settings as string });
          throw error;
        }
      }
      const markdown = read(file);
      const document = parseWritingDocument(markdown, options.kind);
      const report = lintDocument(document, settings);
      let suppressions;
      try {
        suppressions = inlineSuppressions(report.findings, document.markdown.comments, document.markdown.blocks.map((block) => block.start));
      } catch (error) {
        if (error instanceof AppError) throw new AppError(error.code, error.message, { ...error.details, file });
        throw error;
      }
      const result = applySuppressions(report.findings, suppressions);
      const output = options.format === 'json' ? formatLintJson(file, report, result) : formatLintText(file, report, result);
      process.stdout.write(output);
      if (result.active.some((finding) => finding.severity === 'error')) process.exitCode = 1;
    });
}

function parseJsonFile(path: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('validation_failed', `${path} is not valid JSON: ${(error as Error).message}.`, { file: path });
  }
}
