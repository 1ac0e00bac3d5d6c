/*
 * Plain text inside Markdown (CommonMark, GFM, Obsidian): what the notes and transcript exports
 * write escaped, so a person's words never turn into markup, links or structure.
 */

/** Escapes what makes Markdown (CommonMark, GFM, Obsidian) read plain text as markup or links. */
export function escapeInline(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/[<[\]]/g, (c) => `\\${c}`)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/%%/g, '\\%\\%')
    .replace(/\$\$/g, '\\$\\$');
}

/** Heading text: a trailing ` #` would be read as the heading's closing sequence and dropped. */
export function escapeHeading(text: string): string {
  return escapeInline(text).replace(/(^|\s)(#+)$/, '$1\\$2');
}

/** Lines that would open a block: heading, quote, list, rule, setext underline, fence, table row. */
const BLOCK_START = [
  /^#{1,6}(?:\s|$)/, // heading (`#tag` alone is an Obsidian tag and stays one)
  /^>/, // quote, Obsidian callout
  /^[-+*](?:\s|$)/, // bullet
  /^([-*_])(?:\s*\1){2,}\s*$/, // thematic break
  /^(?:=+|-+)\s*$/, // setext underline
  /^(?:`{3,}|~{3,})/, // fence
  /^\|/, // table row
  /^:?-+:?\s*\|/, // table delimiter row without a leading pipe
];

export function escapeLineStart(line: string): string {
  const number = /^(\d{1,9})([.)])(?=\s|$)/.exec(line);
  if (number) return `${number[1]}\\${number[2]}${line.slice(number[0].length)}`;
  return BLOCK_START.some((start) => start.test(line)) ? `\\${line}` : line;
}

/** A URL as a Markdown link destination: nothing in it can end the link early. */
export function markdownUrl(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
