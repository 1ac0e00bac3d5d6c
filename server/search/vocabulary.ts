import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { compileGlossary, type Glossary } from '../../index/analyze.js';
import type { GlossaryFile } from '../../index/siteIndex.js';
import type { TopicVocabulary } from '../../index/types.js';
import { PROJECT_ROOT } from '../config.js';
import { PanelnotesError } from '../errors.js';

/**
 * The two files a user edits to tune search for their talks: index/topics.json and
 * index/glossary.json. They are read at run time (no rebuild needed) and validated, so a
 * typo is reported with the file and the field rather than silently ignored.
 */
export interface Vocabulary {
  topics: TopicVocabulary;
  glossary: Glossary;
  /** The files' text, for cache keys: an edit rebuilds what depends on it. */
  fingerprint: string;
  /** glossary.json as read (validated), for a published site's search to compile the same glossary in the browser. */
  glossaryFile: GlossaryFile;
}

const weights = z.record(z.string().regex(/^[\p{L}\p{N}.' ]+$/u, 'lowercase words separated by spaces'), z.number().positive());
const topicsSchema = z.object({
  description: z.string().optional(),
  fallback: z.object({ id: z.string().min(1), label: z.string().min(1), description: z.string(), terms: weights.optional(), phrases: weights.optional() }),
  topics: z.array(z.object({ id: z.string().regex(/^[a-z][a-z0-9-]*$/), label: z.string().min(1), description: z.string(), terms: weights, phrases: weights })),
  transitions: z.record(z.string().regex(/^[\p{L}\p{N}' ]+$/u, 'lowercase words separated by spaces'), z.number().min(0).max(1)).optional(),
});
const spelling = z.string().regex(/^[\p{Ll}\p{N}_.']+( [\p{Ll}\p{N}_.']+)*$/u, 'lowercase words separated by single spaces');
const glossarySchema = z.object({
  description: z.string().optional(),
  terms: z.record(z.string().min(1), z.array(z.string().min(1))),
  /** `{ long form: [abbreviations] }`: alternatives both ways at search time (index/analyze.ts). */
  abbreviations: z.record(spelling, z.array(spelling)).optional(),
  // How a word is written in titles, whatever the captions wrote: a lowercase word as key, its letters with other capitals as value.
  written: z
    .record(z.string(), z.string())
    .superRefine((forms, ctx) => {
      for (const [word, form] of Object.entries(forms)) {
        if (!/^[\p{Ll}\p{N}.']+$/u.test(word)) ctx.addIssue({ code: 'custom', path: [word], message: 'the key is one lowercase word, as captions are read' });
        else if (form.toLowerCase() !== word) ctx.addIssue({ code: 'custom', path: [word], message: `"${form}" is not "${word}" with other capitals` });
      }
    })
    .optional(),
});

export function loadVocabulary(dir = resolve(PROJECT_ROOT, 'index')): Vocabulary {
  const topicsText = read(resolve(dir, 'topics.json'));
  const glossaryText = read(resolve(dir, 'glossary.json'));
  const topics = parse(resolve(dir, 'topics.json'), topicsText, topicsSchema);
  const glossary = parse(resolve(dir, 'glossary.json'), glossaryText, glossarySchema);
  return {
    topics,
    glossary: compileGlossary(glossary.terms, { abbreviations: glossary.abbreviations, written: glossary.written }),
    fingerprint: `${topicsText}\n${glossaryText}`,
    glossaryFile: {
      terms: glossary.terms,
      ...(glossary.abbreviations ? { abbreviations: glossary.abbreviations } : {}),
      ...(glossary.written ? { written: glossary.written } : {}),
    },
  };
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new PanelnotesError('FILE_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`);
  }
}

function parse<T>(path: string, text: string, schema: z.ZodType<T>): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PanelnotesError('FILE_UNREADABLE', `${path} is not valid JSON: ${(error as Error).message}`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new PanelnotesError('FILE_UNREADABLE', `${path}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return result.data;
}
