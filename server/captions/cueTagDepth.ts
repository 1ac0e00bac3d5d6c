import { checkNesting } from './limits.js';

/** Tags webvtt-parser opens a node of the cue's tree for (`rt` only inside `ruby`). */
const NESTING_TAGS = new Set(['c', 'i', 'b', 'u', 'ruby', 'v', 'lang']);

/**
 * Refuses WebVTT whose cue tags nest deeper than CAPTION_LIMITS.nesting, before webvtt-parser
 * sees it. The parser builds every cue's tag tree (in 'metadata' mode too) and then copies it
 * recursively, so 10,000 `<c>` opened inside one another overflow the stack, and each `<v>`
 * looks up through all the open tags for another `<v>`.
 *
 * This follows the spec's cue text tokenizer as the parser implements it, far enough to know
 * which tags open a node and which close one: `<name.class annotation>` opens, `</name>`
 * closes only the innermost tag of exactly that name (`</ruby>` also the `<rt>` inside it),
 * `<00:01.000>` is a timestamp. Blocks are told apart more loosely than the parser does
 * (every line with `-->` and every blank line starts afresh), which can only count a tag that
 * the parser would not: a file it lets through never has deeper trees than this measured.
 * One pass over the text; `<` is found with indexOf.
 *
 * @example checkCueTagDepth(['00:01.000 --> 00:02.000', '<c>'.repeat(100) + 'x']) // throws CAPTIONS_TOO_COMPLEX
 */
export function checkCueTagDepth(lines: readonly string[]): void {
  const open: string[] = [];
  let state: 'data' | 'tag' | 'name' | 'class' | 'annotation' | 'end' | 'timestamp' = 'data';
  let name = '';

  const startTag = (): void => {
    if (NESTING_TAGS.has(name) || (name === 'rt' && open[open.length - 1] === 'ruby')) {
      open.push(name);
      checkNesting(open.length, 'cue tags');
    }
    state = 'data';
  };
  const endTag = (): void => {
    const top = open[open.length - 1];
    if (name === top) open.pop();
    else if (name === 'ruby' && top === 'rt') open.length -= 2;
    state = 'data';
  };

  for (const line of lines) {
    if (line === '' || line.includes('-->')) {
      open.length = 0;
      state = 'data';
      continue;
    }
    // Lines of one cue are joined with "\n" before the cue text is read, so tags run on across them.
    const text = state === 'data' ? line : `\n${line}`;
    for (let at = 0; at < text.length; at++) {
      const c = text[at] as string;
      switch (state) {
        case 'data': {
          const next = text.indexOf('<', at);
          if (next === -1) at = text.length;
          else {
            at = next;
            state = 'tag';
            name = '';
          }
          break;
        }
        case 'tag':
          if (c === '\t' || c === '\n' || c === '\f' || c === ' ') state = 'annotation';
          else if (c === '.') state = 'class';
          else if (c === '/') state = 'end';
          else if (c >= '0' && c <= '9') state = 'timestamp';
          else if (c === '>') startTag();
          else {
            name = c;
            state = 'name';
          }
          break;
        case 'name':
          if (c === '\t' || c === '\n' || c === '\f' || c === ' ') state = 'annotation';
          else if (c === '.') state = 'class';
          else if (c === '>') startTag();
          else name = longer(name, c);
          break;
        case 'class':
        case 'annotation':
          if (c === '>') startTag();
          break;
        case 'end':
          if (c === '>') endTag();
          else name = longer(name, c);
          break;
        case 'timestamp':
          if (c === '>') state = 'data';
          break;
      }
    }
  }
}

/** Names are compared with tag names of at most 4 letters: 5 characters say "none of them". */
function longer(name: string, c: string): string {
  return name.length < 5 ? name + c : name;
}
