import { talkFor, titleFromFile } from '../server/ingest/talk.js';
import { isTalkId, isVideoId, localId, momentUrl, onYouTube, parseTalkId } from '../server/videoId.js';

/** The one id rule: YouTube's ids and local ones never taken for each other, in routes, jobs, the CLI and file names. */

const LOCAL = 'local-0123456789abcdef';

describe('talk ids', () => {
  it.each([
    ['S6Sjj6OtyvY', true, true],
    [LOCAL, true, false],
    ['local-abcde', true, true], // 11 characters: a YouTube id, however it reads
    ['local-0123456789ABCDEF', false, false],
    ['local-0123456789abcde', false, false],
    ['../etc/passwd', false, false],
    ['', false, false],
  ])('%j: a talk id %s, on YouTube %s', (id, talk, youTube) => {
    expect(isTalkId(id)).toBe(talk);
    expect(isVideoId(id)).toBe(youTube);
    if (talk) expect(onYouTube(id)).toBe(youTube);
  });

  it('a local id is 22 characters, never 11, and stays the same for the same key', () => {
    const id = localId('url:https://media.example.org/talk.mp4');
    expect(id).toMatch(/^local-[0-9a-f]{16}$/);
    expect(id).toHaveLength(22);
    expect(localId('url:https://media.example.org/talk.mp4')).toBe(id);
    expect(localId('url:https://media.example.org/other.mp4')).not.toBe(id);
  });

  it.each([
    [LOCAL, LOCAL],
    [`  ${LOCAL} `, LOCAL],
    ['https://youtu.be/S6Sjj6OtyvY?t=4', 'S6Sjj6OtyvY'],
  ])('parseTalkId(%j) is %j', (input, id) => {
    expect(parseTalkId(input)).toBe(id);
  });

  it.each(['local-xyz', 'LOCAL-0123456789abcdef', 'https://example.org/talk'])('parseTalkId(%j) refuses it with INVALID_VIDEO_ID', (input) => {
    expect(() => parseTalkId(input)).toThrow(expect.objectContaining({ code: 'INVALID_VIDEO_ID' }));
  });
});

describe('where a moment of a talk is watched', () => {
  it.each([
    ['S6Sjj6OtyvY', 90.7, undefined, 'https://www.youtube.com/watch?v=S6Sjj6OtyvY&t=90s'],
    [LOCAL, 90.7, 'https://media.example.org/talk.mp4', 'https://media.example.org/talk.mp4#t=90'],
    [LOCAL, 90, 'https://media.example.org/talk.MP3?x=1#old', 'https://media.example.org/talk.MP3?x=1#t=90'],
    [LOCAL, 90, 'https://conf.example.org/talks/42', 'https://conf.example.org/talks/42'],
    [LOCAL, 90, undefined, `/videos/${LOCAL}?t=90`],
    [LOCAL, undefined, 'https://media.example.org/talk.mp4', 'https://media.example.org/talk.mp4'],
  ])('%s at %s with URL %s: %s', (id, at, url, expected) => {
    expect(momentUrl(id, at, url)).toBe(expected);
  });
});

describe('which talk an import is for', () => {
  const bytes = Buffer.from('WEBVTT\n');
  it.each([
    ['S6Sjj6OtyvY', undefined, { videoId: 'S6Sjj6OtyvY' }],
    ['S6Sjj6OtyvY', 'https://media.example.org/t.mp4', { videoId: 'S6Sjj6OtyvY' }],
    [LOCAL, 'https://media.example.org/t.mp4', { videoId: LOCAL, url: 'https://media.example.org/t.mp4' }],
    [undefined, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', { videoId: 'dQw4w9WgXcQ' }],
    [undefined, 'https://media.example.org/t.mp4', { videoId: localId('url:https://media.example.org/t.mp4'), url: 'https://media.example.org/t.mp4' }],
  ])('video %j, URL %j: %j', (video, url, talk) => {
    expect(talkFor(video, url, bytes)).toEqual(talk);
  });

  it('with neither, the file decides: the same bytes the same talk, other bytes another', () => {
    const one = talkFor(undefined, undefined, bytes).videoId;
    expect(talkFor(undefined, '', Buffer.from('WEBVTT\n')).videoId).toBe(one);
    expect(talkFor(undefined, undefined, Buffer.from('WEBVTT\n\n')).videoId).not.toBe(one);
  });

  it.each([
    ['/tmp/Opening keynote.en.srt', 'Opening keynote'],
    ['talk.vtt', 'talk'],
    ['talk.pt-BR.vtt', 'talk'],
    ['notes', 'notes'],
  ])('a local talk from %j is named %j', (file, title) => {
    expect(titleFromFile(file)).toBe(title);
  });
});
