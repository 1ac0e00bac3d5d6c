import request from 'supertest';
import { fakeYouTube, ok, watchPageFor, workingYouTubeFor, youtubeFixture, youTubeOf } from './support/fakeYouTube.js';
import { formAgent } from './support/formAgent.js';
import { attr, byId, labelOf, one, page, seeOther, tag, text, textarea } from './support/html.js';
import { APP_ENGINES, freshApps } from './support/testApp.js';

/** The add-video page takes a list of URLs: fetched one after another, each talk followed on one page. */
const [ONE, TWO, THREE] = ['kvmTalk0001', 'kvmTalk0002', 'kvmTalk0003'];
const SAMPLE = 'S6Sjj6OtyvY';
describe.each(APP_ENGINES)('on %s', (engine) => {
  const { fresh } = freshApps({ engine });

  const blocked = () =>
    fakeYouTube({
      player: ok(youtubeFixture('player-bot-check.json'), 'application/json'),
      watch: ok(watchPageFor(youtubeFixture('player-bot-check.json')), 'text/html'),
    });

  describe('a list of URLs on the add-video page', () => {
    it('offers a labelled text area for several talks', async () => {
      const { main, doc } = page(await request((await fresh()).app).get('/videos/new'), 200);
      const form = one(main, (el) => el.name === 'form' && el.attribs.action === '/videos/batch', 'list form');
      const urls = byId(form, 'urls');
      expect(urls.name).toBe('textarea');
      expect(attr(urls, 'name')).toBe('urls');
      expect(labelOf(doc, urls)).toBe('YouTube URLs or video ids, one a line');
    });

    it('fetches each talk in turn, the sample too; the page follows them, with why one failed and the way out', async () => {
      const youtube = youTubeOf({ [ONE]: workingYouTubeFor(ONE), [TWO]: blocked(), [SAMPLE]: workingYouTubeFor(SAMPLE) });
      const app = await fresh({ fetch: youtube.fetch });
      const browser = await formAgent(app.app);

      const posted = await browser.post('/videos/batch', {
        urls: `# KVM Forum 2016\nhttps://youtu.be/${ONE}\n\n${TWO}\nhttps://www.youtube.com/watch?v=${SAMPLE}\n${ONE}\n`,
      });
      const batchPage = seeOther(posted);
      expect(batchPage).toMatch(/^\/batches\/[0-9a-f-]{36}$/);
      await app.jobs.idle();

      const { main } = page(await request(app.app).get(batchPage), 200);
      expect(text(tag(main, 'h1')[0]!)).toBe('Fetching 3 talks');
      expect(text(one(main, (el) => el.attribs.role === 'status', 'status'))).toBe('2 fetched, 0 already there, 1 failed.');
      const item = (id: string) => one(main, (el) => el.name === 'li' && el.attribs['data-video'] === id, id);
      expect(attr(item(ONE), 'data-state')).toBe('done');
      expect(
        attr(
          one(item(ONE), (el) => el.name === 'a', 'link'),
          'href',
        ),
      ).toBe(`/videos/${ONE}`);
      expect(text(item(TWO))).toMatch(/YouTube refused this machine: "Sign in to confirm/);
      expect(
        attr(
          one(item(TWO), (el) => el.name === 'a', 'link'),
          'href',
        ),
      ).toBe(`/videos/new?video=${TWO}#upload`);
      expect(app.catalog.get(SAMPLE).record.source).toBe('youtube');
      expect(youtube.asked).toEqual([ONE, TWO, SAMPLE]);

      // The same list again: what is there is skipped, the failed talk tried again.
      const again = seeOther(await browser.post('/videos/batch', { urls: `${ONE}\n${TWO}\n${SAMPLE}` }));
      await app.jobs.idle();
      const second = page(await request(app.app).get(again), 200);
      expect(text(one(second.main, (el) => el.attribs.role === 'status', 'status'))).toBe('0 fetched, 2 already there, 1 failed.');
      expect(youtube.asked).toEqual([ONE, TWO, SAMPLE, TWO]);
    });

    it('names a bad line and keeps the list, fetching nothing', async () => {
      const youtube = youTubeOf({});
      const app = await fresh({ fetch: youtube.fetch });
      const list = `${ONE}\nnot a video\n${THREE}`;
      const { main } = page(await (await formAgent(app.app)).post('/videos/batch', { urls: list }), 400);
      expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toMatch(/^line 2: not a YouTube video: "not a video"/);
      expect(textarea(byId(main, 'urls'))).toBe(list);
      await app.jobs.idle();
      expect(youtube.asked).toEqual([]);
    });

    it('an unknown list is a 404', async () => {
      expect((await request((await fresh()).app).get('/batches/nope')).status).toBe(404);
    });
  });
});
