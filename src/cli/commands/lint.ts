import { Option } from '../commander.js';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { EXIT_BAD_INPUT } from '../exit-codes.js';

interface LintCommandOptions {
  kind?: 'prfaq' | 'memo';
  format: 'text' | 'json';
  settings?: string;
}

/**
 * `pulse lint FILE.md…`: the writing checks for PR/FAQs and memos kept in git (docs-as-code). Each file is checked
 * and reported in turn; a file that cannot be checked (missing, empty, not UTF-8 text) is named on stderr and the
 * others are still checked. Exit 1 when any file has an error or could not be checked.
 */
export function registerLintCommands(program: Command): void {
  program
    .command('lint')
    .description('Check PR/FAQs and narrative memos written in Markdown (- reads standard input). Exit 1 when any has errors.')
    .argument('<files...>', 'the Markdown files, or - for standard input')
    .addOption(new Option('--kind <kind>', 'document kind (guessed from the headings when absent)').choices(['prfaq', 'memo']))
    .addOption(new Option('--format <format>', 'output format (json: one object for one file, an array for several)').choices(['text', 'json']).default('text'))
    .option('--settings <file>', "the org's lint settings as JSON (jargon, wordsPerPage, thresholds, rule levels)")
    .action(async (files: string[], options: LintCommandOptions) => {
      const { readFileSync } = await import('node:fs');
      const { lintDocument } = await import('../../domain/writing/lint.js');
      const { assertHardChecksKept, resolveLintSettings } = await import('../../domain/writing/lint-settings.js');
      const { applySuppressions, inlineSuppressions } = await import('../../domain/writing/suppressions.js');
      const { parseWritingDocument } = await import('../../domain/writing/document-model.js');
      const { formatLintJson, formatLintText } = await import('./lint-output.js');
      const { displayName, parseJsonFile, utf8Text } = await import('./lint-input.js');

      if (files.filter((file) => file === '-').length > 1) {
        throw new AppError('validation_failed', 'Standard input (-) can be read once only: name - at most once.', { field: '<files>' });
      }
      const readBytes = (path: string): Buffer => {
        try {
          return path === '-' ? readFileSync(0) : readFileSync(path);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const reason = code === 'ENOENT' ? 'No such file.' : code === 'EISDIR' ? 'This is a folder, not a file.' : `Cannot read it: ${(error as Error).message}.`;
          throw new AppError('not_found', reason, { file: displayName(path) });
        }
      };
      const settings = options.settings === undefined ? undefined : resolveLintSettings(parseJsonFile(options.settings, utf8Text(options.settings, readBytes(options.settings))), 'settings');
      if (settings !== undefined) {
        // The same settings as the app's: they may make the memo's hard checks stricter, never looser.
        try {
          assertHardChecksKept(settings);
        } catch (error) {
          if (error instanceof AppError) throw new AppError(error.code, error.message, { ...error.details, file: options.settings as string });
          throw error;
        }
      }

      const lintOne = (path: string): { output: unknown; hasErrors: boolean } => {
        const file = displayName(path);
        const markdown = utf8Text(file, readBytes(path));
        if (markdown.trim() === '') throw new AppError('invalid_data', 'The file is empty: there is no PR/FAQ or memo to check. Write the document, or name another file.', { file });
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
        const output = options.format === 'json' ? JSON.parse(formatLintJson(file, report, result)) as unknown : formatLintText(file, report, result);
        return { output, hasErrors: result.active.some((finding) => finding.severity === 'error') };
      };

      // One file: its report, or its problem as any command's error (exit 1).
      if (files.length === 1) {
        const { output, hasErrors } = lintOne(files[0] as string);
        process.stdout.write(typeof output === 'string' ? output : `${JSON.stringify(output, null, 2)}\n`);
        if (hasErrors) process.exitCode = EXIT_BAD_INPUT;
        return;
      }
      // Several: each file's report in turn; a file that cannot be checked is named on stderr and the rest go on.
      let failed = false;
      const reports: unknown[] = [];
      for (const path of files) {
        try {
          const { output, hasErrors } = lintOne(path);
          if (typeof output === 'string') process.stdout.write(output);
          else reports.push(output);
          failed ||= hasErrors;
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const where = error.location ?? displayName(path);
          process.stderr.write(`pulse: ${where}: ${error.message}\n`);
          if (options.format === 'json') reports.push({ file: displayName(path), error: { code: error.code, message: error.message, ...(error.details.line === undefined ? {} : { line: error.details.line }) } });
          failed = true;
        }
      }
      if (options.format === 'json') process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
      if (failed) process.exitCode = EXIT_BAD_INPUT;
    });
}
