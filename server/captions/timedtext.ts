import { Parser } from 'htmlparser2';
import { plainText, takeTurnMarker } from './text.js';
import { timedWords } from './cueText.js';
import { checkCueCount, checkNesting, excerpt } from './limits.js';
import type { Cue, ParsedCaptions, SkippedCue, Token } from './types.js';

/**
 * YouTube's timedtext XML in both shapes it serves: classic srv1 (`<text start="1.2" dur="3">`,
 * seconds) and srv3 (`<p t="1200" d="3000"><s t="400">word</s>`, milliseconds, word offsets
 * relative to the paragraph). Empty elements are YouTube's line-break events, not damage,
 * so only elements with unusable times are reported as skipped.
 *
 * htmlparser2 keeps its open elements in an array it adds to and takes from at the front, so
 * each element costs as much as the elements around it: 200,000 nested `<s>` took 5 s. Counting
 * depth here and refusing past CAPTION_LIMITS.nesting keeps that array short (the first
 * element too deep stops the parse at once); cues are counted as they open, likewise.
 */
export function parseTimedText(xml: string): ParsedCaptions {
  const cues: Cue[] = [];
  const skipped: SkippedCue[] = [];
  let srv3 = false;
  let current: { start: number; end: number; line: number; tokens: Token[] } | undefined;
  let language: string | undefined;
  const lineAt = lineCounter(xml);
  let depth = 0;
  let elements = 0;

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        checkNesting(++depth, 'XML elements');
        const line = lineAt(parser.startIndex);
        if (name === 'timedtext' && attrs.format === '3') srv3 = true;
        if ((name === 'timedtext' || name === 'transcript') && attrs['xml:lang']) language = attrs['xml:lang'];
        if (name === 'text' || name === 'p') {
          checkCueCount(++elements, `<${name}> elements`, 'so far');
          srv3 ||= name === 'p';
          const scale = name === 'p' ? 1000 : 1;
          const start = Number(name === 'p' ? attrs.t : attrs.start) / scale;
          const duration = Number((name === 'p' ? attrs.d : attrs.dur) ?? 0) / scale;
          if (!Number.isFinite(start) || start < 0 || !Number.isFinite(duration) || duration < 0) {
            skipped.push({
              line,
              reason: `unusable time (start=${excerpt(String(attrs.t ?? attrs.start))}, duration=${excerpt(String(attrs.d ?? attrs.dur))})`,
            });
            current = undefined;
            return;
          }
          current = { start, end: start + duration, line, tokens: [{ text: '', start }] };
        } else if (name === 's' && current && attrs.t !== undefined) {
          const offset = Number(attrs.t) / 1000;
          current.tokens.push({ text: '', start: Number.isFinite(offset) ? current.start + offset : undefined });
        } else if (name === 'br' && current) {
          (current.tokens[current.tokens.length - 1] as Token).text += ' ';
        }
      },
      ontext(data) {
        if (current) (current.tokens[current.tokens.length - 1] as Token).text += data;
      },
      onclosetag(name) {
        depth--;
        if ((name !== 'text' && name !== 'p') || !current) return;
        const { text, turnAt } = takeTurnMarker(plainText(current.tokens.map((t) => t.text).join('')));
        if (text) {
          const timed = current.tokens.length > 1;
          cues.push({
            start: current.start,
            end: current.end,
            text,
            line: current.line,
            ...(timed ? { words: timedWords(current.tokens) } : {}),
            ...(turnAt === undefined ? {} : { turnAt }),
          });
        }
        current = undefined;
      },
    },
    // XML entities are decoded here; `&lt;i&gt;` becomes a tag plainText removes, and what
    // YouTube escaped twice (`&amp;#39;`) is decoded again there.
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return { format: srv3 ? 'srv3' : 'timedtext', cues, skipped, ...(language ? { language } : {}) };
}

/** Maps a character index to a 1-based line number, scanning forward only. */
function lineCounter(text: string): (index: number) => number {
  let line = 1;
  let at = 0;
  return (index) => {
    for (; at < index && at < text.length; at++) if (text.charCodeAt(at) === 10) line++;
    return line;
  };
}
