import { compileGlossary } from '../index/analyze.js';
import { buildShard, indexTerms, spokenWords } from '../index/build.js';
import { toPassages } from '../index/passages.js';
import { passageTerms, readTalkWords, wordLines } from '../index/talkWords.js';
import { SAMPLE_DIR } from '../server/config.js';
import { loadTranscript } from '../server/library.js';
import { loadVocabulary } from '../server/search/vocabulary.js';

const glossary = compileGlossary({ libvirt: ['lib vert'] });

describe('readTalkWords', () => {
  const passages = toPassages('talkwords01', [
    { start: 0, duration: 4, text: 'Posted interrupts, posted-interrupt' },
    {
      start: 4,
      duration: 4,
      text: 'and lib vert',
      turn: true,
      words: [
        { start: 4, text: 'and' },
        { start: 5.5, text: 'lib vert' },
      ],
    },
  ]);
  const talk = readTalkWords(passages, glossary);
  const said = Array.from(talk.tokens, (id) => talk.words[id]);

  it('numbers the words said, a misheard term as its term, one id per word and per stem', () => {
    expect(said).toEqual(['posted', 'interrupts', 'posted', 'interrupt', 'and', 'libvirt']);
    expect(talk.tokens[0]).toBe(talk.tokens[2]);
    expect(talk.stemOf[talk.tokens[1] as number]).toBe(talk.stemOf[talk.tokens[3] as number]);
  });

  it('says where a phrase may run on: not after a comma or into a new passage, hyphenated words joined', () => {
    expect(Array.from(talk.links)).toEqual([0, 1, 0, 2, 0, 1]);
  });

  it('keeps the second each word was said, and how it was written other than at a sentence start', () => {
    expect(Array.from(talk.seconds).slice(4)).toEqual([4, 5.5]);
    expect([...talk.writings.keys()].map((id) => talk.words[id])).toEqual([]);
    const cased = readTalkWords(toPassages('talkwords02', [{ start: 0, duration: 4, text: 'We use APICv. Posted is fine, apicv too' }]), glossary);
    expect(Object.fromEntries([...cased.writings].map(([id, forms]) => [cased.words[id], Object.fromEntries(forms)]))).toEqual({ apicv: { APICv: 1 } });
  });

  // buildVideoIndex takes both from the words read once; notes and queries read text: they must agree.
  it("lists the talk's words as spokenWords does, and each passage's terms as indexTerms does", async () => {
    const sample = await loadTranscript(SAMPLE_DIR, 'S6Sjj6OtyvY');
    const samplePassages = toPassages(sample.videoId, sample.segments);
    const vocabulary = loadVocabulary();
    const read = readTalkWords(samplePassages, vocabulary.glossary);
    expect(wordLines(read)).toBe(spokenWords(samplePassages, vocabulary.glossary));
    samplePassages.forEach((p, i) => expect(passageTerms(read, i)).toEqual(indexTerms(p.text, vocabulary.glossary)));
    expect(buildShard(samplePassages, vocabulary.glossary, (doc) => passageTerms(read, doc.index))).toEqual(buildShard(samplePassages, vocabulary.glossary));
  });
});
