import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { PanelnotesError } from '../errors.js';
import { MAX_CAPTION_BYTES } from '../ingest/intoLibrary.js';

/**
 * Accepts one caption file (`file`) in a multipart form, in memory and size-limited: a caption
 * file larger than the limit is not captions, and is refused with 413 before it is all read.
 */
export function captionUpload(maxBytes = MAX_CAPTION_BYTES) {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 2048 } }).single('file');
  return (req: Request, res: Response, next: NextFunction): void => {
    upload(req, res, (error: unknown) => {
      if (!error) return next();
      const { code } = error as { code?: string };
      if (code === 'LIMIT_FILE_SIZE')
        return next(new PanelnotesError('FILE_TOO_LARGE', `the caption file is larger than ${formatBytes(maxBytes)}, the most accepted`));
      next(new PanelnotesError('USAGE', `could not read the upload: ${(error as Error).message}`));
    });
  };
}

/** `20 MB`, `1000 bytes`: a size as a person reads it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1048576) return `${Number((bytes / 1048576).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}
