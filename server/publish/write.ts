import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PanelnotesError } from '../errors.js';
import type { SiteFile } from './siteFile.js';

/**
 * Writes a site into a folder, whole or not at all: the files go to a new folder beside it
 * first, which then takes its place, so a failure halfway (a full disk) leaves the folder as it
 * was. A folder that holds anything is replaced only with `force`: publishing into the wrong
 * folder must not cost someone its files.
 *
 * @throws PanelnotesError USAGE for a folder that is not empty (without force) or is a file,
 *   FILE_UNWRITABLE where it cannot be written
 */
export async function writeSite(outDir: string, files: readonly SiteFile[], force: boolean): Promise<void> {
  const target = resolve(outDir);
  const existing = await entriesOf(target);
  if (existing === 'file') throw new PanelnotesError('USAGE', `${outDir} is a file, not a folder`, 'name a new or empty folder for the site');
  if (existing?.length && !force)
    throw new PanelnotesError(
      'USAGE',
      `${outDir} is not empty (${existing.length} entries)`,
      'publish into a new or empty folder, or add --force to replace what it holds',
    );
  let staging: string;
  try {
    await mkdir(dirname(target), { recursive: true });
    staging = await mkdtemp(join(dirname(target), `.${basename(target)}-publishing-`));
  } catch (error) {
    throw unwritable(outDir, error);
  }
  try {
    for (const file of files) {
      const path = join(staging, ...file.path.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content);
    }
    if (existing === undefined) await rename(staging, target);
    else {
      // The folder itself stays (it may be a mount point, or open in a shell); what it holds is swapped.
      for (const entry of existing) await rm(join(target, entry), { recursive: true, force: true });
      for (const entry of await readdir(staging)) await rename(join(staging, entry), join(target, entry));
      await rm(staging, { recursive: true, force: true });
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw unwritable(outDir, error);
  }
}

/** What a folder holds; undefined where there is nothing; 'file' for a file. */
async function entriesOf(path: string): Promise<string[] | 'file' | undefined> {
  try {
    if (!(await stat(path)).isDirectory()) return 'file';
    return await readdir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unwritable(path, error);
  }
}

function unwritable(outDir: string, error: unknown): PanelnotesError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'ENOTDIR'
        ? 'a part of the path is a file'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'permission denied'
          : (code ?? 'an error');
  return new PanelnotesError(
    code === 'ENOSPC' ? 'DISK_FULL' : 'FILE_UNWRITABLE',
    `cannot write the site to ${outDir}: ${why}`,
    'choose a folder you can write to',
    {
      cause: error,
    },
  );
}
