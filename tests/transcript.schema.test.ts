import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLibrary, saveTranscript } from '../server/library.js';
import { transcriptSchema } from '../server/transcript/schema.js';
import { transcript } from './support/records.js';

/**
 * A transcript's `url` is a link every page shows: http(s) only, whether the record was made
 * here or hand-edited on disk (server/transcript/schema.ts).
 */

const ID = 'AAAAAAAAAAA';
const record = (url: string) => transcript(ID, [{ start: 0, duration: 2, text: 'hello' }], { url });
const URL_PROBLEM = 'url: must be an http(s) URL, like https://www.youtube.com/watch?v=<id>';

describe('transcript url', () => {
  it.each([`https://www.youtube.com/watch?v=${ID}`, `http://youtu.be/${ID}`])('%p is accepted', (url) => {
    expect(transcriptSchema.safeParse(record(url)).success).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:x',
    'file:///etc/passwd',
    'ftp://example.com/x',
    'https://user:secret@example.com/',
    '//www.youtube.com/watch',
    'not a url',
    '',
  ])('%p is refused', (url) => {
    const checked = transcriptSchema.safeParse(record(url));
    expect(checked.success).toBe(false);
    expect(checked.error?.issues[0]?.message).toBe(URL_PROBLEM.slice('url: '.length));
  });

  it('a file on disk with a javascript: url is a problem of the library (named, the others load), and is never saved', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'panelnotes-url-'));
    await saveTranscript(dir, transcript('BBBBBBBBBBB', [{ start: 0, duration: 2, text: 'fine' }]));
    await writeFile(join(dir, `${ID}.json`), JSON.stringify(record('javascript:alert(document.cookie)')));
    const { videos, problems } = await loadLibrary(dir);
    expect(videos.map((v) => v.videoId)).toEqual(['BBBBBBBBBBB']);
    expect(problems).toEqual([{ path: join(dir, `${ID}.json`), problem: URL_PROBLEM }]);
    await expect(saveTranscript(dir, record('javascript:alert(1)'))).rejects.toMatchObject({ code: 'LIBRARY_WRITE_FAILED' });
  });
});
