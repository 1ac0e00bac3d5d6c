import { constants, type Stats } from 'node:fs';
import { lstat, open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';

/** What `readRegularFile` found: the file's text, or why it was not read (never its contents). */
export type RegularFileRead = { text: string } | { problem: string; missing?: boolean };

export interface RegularFileOptions {
  /** Larger files are not read at all. */
  maxBytes: number;
  /**
   * A folder the file must stay in: a symbolic link is followed only when its target is inside
   * it. Without it, a symbolic link is refused outright (the index cache writes no links).
   */
  within?: string;
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
// O_NOFOLLOW: the path was resolved already; a link appearing there since is refused.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * Reads a file that a folder of ours holds (a library transcript, an index cache) without
 * trusting what sits there: only a regular file is read, never a FIFO, device, socket or
 * folder, never through a symbolic link leaving `within`, never beyond `maxBytes`. A file
 * swapped for something else between the checks and the read is refused too. Problems say
 * what the file is, never what it holds.
 *
 * @example
 *   await readRegularFile('transcripts/library/x.json', { maxBytes: 64 << 20, within: 'transcripts/library' })
 *   // => { problem: 'not a regular file (a FIFO)' }
 */
export async function readRegularFile(path: string, options: RegularFileOptions): Promise<RegularFileRead> {
  let target = path;
  let info: Stats;
  try {
    info = await lstat(path);
    if (info.isSymbolicLink()) {
      if (options.within === undefined) return { problem: 'a symbolic link' };
      try {
        target = await realpath(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return { problem: code === 'ENOENT' ? 'a symbolic link to nothing (broken link)' : `a symbolic link that cannot be followed (${code ?? 'error'})` };
      }
      if (!inside(await realpath(options.within), target)) return { problem: 'a symbolic link to a file outside its folder' };
      info = await stat(target);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: 'no such file', missing: true };
    return { problem: `cannot be read (${code ?? 'error'})` };
  }
  const kind = notRegular(info);
  if (kind) return { problem: `not a regular file (${kind})` };
  if (info.size > options.maxBytes) return { problem: tooLarge(info.size, options.maxBytes) };

  let file;
  try {
    file = await open(target, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ELOOP' ? 'changed while being read' : `cannot be read (${code ?? 'error'})` };
  }
  try {
    const now = await file.stat();
    if (!now.isFile() || now.ino !== info.ino || now.dev !== info.dev) return { problem: 'changed while being read' };
    // Read at most one byte more than allowed: a file still growing is refused, not read whole.
    const buffer = Buffer.alloc(Math.min(now.size, options.maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > options.maxBytes) return { problem: tooLarge(length, options.maxBytes) };
    return { text: buffer.toString('utf8', 0, length) };
  } catch (error) {
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    await file.close();
  }
}

/** Whether `path` lies inside `folder` (both already resolved by realpath). */
function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function notRegular(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a file';
}

function tooLarge(size: number, max: number): string {
  return `too large (${(size / 1048576).toFixed(1)} MB; at most ${max / 1048576} MB are read)`;
}

/**
 * Why JSON.parse refused a text, without quoting it: V8's messages include a piece of the
 * input (`Unexpected token 'S', "SECRET-pas"... is not valid JSON`), which may be someone's
 * secret when the file is not what it claims to be. Only a position is kept.
 */
export function describeJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/end of JSON input|Unterminated/i.test(message)) return 'not valid JSON (it ends too early: cut short?)';
  const at = /at position (\d+)/.exec(message);
  return at ? `not valid JSON (at character ${at[1]})` : 'not valid JSON';
}
