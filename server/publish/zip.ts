import type { Readable } from 'node:stream';
import yazl from 'yazl';
import type { SiteFile } from './siteFile.js';

/**
 * A site as a zip archive, streamed as it is made (yazl: no dependency but a CRC, and it
 * streams, so a large library is not held twice in memory). Every file sits under `folder/`,
 * so unpacking makes one folder rather than spilling files.
 *
 * @example zipSite(files, 'panel-site').pipe(response)
 */
export function zipSite(files: readonly SiteFile[], folder: string): Readable {
  const zip = new yazl.ZipFile();
  // A fixed date: the same site zips to the same bytes.
  const mtime = new Date(Date.UTC(2020, 0, 1));
  for (const file of files) zip.addBuffer(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content), `${folder}/${file.path}`, { mtime });
  zip.end();
  return zip.outputStream as Readable;
}
