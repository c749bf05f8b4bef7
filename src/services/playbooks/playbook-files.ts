import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildPlaybookLibrary, type PlaybookLibrary } from '../../domain/playbooks/playbook.js';
import { AppError } from '../../domain/errors.js';

/** Where Pulse keeps the playbooks it ships, from its own folder: errors name files by this path. */
export const SHIPPED_PLAYBOOKS_LABEL = 'content/playbooks';

const loaded = new Map<string, PlaybookLibrary>();

/**
 * Reads every `*.md` file of a folder into the playbook library, once per process: the files ship with Pulse and
 * change only with a new version, so they are read and checked at start and served from memory. A broken file
 * stops the start with its file and line (`label` is the folder's name in those messages).
 */
export function loadPlaybookLibrary(directory: string, label: string = SHIPPED_PLAYBOOKS_LABEL): PlaybookLibrary {
  const known = loaded.get(directory);
  if (known) return known;
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.endsWith('.md')).sort();
  } catch (error) {
    // The whole path and the reason: whoever runs an installed copy needs to know where Pulse looked.
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such folder' : (error as Error).message;
    throw new AppError('invalid_config', `The playbook folder ${label} cannot be read at ${directory}: ${reason}. It ships with Pulse; reinstall Pulse or restore the folder.`, { file: label }, { cause: error, logMessage: String(error) });
  }
  if (names.length === 0) throw new AppError('invalid_config', `The playbook folder ${label} has no .md files.`, { file: label });
  const library = buildPlaybookLibrary(names.map((name) => ({ file: `${label}/${name}`, text: readPlaybookFile(directory, label, name) })));
  loaded.set(directory, library);
  return library;
}

/** One file's text; a file that cannot be read stops the start naming it, as a broken playbook does. */
function readPlaybookFile(directory: string, label: string, name: string): string {
  try {
    return readFileSync(path.join(directory, name), 'utf8');
  } catch (error) {
    throw new AppError('invalid_config', `The playbook ${label}/${name} cannot be read.`, { file: `${label}/${name}` }, { cause: error, logMessage: String(error) });
  }
}
