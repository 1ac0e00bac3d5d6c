import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import type { SearchResponse } from '../../index/searchTypes.js';
import type { Chapter } from '../../index/types.js';
import { NotesService } from '../services/notes.js';
import { PanelnotesError } from '../errors.js';
import { chaptersAsVtt, chaptersAsYouTube } from '../search/chapters.js';
import { loadSearch } from '../search/load.js';
import { showSearch, snippetTerminal, type TalkLookup } from '../search/snippets.js';
import { markSuggested } from '../speakers/suggestedSpeakers.js';
import type { SpeakerTurn } from '../notes/types.js';
import { loadVocabulary } from '../search/vocabulary.js';
import { formatTime } from '../time.js';
import { momentUrl, parseTalkId } from '../videoId.js';
import { cliStore } from './store.js';
import type { CliContext } from './context.js';

/** `search`, `topics` and `index`: the search layer from the command line. */
export function registerSearchCommands(program: Command, { io, config }: CliContext): void {
  const open = async (command: Command, onVideo?: (done: number, total: number) => void, rebuild = false) => {
    const settings = config(command);
    const { vocabularyDir } = settings;
    // Notes and speaker turns are searched too; a search only reads them (no database is created).
    const store = await cliStore(settings, { readOnly: true });
    try {
      const loaded = await loadSearch(store, loadVocabulary(vocabularyDir), {
        rebuild,
        ...(onVideo ? { onVideo } : {}),
        annotations: NotesService.annotations(store),
      });
      for (const p of loaded.problems) io.err(`panelnotes: skipped ${p.path}: ${p.problem}`);
      // Which speakers are only suggested, for the results to say so.
      return { ...loaded, turns: await store.listTurns() };
    } finally {
      await store.close();
    }
  };

  program
    .command('search')
    .description('search what was said: "exact phrase", +must, -exclude, this OR that, prefix*, typo~1, topic:, speaker:, video:')
    .argument('<query>', 'words to look for (filters alone list the passages they allow, in time order)')
    .option('--video <id>', 'only this video')
    .option('--topic <topic>', 'only this topic (security, hardware, process, general)')
    .option('--speaker <name>', 'only passages by this speaker (part of the name)')
    .option('--limit <n>', 'how many results', '10')
    .option('--kind <kind>', 'only transcript passages, or only notes (transcript, note)')
    .option('--json', 'print {query, total, results} as JSON')
    .action(
      async (query: string, options: { video?: string; topic?: string; speaker?: string; kind?: string; limit: string; json?: boolean }, command: Command) => {
        if (options.kind !== undefined && options.kind !== 'transcript' && options.kind !== 'note')
          throw new PanelnotesError('USAGE', `--kind is transcript or note, not "${options.kind}"`);
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          throw new PanelnotesError('USAGE', `--limit takes a whole number from 1 to 1000, not "${options.limit}"`);
        const video = options.video === undefined ? undefined : parseTalkId(options.video);
        const { index, records, turns } = await open(command);
        const byId = new Map(records.map((r) => [r.videoId, r]));
        const talkOf: TalkLookup = (videoId) => {
          const record = byId.get(videoId);
          return record ? { sample: record.source === 'sample', url: record.url } : undefined;
        };
        const turnsOf = (videoId: string): SpeakerTurn[] => turns.filter((t) => t.videoId === videoId);
        const response = index.search(query, {
          limit,
          ...(video ? { video } : {}),
          ...(options.topic ? { topic: options.topic } : {}),
          ...(options.speaker ? { speaker: options.speaker } : {}),
          ...(options.kind ? { kind: options.kind } : {}),
        });
        if (response.fellBack) io.err(`note: searched for plain words instead: ${response.fellBack.reason}`);
        if (response.relaxed) io.err('note: no passage has all the words; showing those with some of them');
        if (response.notice) io.err(`note: ${response.notice}`);
        // Once, however many results a sample gave: its words read like quotes and are nobody's.
        const sample = response.results.map((r) => byId.get(r.videoId)).find((r) => r?.source === 'sample');
        if (sample && !options.json) io.err(`note: results from "${sample.title}": ${sample.notice ?? SAMPLE_NOTICE}`);
        io.out(
          options.json ? JSON.stringify(toJson(response, talkOf, turnsOf), null, 2) : formatResults(response, io.tty === true, talkOf, turnsOf, options.kind),
        );
        if (!response.total) throw new NoResults();
      },
    );

  program
    .command('topics')
    .description("print a video's chapters by topic")
    .argument('<id>', 'video id or URL')
    .option('--json', 'as JSON: [{topic, start, end, title, confidence}]')
    .addOption(
      new Option('--format <format>', 'as a table, a WebVTT chapters track, or the lines a YouTube description takes (first at 0:00, >= 3, each >= 10 s)')
        .choices(['table', 'vtt', 'youtube'])
        .default('table'),
    )
    .action(async (id: string, options: { json?: boolean; format: string }, command: Command) => {
      const videoId = parseTalkId(id);
      const { index, records } = await open(command);
      const video = index.get(videoId);
      if (!video) throw new PanelnotesError('NOT_FOUND', `no video ${videoId} in the library`, 'list the library: panelnotes list');
      const record = records.find((r) => r.videoId === videoId);
      if (record?.notice && !options.json) io.err(`note: ${record.notice}`);
      if (options.json) io.out(JSON.stringify(video.chapters, null, 2));
      else if (options.format === 'vtt') io.out(chaptersAsVtt(video.chapters));
      else if (options.format === 'youtube') {
        const youtube = chaptersAsYouTube(video.chapters);
        for (const notice of youtube.notices) io.err(`note: ${notice}`);
        io.out(youtube.text);
      } else io.out(chaptersTable(video.chapters));
    });

  program
    .command('index')
    .description('build the search index of every video (kept in a cache beside the library)')
    .option('--rebuild', 'rebuild every video, even those whose cache is current')
    .action(async (options: { rebuild?: boolean }, command: Command) => {
      const started = performance.now();
      const bar = io.tty
        ? new cliProgress.SingleBar(
            { format: 'indexing [{bar}] {value}/{total} videos', clearOnComplete: true, stream: process.stderr },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      let barStarted = false;
      const loaded = await open(
        command,
        (done, total) => {
          if (bar && !barStarted) {
            bar.start(total, 0);
            barStarted = true;
          }
          bar?.update(done);
        },
        options.rebuild,
      );
      bar?.stop();
      const ms = Math.round(performance.now() - started);
      io.out(
        `indexed ${loaded.records.length} video(s), ${loaded.index.passageCount} passages: ${loaded.built} built, ${loaded.cached} from cache, in ${ms} ms`,
      );
    });
}

/**
 * The first line of the results: how many match, in words that say what they are.
 *
 * @example matchLine({ query: 'kvm', total: 3, results: [passage, passage, note] }) // '2 passages and 1 note match "kvm"'
 */
export function matchLine(response: Pick<SearchResponse, 'query' | 'total' | 'results'>): string {
  const { query, total, results } = response;
  const notes = results.filter((r) => r.kind === 'note').length;
  const passages = results.length - notes;
  const counted = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [passages ? counted(passages, 'passage') : '', notes ? counted(notes, 'note') : ''].filter(Boolean).join(' and ');
  if (total === results.length) return `${parts} ${total === 1 ? 'matches' : 'match'} "${query}"`;
  // Only the results shown are known by kind; the others are counted together.
  return `${total} results match "${query}", showing ${results.length} (${parts})`;
}

/** `    0:00 -     0:45  general   Welcome and introductions`: times, the topic's id (what `--topic` takes) and the title. */
function chaptersTable(chapters: readonly Chapter[]): string {
  const width = Math.max(0, ...chapters.map((c) => c.topic.length));
  return chapters.map((c) => `${formatTime(c.start).padStart(8)} - ${formatTime(c.end).padStart(8)}  ${c.topic.padEnd(width)}  ${c.title}`).join('\n');
}

/** No result is an answer, not an error: exit code 1 tells scripts, as grep's does. */
export class NoResults extends Error {}

/** What is said of a sample's results where its transcript carries no notice of its own. */
const SAMPLE_NOTICE = 'a synthetic sample, not the real captions: no line of it is anyone’s words';

/** A video's speaker turns, to mark the results whose speaker is only suggested. */
type TurnsOf = (videoId: string) => SpeakerTurn[];

function toJson(response: SearchResponse, talkOf: TalkLookup, turnsOf: TurnsOf) {
  const { query, total, results, topics, speakers, fellBack, relaxed, notice } = showSearch(response, talkOf);
  return {
    query,
    total,
    results: markSuggested(results, turnsOf),
    topics,
    speakers,
    ...(fellBack ? { fellBack } : {}),
    ...(relaxed ? { relaxed } : {}),
    ...(notice ? { notice } : {}),
  };
}

function formatResults(response: SearchResponse, tty: boolean, talkOf: TalkLookup, turnsOf: TurnsOf, kind?: string): string {
  if (!response.total) return `no ${kind === 'note' ? 'note' : 'passage'} matches "${response.query}"`;
  const lines = [matchLine(response)];
  for (const r of markSuggested(response.results, turnsOf)) {
    const speaker = r.speaker ? `  ${r.speaker}${r.speakerSuggested ? ' (suggested)' : ''}` : '';
    lines.push(
      '',
      `${formatTime(r.at)}  ${r.kind === 'note' ? 'note' : r.topic}${speaker}  ${r.title}`,
      `  ${snippetTerminal(r.excerpt, tty)}`,
      `  ${momentUrl(r.videoId, r.at, talkOf(r.videoId)?.url)}`,
    );
  }
  return lines.join('\n');
}
