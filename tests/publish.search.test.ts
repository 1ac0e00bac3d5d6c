import type { SearchResponse } from '../index/searchTypes.js';
import { publishApp, siteSearch } from './support/publishedSite.js';
import { transcript } from './support/records.js';
import { freshApps, type TestApp } from './support/testApp.js';

/**
 * A published site's search (index/siteIndex.ts, as web/search.ts runs it in the browser) finds
 * what the app finds: the same passages, in the same order, at the same seconds, with the same
 * scores, excerpts and facets, whatever part of the site a search loaded first. The library is
 * the sample with notes and a speaker, and a second talk, so scores are library-wide.
 */

const VIDEO = 'S6Sjj6OtyvY';
const OTHER = 'pubTalk0001';
const { fresh } = freshApps();
let app: TestApp;
let files: Map<string, string>;

beforeAll(async () => {
  app = await fresh();
  await app.notes.add(VIDEO, { start: '5:00', text: 'Posted interrupts: worth rereading before the reading group', tags: ['public'] });
  await app.notes.add(VIDEO, { start: '12:00', text: 'seccomp sandbox remark, compare with the migration part', tags: ['private'] });
  await app.notes.addTurn(VIDEO, { start: '0:00', end: '4:00', name: 'Ada Moderator' });
  await app.catalog.add(
    transcript(OTHER, [
      { start: 0, duration: 20, text: 'welcome to a short talk about live migration of virtual machines' },
      { start: 30, duration: 20, text: 'posted interrupts make interrupt delivery cheaper for the guest' },
      { start: 60, duration: 20, text: 'seccomp filters and the sandbox keep qemu contained' },
    ]),
  );
  files = await publishApp(app);
});

const QUERIES = [
  'posted interrupts',
  '"live migration"',
  'seccomp topic:security',
  'migrtion~1',
  'virt*',
  'interrupts -arm',
  'seccomp OR apparmor',
  'code review',
  'rereading',
  'kind:note',
  'topic:hardware',
  'speaker:ada',
  `video:${OTHER} migration`,
  'multi queue',
  'qemu +kvm',
  'foo: bar',
];

/** What the app's /api/search compares on: everything but nothing. */
function comparable(response: SearchResponse): SearchResponse {
  return JSON.parse(JSON.stringify(response)) as SearchResponse;
}

describe('a published site searches as the app does', () => {
  it.each(QUERIES)('%s', async (q) => {
    const site = siteSearch(files);
    expect(comparable(await site.search(q, { limit: 20 }))).toEqual(comparable(app.catalog.search(q, { limit: 20 })));
  });

  it('the queries find something to compare: passages of both talks, notes, and a named speaker', () => {
    const results = QUERIES.flatMap((q) => app.catalog.search(q, { limit: 20 }).results);
    expect(new Set(results.map((r) => r.videoId))).toEqual(new Set([VIDEO, OTHER]));
    expect(results.some((r) => r.kind === 'note')).toBe(true);
    expect(results.some((r) => r.speaker === 'Ada Moderator')).toBe(true);
  });

  it('finds the same whichever talks and topics were loaded before', async () => {
    const site = siteSearch(files);
    // A narrow search first loads one talk's one topic; later ones load the rest.
    for (const [q, options] of [
      ['seccomp', { topic: 'security', video: VIDEO }],
      ['posted interrupts', { video: VIDEO }],
      ['posted interrupts', {}],
      ['seccomp', { topic: 'security' }],
    ] as const) {
      expect(comparable(await site.search(q, { ...options, limit: 10 }))).toEqual(comparable(app.catalog.search(q, { ...options, limit: 10 })));
    }
  });

  it('says what is wrong as the app does', async () => {
    const site = siteSearch(files);
    await expect(site.search('the of and')).rejects.toThrow(/nothing to search for/);
    await expect(site.search('x topic:nope')).rejects.toThrow(/no topic "nope"/);
    await expect(site.search('x', { video: 'AAAAAAAAAAA' })).rejects.toThrow(/no video AAAAAAAAAAA/);
  });
});

describe('loading on demand', () => {
  it('a search of one talk and topic reads that shard, not the other talk or topics', async () => {
    const site = siteSearch(files);
    await site.search('seccomp topic:security', { video: VIDEO });
    const talkFiles = site.loaded.filter((p) => p.startsWith('search/talks/'));
    expect(talkFiles.sort()).toEqual([`search/talks/${VIDEO}/notes.json`, `search/talks/${VIDEO}/passages.json`, `search/talks/${VIDEO}/security.json`]);
  });

  it('kind:transcript reads no notes, and a file is read once', async () => {
    const site = siteSearch(files);
    await site.search('posted kind:transcript');
    await site.search('posted kind:transcript');
    expect(site.loaded.some((p) => p.endsWith('notes.json'))).toBe(false);
    expect(new Set(site.loaded).size).toBe(site.loaded.length);
  });

  it('notes published with a tag are the only notes searched', async () => {
    const tagged = siteSearch(await publishApp(app, { notesTag: 'public' }));
    expect((await tagged.search('rereading')).total).toBe(1);
    expect((await tagged.search('sandbox remark kind:note')).total).toBe(0);
  });
});
