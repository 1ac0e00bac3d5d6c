import { buildNoteChunk, type NoteChunkData } from '../../index/build.js';
import { toNotePassages } from '../../index/notePassages.js';
import { SITE_FORMAT, termLines, wordLinesOf, type SiteManifest, type SiteWords, type TalkNotes, type TalkPassages } from '../../index/siteIndex.js';
import { mergeWords } from '../../index/words.js';
import { newSearchIndex } from '../search/load.js';
import type { Vocabulary } from '../search/vocabulary.js';
import { onYouTube } from '../videoId.js';
import type { SiteFile } from './siteFile.js';
import type { PublishTalk } from './source.js';

/**
 * A site's search files (read by index/siteIndex.ts in the browser): the talks indexed together
 * exactly as the app indexes its library, notes included, and what search works out over the
 * whole of it written once. Every file but site.json, words.json and terms.txt belongs to one
 * talk, and every shard to one topic of it, so a search loads only what its filters allow.
 *
 *     search/site.json                  manifest: talks, topics, glossary, document count
 *     search/terms.txt                  `stem count`: documents holding each term (the idf's df)
 *     search/words.json                 the word lists `*` and `~` expand against
 *     search/talks/<id>/passages.json   passages and their topics
 *     search/talks/<id>/<topic>.json    one shard per topic
 *     search/talks/<id>/notes.json      the notes, their chunks built
 */
export function searchFiles(talks: readonly PublishTalk[], vocabulary: Vocabulary): SiteFile[] {
  const index = newSearchIndex(vocabulary);
  const files: SiteFile[] = [];
  const terms = new Set<string>();
  const noteWords: string[] = [];
  for (const { record, data, notes } of talks) {
    index.add(record, data);
    for (const shard of Object.values(data.shards)) for (const term of shard.terms) terms.add(term);
    const dir = `search/talks/${record.videoId}`;
    files.push(json(`${dir}/passages.json`, { passages: data.passages, topics: data.topics } satisfies TalkPassages));
    for (const [topic, shard] of Object.entries(data.shards)) files.push(json(`${dir}/${topic}.json`, shard));
    if (!notes.length) continue;
    const documents = toNotePassages(notes);
    // The chunks the app would build for these notes, built here and shipped by signature.
    const built: [string, NoteChunkData][] = index
      .chunksToBuild(record.videoId, documents)
      .map((c) => [c.signature, buildNoteChunk(c.docs, vocabulary.glossary)]);
    index.setNotes(record.videoId, documents, undefined, new Map(built));
    for (const [, chunk] of built) {
      for (const term of chunk.shard.terms) terms.add(term);
      noteWords.push(chunk.words);
    }
    files.push(json(`${dir}/notes.json`, { notes: documents, built } satisfies TalkNotes));
  }
  const manifest: SiteManifest = {
    format: SITE_FORMAT,
    documents: index.passageCount,
    topics: vocabulary.topics.topics.map(({ id, label }) => ({ id, label })),
    fallback: { id: vocabulary.topics.fallback.id, label: vocabulary.topics.fallback.label },
    glossary: vocabulary.glossaryFile,
    talks: talks.map(({ record, data, notes }) => ({
      videoId: record.videoId,
      title: record.title,
      shards: Object.keys(data.shards),
      notes: notes.length > 0,
      sample: record.source === 'sample',
      ...(!onYouTube(record.videoId) && record.url ? { url: record.url } : {}),
    })),
  };
  const words: SiteWords = { spoken: wordLinesOf(mergeWords(talks.map((t) => t.data.words))), notes: wordLinesOf(mergeWords(noteWords)) };
  files.push(json('search/site.json', manifest));
  files.push(json('search/words.json', words));
  files.push({ path: 'search/terms.txt', content: termLines(new Map([...terms].map((t) => [t, index.frequency(t)]))) });
  return files;
}

function json(path: string, value: unknown): SiteFile {
  return { path, content: JSON.stringify(value) };
}
