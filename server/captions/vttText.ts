/** Text as a WebVTT file holds it: in a cue, and in a comment (NOTE) block. Used by every file panelnotes writes in WebVTT. */

/** `&`, `<` and `>` as WebVTT character references; `-->` thereby becomes `--&gt;`. */
export function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A NOTE block's text may hold neither `-->` nor a line break. */
export function vttComment(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/-->/g, '->');
}
