/** Types for the parts of webvtt-parser (W3C's reference WebVTT parser) that we use. */
declare module 'webvtt-parser' {
  export interface WebVTTCue {
    id: string;
    startTime: number;
    endTime: number;
    /** Raw cue text, markup and entities included. */
    text: string;
  }
  export interface WebVTTParseError {
    message: string;
    line: number;
    col?: number;
  }
  interface WebVTTParser {
    parse(input: string, mode?: 'subtitles' | 'chapters' | 'metadata'): { cues: WebVTTCue[]; errors: WebVTTParseError[] };
  }
  /** A CommonJS module: Node's ESM loader exposes it as the default export only. */
  const webvttParser: { WebVTTParser: new () => WebVTTParser };
  export default webvttParser;
}
