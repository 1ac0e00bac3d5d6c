import type { Command } from 'commander';
import type { SuggestedTurn } from '../../index/suggestSpeakers.js';
import type { NotesService } from '../services/notes.js';
import type { Writer } from '../services/writers.js';
import type { SpeakersService, Suggestions } from '../services/speakers.js';
import { questionsMarkdown } from '../speakers/questionsMarkdown.js';
import { formatTime } from '../time.js';
import { parseTalkId } from '../videoId.js';
import type { CliIO } from './context.js';

/** What a command works with: the notes and speakers services, and who writes (team mode: the user of the token given). */
export interface CliServices {
  notes: NotesService;
  speakers: SpeakersService;
  by?: Writer;
}

/** Runs `work` with the notes database's services open (`reading`: nothing is created or written). See notesCommands.ts. */
export type WithServices = <T>(command: Command, work: (services: CliServices) => Promise<T> | T, reading?: boolean) => Promise<T>;

/**
 * `speakers suggest` and `speakers confirm` (in the `speakers` group), and `questions`: who said
 * it, from the command line, in the same database as the app.
 */
export function registerSpeakerCommands(program: Command, speakers: Command, withServices: WithServices, io: CliIO): void {
  speakers
    .command('suggest')
    .description("suggest who speaks when from the captions' cues (turn marks, voices, introductions, hand-offs); --apply writes them, marked suggested")
    .argument('<video>', 'video id or URL')
    .option('--roster <names>', "who may be named, separated by commas (default: the video's panelists)")
    .option('--moderator <name>', 'who chairs: their turns welcome, hand over, thank and take questions')
    .option('--apply', 'write the named suggestions as speaker turns marked suggested (replacing earlier unconfirmed ones)')
    .option('--json', 'print the suggestions as JSON: {roster, turns: [{speaker, start, end, confidence, cues}]}')
    .action(async (video: string, options: { roster?: string; moderator?: string; apply?: boolean; json?: boolean }, command: Command) => {
      const videoId = parseTalkId(video);
      const body = {
        ...(options.roster === undefined ? {} : { roster: options.roster }),
        ...(options.moderator === undefined ? {} : { moderator: options.moderator }),
        ...(options.apply ? { apply: true } : {}),
      };
      const suggestions = await withServices(command, ({ speakers: service, by }) => service.suggest(videoId, body, by), !options.apply);
      if (options.json) {
        io.out(JSON.stringify(suggestions, null, 2));
        return;
      }
      if (suggestions.notice) io.err(`note: ${suggestions.notice}`);
      io.out(suggestionLines(suggestions));
    });

  speakers
    .command('confirm')
    .description('confirm suggested speaker turns: those given, or all of the video')
    .argument('<video>', 'video id or URL')
    .argument('[ids...]', 'turn ids (see speakers list)')
    .action(async (video: string, ids: string[], _options: unknown, command: Command) => {
      const videoId = parseTalkId(video);
      const confirmed = await withServices(command, ({ speakers: service }) => service.confirm(videoId, ids.length ? { ids } : {}));
      io.out(`confirmed ${confirmed.length} suggested turn(s) in ${videoId}`);
    });

  program
    .command('questions')
    .description('who answered what: the questions asked in a talk, their answers with speakers, and speaking time by topic (Markdown)')
    .argument('<video>', 'video id or URL')
    .option('--moderator <name>', 'who chairs (else whoever accepted suggestions found chairing)')
    .option('--roster <names>', 'names, separated by commas, for the turns nobody set (besides the panelists and the names set)')
    .option('--json', 'as JSON, the same as GET /api/videos/:id/questions')
    .option('--db <file>', 'the notes database (default data/panelnotes.db)')
    .action(async (video: string, options: { moderator?: string; roster?: string; json?: boolean }, command: Command) => {
      const videoId = parseTalkId(video);
      const query = {
        ...(options.moderator === undefined ? {} : { moderator: options.moderator }),
        ...(options.roster === undefined ? {} : { roster: options.roster }),
      };
      const view = await withServices(command, ({ speakers: service }) => service.questions(videoId, query), true);
      io.out(options.json ? JSON.stringify(view, null, 2) : questionsMarkdown(view).trimEnd());
    });
}

/** Suggestions as lines: time, who (or unknown), how sure, and the cues; then what share is named. */
function suggestionLines(s: Suggestions): string {
  const width = Math.max(7, ...s.turns.map((t) => (t.speaker ?? '').length));
  const lines = [`roster: ${s.roster.length ? s.roster.join(', ') : '(none)'}${s.moderator ? `; moderator: ${s.moderator}` : ''}`];
  for (const t of s.turns) {
    const span = `${formatTime(t.start)}-${formatTime(t.end)}`.padStart(13);
    const sure = t.speaker === null ? '    ' : `${String(Math.round(t.confidence * 100)).padStart(3)}%`;
    lines.push(`${span}  ${(t.speaker ?? 'unknown').padEnd(width)}  ${sure}  ${cuesText(t)}`);
  }
  const total = s.turns.reduce((sum, t) => sum + (t.end - t.start), 0);
  const named = s.turns.filter((t) => t.speaker !== null);
  const share = total ? Math.round((100 * named.reduce((sum, t) => sum + (t.end - t.start), 0)) / total) : 0;
  lines.push(`${named.length} of ${s.turns.length} turns named (${share}% of the time)`);
  if (s.applied) lines.push(`wrote ${s.applied.length} suggested turn(s); confirm them with: panelnotes speakers confirm ${s.videoId}`);
  else if (named.length) lines.push(`write them (marked suggested) with --apply`);
  return lines.join('\n');
}

function cuesText(turn: SuggestedTurn): string {
  return turn.cues.map((c) => `${c.kind} "${c.text}"`).join('; ');
}
