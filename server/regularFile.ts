import { constants, type Stats } from 'node:fs';
import { lstat, open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';

/** What `readRegularFile` found: the file's text, or why it was not read (never its contents). */
export type RegularFileRead = { text: string } | { problem: string; missing?: boolean; tooLarge?: boolean };

export interface RegularFileOptions {
  /** Larger files are not read at all. */
  maxBytes: number;
  /**
   * A folder the file must stay in: a symbolic link is followed only when its target is inside
   * it. Without it, a symbolic link is refused outright (the index cache writes no links),
   * unless `anyLink` says the path is one the user typed, whose links are theirs to follow.
   */
  within?: string;
  anyLink?: boolean;
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
      if (options.within === undefined && !options.anyLink) return { problem: 'a symbolic link' };
      try {
        target = await realpath(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return { problem: code === 'ENOENT' ? 'a symbolic link to nothing (broken link)' : `a symbolic link that cannot be followed (${code ?? 'error'})` };
      }
      if (options.within !== undefined && !inside(await realpath(options.within), target)) return { problem: 'a symbolic link leading outside its folder' };
      info = await stat(target);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: 'no such file', missing: true };
    return { problem: `cannot be read (${code ?? 'error'})` };
  }
  if (!info.isFile()) return { problem: `not a regular file (${kindOf(info)})` };
  if (info.size > options.maxBytes) return { problem: tooLarge(info.size, options.maxBytes), tooLarge: true };

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
    if (length > options.maxBytes) return { problem: tooLarge(length, options.maxBytes), tooLarge: true };
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

/** What a file system entry is, in words, for messages: `a file`, `a folder`, `a FIFO`, … */
export function kindOf(info: Stats): string {
  if (info.isFile()) return 'a file';
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'not a file';
}

function tooLarge(size: number, max: number): string {
  return `too large (${(size / 1048576).toFixed(1)} MB; at most ${max / 1048576} MB are read)`;
}

/**
 * Why JSON.parse refused `text`, without quoting it: V8's messages include a piece of the
 * input (`Unexpected token 'S', "SECRET-pas"... is not valid JSON`), which may be someone's
 * secret when the file is not what it claims to be. Only where it went wrong is kept.
 *
 * @example describeJsonError(error, '{"a": 1,') // => 'not valid JSON (it ends too early: cut short?)'
 */
export function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  const at = /at position (\d+)/.exec(message);
  const position = at ? Number(at[1]) : undefined;
  if (/end of JSON input|Unterminated/i.test(message) || (position !== undefined && position >= text.trimEnd().length))
    return 'not valid JSON (it ends too early: cut short?)';
  if (position === undefined) return 'not valid JSON';
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return `not valid JSON (line ${line}, column ${position - before.lastIndexOf('\n')})`;
}
