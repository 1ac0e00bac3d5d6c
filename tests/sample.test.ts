import { readFile } from 'node:fs/promises';
import { loadTranscript } from '../server/library.js';
import { SAMPLE_DIR } from '../server/config.js';
import { fixture } from './support/sharedFixtures.js';

/** The shipped offline sample: the panel's real metadata with a synthetic, clearly marked transcript. */
describe('the shipped sample', () => {
  const load = () => loadTranscript(SAMPLE_DIR, 'S6Sjj6OtyvY');

  it('is a valid library record marked as a sample, with a notice saying so', async () => {
    const sample = await load();
    expect(sample.source).toBe('sample');
    expect(sample.notice).toMatch(/synthetic/i);
    expect(sample.notice).toContain('panelnotes fetch S6Sjj6OtyvY');
  });

  it('carries the panel metadata', async () => {
    const { title, url, metadata } = await load();
    expect(title).toBe('[2016] Virtualization Developer Panel');
    expect(url).toBe('https://www.youtube.com/watch?v=S6Sjj6OtyvY');
    expect(metadata.published).toBe('2016-09-01');
    expect(metadata.playlist).toBe('KVM Forum 2016');
    expect(metadata.panelists?.map((p) => [p.name.split(' ').pop(), p.affiliation])).toEqual([
      ['Hajnoczi', 'Red Hat'],
      ['Berrange', 'Red Hat'],
      ['Bonzini', 'Red Hat'],
      ['Honig', 'Google'],
      ['Lunev', 'Virtuozzo'],
    ]);
  });

  it('runs 45 to 60 minutes in short auto-caption fragments', async () => {
    const { segments } = await load();
    const last = segments[segments.length - 1];
    expect(last && last.start + last.duration).toBeGreaterThan(45 * 60);
    expect(last && last.start + last.duration).toBeLessThan(60 * 60);
    for (const s of segments) expect(s.duration).toBeLessThanOrEqual(6);
  });

  it("puts no words in a named panelist's mouth", async () => {
    const { segments, metadata } = await load();
    const text = segments
      .map((s) => s.text)
      .join(' ')
      .toLowerCase();
    const nameParts = (metadata.panelists ?? []).flatMap((p) => p.name.toLowerCase().replace(/[()]/g, '').split(' '));
    expect(nameParts.length).toBeGreaterThanOrEqual(10);
    expect(nameParts.filter((part) => new RegExp(`\\b${part}\\b`).test(text))).toEqual([]);
    expect(segments.some((s) => s.speaker)).toBe(false);
  });

  it('has hand labels covering the whole talk with the three panel topics', async () => {
    const { segments } = await load();
    const { labels } = JSON.parse(await readFile(fixture('sample-topic-labels.json'), 'utf8')) as {
      labels: { start: number; end: number; topic: string }[];
    };
    expect(labels[0]?.start).toBe(0);
    labels.slice(1).forEach((label, i) => expect(label.start).toBe(labels[i]?.end));
    const last = segments[segments.length - 1];
    expect(labels[labels.length - 1]?.end).toBeCloseTo(last ? last.start + last.duration : 0, 1);
    expect(new Set(labels.map((l) => l.topic))).toEqual(new Set(['general', 'security', 'hardware', 'process']));
  });
});
