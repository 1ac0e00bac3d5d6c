/**
 * Where a text failed to parse as JSON, without its content: Node's `JSON.parse` quotes the
 * text around the fault in its message, and a file's content is never echoed back (it may be
 * a secret that a link or a symlink pointed at).
 *
 * @example whereJsonBreaks(new SyntaxError('Unexpected token r, "root:x:0:0" is not valid JSON at position 0')) // 'at character 0'
 */
export function whereJsonBreaks(error: unknown): string {
  const position = /position (\d+)/.exec((error as Error)?.message ?? '')?.[1];
  return position === undefined ? 'does not parse' : `breaks at character ${position}`;
}
