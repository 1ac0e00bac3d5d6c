import type { Command } from 'commander';
import { PanelnotesError } from '../errors.js';
import { normalTag } from '../notes/tags.js';
import { storeReader } from '../publish/readers.js';
import { buildSite, parseBaseUrl } from '../publish/site.js';
import { writeSite } from '../publish/write.js';
import { loadVocabulary } from '../search/vocabulary.js';
import { parseTalkId } from '../videoId.js';
import { cliStore } from './store.js';
import type { CliContext } from './context.js';

interface PublishOptions {
  video?: string[];
  notes?: boolean;
  notesTag?: string;
  baseUrl?: string;
  force?: boolean;
}

/** `publish OUT_DIR`: the library (or some talks) as a static, searchable site. */
export function registerPublishCommand(program: Command, { io, config }: CliContext): void {
  program
    .command('publish')
    .description('write talks as a static site that searches in the browser: library, transcript pages, player, notes')
    .argument('<out-dir>', 'a new or empty folder for the site')
    .option('--video <id...>', 'only these talks (ids or URLs); all of the library by default')
    .option('--notes', 'publish the notes too, inline and in a panel')
    .option('--notes-tag <tag>', 'publish only the notes with this tag (implies --notes)')
    .option('--base-url <url>', 'where the site will be served, for canonical links, e.g. https://example.org/panel/')
    .option('--force', 'replace what the folder holds')
    .option('--db <file>', 'the notes database (default data/panelnotes.db)')
    .action(async (outDir: string, options: PublishOptions, command: Command) => {
      const tag = options.notesTag === undefined ? undefined : normalTag(options.notesTag);
      if (tag === '') throw new PanelnotesError('USAGE', '--notes-tag needs a tag, e.g. --notes-tag public');
      const request = {
        videos: (options.video ?? []).map(parseTalkId),
        notes: options.notes === true || tag !== undefined,
        ...(tag !== undefined ? { notesTag: tag } : {}),
        ...(options.baseUrl !== undefined ? { baseUrl: parseBaseUrl(options.baseUrl) } : {}),
      };
      const settings = config(command);
      const store = await cliStore(settings, { readOnly: true });
      try {
        const reader = await storeReader(store);
        for (const p of reader.problems) io.err(`panelnotes: skipped ${p.path}: ${p.problem}`);
        const files = await buildSite(reader, request, loadVocabulary(settings.vocabularyDir), store);
        await writeSite(outDir, files, options.force === true);
        const talks = files.filter((f) => f.path.startsWith('talks/')).length;
        const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0);
        io.out(`published ${talks} talk${talks === 1 ? '' : 's'} to ${outDir} (${files.length} files, ${(bytes / 1024).toFixed(0)} KB)`);
        io.out(`serve it with: npx serve ${outDir}   (or: cd ${outDir} && python3 -m http.server)`);
      } finally {
        await store.close();
      }
    });
}
