import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../atomicWrite.js';
import { PanelnotesError } from '../errors.js';
import { kindOf } from '../regularFile.js';

/**
 * Writes a command's output to the file the user named (`--out`), whole or not at all: a
 * temporary file renamed over it, so an interrupted export never leaves half a file. Only a
 * regular file is replaced: a folder, a device or a FIFO there is refused (a rename would
 * put a file in place of `/dev/null`), and so is a folder that does not exist (nothing is
 * created but the file). Every failure is one line saying which.
 *
 * @example await writeOutFile('notes.md', body) // or PanelnotesError USAGE: --out /tmp is a folder …
 */
export async function writeOutFile(path: string, content: string): Promise<void> {
  const kind = await kindAt(path);
  if (kind === 'a folder') throw new PanelnotesError('USAGE', `--out ${path} is a folder; give the file to write, e.g. ${join(path, 'notes.md')}`);
  if (kind !== 'missing' && kind !== 'a file' && kind !== 'unknown')
    throw new PanelnotesError('USAGE', `--out ${path} is not a regular file (${kind}); leave out --out to print to standard output`);
  const folder = await kindAt(dirname(path));
  if (folder === 'missing') throw new PanelnotesError('USAGE', `--out ${path}: there is no folder ${dirname(path)}`);
  if (folder !== 'a folder' && folder !== 'unknown') throw new PanelnotesError('USAGE', `--out ${path}: ${dirname(path)} is not a folder (${folder})`);
  try {
    await writeFileAtomic(path, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new PanelnotesError('DISK_FULL', `could not write ${path}: the disk is full; nothing was written`);
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'the disk is read-only' : (code ?? 'error');
    throw new PanelnotesError('FILE_UNWRITABLE', `could not write ${path} (${why}); nothing was written`);
  }
}

/** What is at `path`: `missing`, `a file`, `a folder`, … or `unknown` (not ours to look at: the write will say). */
async function kindAt(path: string): Promise<string> {
  try {
    return kindOf(await stat(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unknown';
  }
}
