import type { TranscriptRecord } from './types.js';

type Described = Pick<TranscriptRecord, 'source' | 'captionKind' | 'fetchedAt' | 'provenance'>;

const CLIENT = { 'innertube-android': "the Android app's player API", 'watch-page': 'the watch page' } as const;

/**
 * Where a transcript came from, in one sentence for the pages and `show`: whose captions
 * (YouTube's, written by a person or generated), how they got here, and when. Records saved
 * before panelnotes kept provenance say what their `source` knows.
 *
 * @example describeProvenance(record)
 *   // "YouTube's auto-generated captions, fetched 2026-12-01 14:03 UTC through the Android app's player API (srv3), through a proxy"
 */
export function describeProvenance(record: Described): string {
  if (record.source === 'sample') return 'a synthetic sample shipped with panelnotes, not the real captions';
  const p = record.provenance;
  const when = formatWhen(record.fetchedAt);
  const kind = record.captionKind === 'asr' ? 'auto-generated' : record.captionKind === 'manual' ? 'manual' : undefined;
  const youtubeCaptions = kind ? `YouTube's ${kind} captions` : "YouTube's captions";
  if (!p) return record.source === 'youtube' ? `${youtubeCaptions}, fetched ${when}` : `a caption file, imported ${when}`;
  const details = [p.format, p.tool ? `yt-dlp ${p.tool}` : undefined].filter(Boolean).join(', ');
  const file = p.file ? ` ${p.file}` : '';
  switch (p.via) {
    case 'youtube':
      return [
        `${youtubeCaptions}, fetched ${when}`,
        p.client ? ` from ${CLIENT[p.client]}${p.format ? ` (${p.format})` : ''}` : '',
        p.proxy ? ', through a proxy' : '',
        p.consent ? ', past the cookie-consent page' : '',
      ].join('');
    case 'yt-dlp':
      return `${kind ? youtubeCaptions : 'captions'} from the yt-dlp file${file}${details ? ` (${details})` : ''}${p.retrievedAt ? `, downloaded ${formatWhen(p.retrievedAt)}` : ''}, imported ${when}`;
    case 'upload':
      return `a caption file uploaded on the web page${file}${details ? ` (${details})` : ''}, ${when}`;
    case 'file':
      return `the caption file${file}${details ? ` (${details})` : ''}, imported ${when}`;
  }
}

/**
 * A few words for a column of `panelnotes list`: the way in, manual or auto, and a proxy.
 *
 * @example provenanceLabel(record) // "youtube (auto, proxy)"
 */
export function provenanceLabel(record: Described): string {
  if (record.source === 'sample') return 'SAMPLE (synthetic, not the real captions)';
  const via = record.provenance?.via ?? record.source;
  const notes = [
    record.captionKind === 'asr' ? 'auto' : record.captionKind === 'manual' ? 'manual' : undefined,
    record.provenance?.proxy ? 'proxy' : undefined,
  ];
  const said = notes.filter(Boolean);
  return said.length ? `${via} (${said.join(', ')})` : via;
}

/** `2026-12-01 14:03 UTC`: the same for every reader, whatever the server's time zone. */
function formatWhen(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
