import type { QuestionsView } from '../services/questions.js';
import { escapeHeading, escapeInline, markdownUrl } from '../markdown.js';
import { formatTime } from '../time.js';
import { momentUrl } from '../videoId.js';

/*
 * Who answered what as Markdown: the questions with their answers, each a link to its moment,
 * then the table of speaking time by person and topic. The page offers it as a download
 * (/videos/:id/questions.md), `panelnotes questions VIDEO` prints it, and the transcript
 * exports (issue 13) can append it to their Markdown, one line:
 * `markdown + '\n' + questionsMarkdown(speakers.questions(videoId), 2)` (its title a second-level
 * heading under the export's own, its sections third-level).
 */

const ASKERS: Record<QuestionsView['questions'][number]['asker'], string> = {
  moderator: 'the moderator',
  audience: 'someone in the audience',
  online: 'someone online',
  panelist: 'a panelist',
  unknown: 'someone',
};

/**
 * Who asked, as a reader says it: "Cy Moss (the moderator)", "someone online (read by Cy
 * Moss)", "someone in the audience".
 *
 * @example askedBy({ asker: 'online', speaker: 'Cy Moss' }) // 'someone online (read by Cy Moss)'
 */
export function askedBy(q: Pick<QuestionsView['questions'][number], 'asker' | 'speaker'>): string {
  if (q.speaker === null || q.asker === 'audience' || q.asker === 'unknown') return ASKERS[q.asker];
  return q.asker === 'online' ? `${ASKERS.online} (read by ${q.speaker.replace(/\s+/g, ' ')})` : `${q.speaker.replace(/\s+/g, ' ')} (${ASKERS[q.asker]})`;
}

/** Text on one line of Markdown: its own line breaks would end the list item or the table row. */
const inline = (text: string): string => escapeInline(text.replace(/\s+/g, ' ').trim());

/**
 * The questions view as Markdown, its own headings at `level` (1: a document of its own).
 *
 * @example questionsMarkdown(view).split('\n')[0] // '# Who answered what: Storage panel'
 */
export function questionsMarkdown(view: QuestionsView, level = 1): string {
  const h = (n: number): string => '#'.repeat(Math.min(6, level + n - 1));
  const at = (seconds: number): string => `[${formatTime(seconds)}](${markdownUrl(momentUrl(view.videoId, seconds, view.url))})`;
  const person = (name: string | null, suggested: boolean): string => (name === null ? 'unknown' : `${inline(name)}${suggested ? ' (suggested)' : ''}`);
  const labels = new Map(view.topics.map((t) => [t.id, t.label]));
  const out: string[] = [`${h(1)} Who answered what: ${escapeHeading(view.title.replace(/\s+/g, ' '))}`, ''];
  if (view.notice) out.push(`> ${inline(view.notice)}`, '');
  if (view.moderator) out.push(`Moderator: ${inline(view.moderator)}`, '');

  out.push(`${h(2)} Questions`, '');
  if (!view.questions.length) out.push('No questions found.', '');
  view.questions.forEach((q, i) => {
    const who = inline(askedBy(q));
    const topic = q.topic === undefined ? '' : ` · ${inline(labels.get(q.topic) ?? q.topic)}`;
    out.push(`${i + 1}. ${at(q.start)} ${who}${topic}: ${inline(q.text)}`);
    if (!q.answers.length) out.push('   - no answer');
    for (const a of q.answers) out.push(`   - ${at(a.start)} ${person(a.speaker, a.suggested)}: ${inline(a.words)}`);
  });
  out.push('');

  out.push(`${h(2)} Speaking time by topic`, '');
  if (!view.speakingTime.length) out.push('Nobody is named yet.', '');
  else {
    out.push(`| Speaker | ${view.topics.map((t) => inline(t.label).replace(/\|/g, '\\|')).join(' | ')} | Total |`);
    out.push(`| --- | ${view.topics.map(() => '---:').join(' | ')} | ---: |`);
    for (const row of view.speakingTime) {
      const cells = view.topics.map(({ id }) => {
        const cell = row.cells[id];
        return cell ? `[${formatTime(cell.seconds)}](${markdownUrl(momentUrl(view.videoId, cell.moments[0] ?? 0, view.url))})` : '';
      });
      out.push(`| ${person(row.speaker, row.suggested).replace(/\|/g, '\\|')} | ${cells.join(' | ')} | ${formatTime(row.total)} |`);
    }
    out.push('', 'Each time links to where that person first speaks on the topic.');
  }
  return `${out.join('\n')}\n`;
}
