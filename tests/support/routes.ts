import request from 'supertest';
import { json, type Body } from './api.js';
import type { FormAgent } from './formAgent.js';
import { page, type Page } from './html.js';
import type { TestApp } from './testApp.js';

/** What the route tests of every area ask the same way: the API's search, the sample's transcript page, a small caption file. */

const SAMPLE = 'S6Sjj6OtyvY';

/** The API's search. */
/** What /api/search answers, as the route tests read it. */
type SearchAnswer = { total: number; results: Body[]; topics: Record<string, number>; speakers: Record<string, number> };

export async function search(app: TestApp, q: string, query: Record<string, string | number> = {}): Promise<SearchAnswer> {
  return json(
    await request(app.app)
      .get('/api/search')
      .query({ q, limit: 100, ...query }),
    200,
  ) as unknown as SearchAnswer;
}

/** The transcript page for the sample (at `query`), parsed. */
export async function transcript(browser: FormAgent, query = ''): Promise<Page> {
  return page(await browser.agent.get(`/videos/${SAMPLE}${query}`), 200);
}

/** Two cues of a storage talk, as WebVTT: a caption file to upload or import. */
export const STORAGE_VTT = [
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:04.000',
  'Welcome to the storage session.',
  '',
  '00:01:30.000 --> 00:01:34.500',
  'A question from the back about snapshots.',
  '',
].join('\n');
