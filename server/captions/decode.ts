import iconv from 'iconv-lite';

/**
 * Caption files arrive in whatever encoding the tool that wrote them chose. A BOM decides;
 * without one, UTF-8 is tried strictly and Windows-1252 (the usual legacy subtitle encoding)
 * takes over if the bytes are not valid UTF-8.
 */
export function decodeCaptionBytes(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  let text: string;
  if (b0 === 0xff && b1 === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (b0 === 0xfe && b1 === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else if (looksUtf16(bytes)) text = new TextDecoder(bytes[0] === 0 ? 'utf-16be' : 'utf-16le').decode(bytes);
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      // iconv-lite, not TextDecoder: Node's 'windows-1252' decodes 0x80-0x9F as Latin-1
      // control characters, losing the curly quotes and dashes those bytes stand for.
      text = iconv.decode(Buffer.from(bytes), 'windows-1252');
    }
  }
  // WebVTT: NUL becomes U+FFFD before parsing; doing it for every format keeps text printable.
  return text.replace(/^\uFEFF/, '').replace(/\0/g, '\uFFFD');
}

/** Without a BOM, UTF-16 text of mostly ASCII shows as every other byte being NUL. */
function looksUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 200);
  if (sample.length < 4) return false;
  let even = 0;
  let odd = 0;
  sample.forEach((byte, i) => {
    if (byte === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  });
  const half = sample.length / 2;
  return even > half * 0.6 || odd > half * 0.6;
}
