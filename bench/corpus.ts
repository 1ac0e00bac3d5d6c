import type { TranscriptRecord, Segment } from '../server/transcript/types.js';
import type { TopicVocabulary } from '../index/types.js';

/**
 * Deterministic synthetic talks for the benchmark: Zipf-distributed words (a few hundred
 * common English words, then a long tail of invented ones, as real vocabularies have), the
 * topic vocabulary in long stretches like a panel's, and technical tokens people search for.
 */
const COMMON = `the of and to a in that is it you for this was we on with as have but be are not they at so
what there just like all can one about if from or do my your an by which will would know so think
people some time when more out up then them get go right very now really because been going how well
where who other these two into over also well first thing things much work make way need lot
good say said see use used because want any could should those only new year years actually kind sort
question point case part back still even here most many same different mean different bit little`.split(/\s+/);
const TECHNICAL = `qemu kvm libvirt virtio vhost virtio-blk vhost-user x86 avx512 sev cve-2015-3456 2.7 2.8
migration hypervisor guest host kernel device memory cpu disk network block image snapshot
interrupt posted apicv iommu vfio nvdimm numa pml seccomp selinux svirt patch release maintainer`.split(/\s+/);

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function inventedWords(count: number, random: () => number): string[] {
  const syllables = ['ka', 'lo', 'mi', 'ren', 'tor', 'vas', 'qui', 'del', 'par', 'sen', 'ul', 'bri', 'con', 'fex', 'ga', 'hol', 'ix', 'jun'];
  const words = new Set<string>();
  while (words.size < count) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += syllables[Math.floor(random() * syllables.length)];
    words.add(w);
  }
  return [...words];
}

/** Samples rank r with probability proportional to 1 / (r + 1). */
function zipfSampler(size: number, random: () => number): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let r = 0; r < size; r++) cumulative[r] = total += 1 / (r + 1);
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** One synthetic talk of `minutes`, its id derived from `n` so runs are reproducible. */
export function syntheticTalk(n: number, minutes: number, topics: TopicVocabulary, seed = 42): TranscriptRecord {
  const random = rng(seed * 1_000_003 + n);
  const vocabulary = [...COMMON, ...inventedWords(20_000, rng(seed))];
  const zipf = zipfSampler(vocabulary.length, random);
  const topicWords = topics.topics.map((t) => [...Object.keys(t.terms), ...Object.keys(t.phrases)]);
  const segments: Segment[] = [];
  let time = 0.5;
  let topic = -1;
  let topicEnds = 0;
  while (time < minutes * 60) {
    if (time >= topicEnds) {
      topic = Math.floor(random() * (topicWords.length + 1)) - 1; // -1: general talk
      topicEnds = time + 180 + random() * 600;
    }
    const count = 5 + Math.floor(random() * 7);
    const words: string[] = [];
    for (let i = 0; i < count; i++) {
      const roll = random();
      const pool = topic >= 0 ? topicWords[topic] : undefined;
      if (pool && roll < 0.12) words.push(pool[Math.floor(random() * pool.length)] as string);
      else if (roll < 0.16) words.push(TECHNICAL[Math.floor(random() * TECHNICAL.length)] as string);
      else words.push(vocabulary[zipf()] as string);
    }
    const duration = Math.round((count / 2.5) * 1000) / 1000;
    segments.push({ start: Math.round(time * 1000) / 1000, duration, text: words.join(' ') });
    time += duration + (random() < 0.2 ? Math.round(random() * 1500) / 1000 : 0);
  }
  const videoId = `bench${String(n).padStart(6, '0')}`;
  return {
    formatVersion: 1,
    videoId,
    title: `Synthetic talk ${n}`,
    url: `https://www.youtube.com/watch?v=${videoId}`,
    language: 'en',
    captionKind: 'asr',
    source: 'file',
    fetchedAt: '2026-01-01T00:00:00.000Z',
    metadata: {},
    segments,
  };
}
