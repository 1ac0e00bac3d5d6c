import { parseQuery, parseStrict, QuerySyntaxError, type Clause, type ParsedQuery } from '../index/query.js';

/** A plain word as the parser returns it, with the defaults spelled out once. */
const term = (text: string, extra: Partial<Extract<Clause, { type: 'term' }>> = {}): Clause => ({
  type: 'term',
  text,
  presence: 'optional',
  prefix: false,
  fuzzy: 0,
  ...extra,
});
const phrase = (text: string, presence: Clause['presence'] = 'optional'): Clause => ({ type: 'phrase', text, presence });

describe('parseQuery: valid queries', () => {
  it.each<[string, Clause[]]>([
    ['posted interrupts', [term('posted'), term('interrupts')]],
    ['  libvirt\t qemu  ', [term('libvirt'), term('qemu')]],
    ['"posted interrupts"', [phrase('posted interrupts')]],
    ['"  posted interrupts  "', [phrase('posted interrupts')]],
    ['+libvirt', [term('libvirt', { presence: 'required' })]],
    ['+"posted interrupts"', [phrase('posted interrupts', 'required')]],
    ['-arm', [term('arm', { presence: 'prohibited' })]],
    ['-"device assignment"', [phrase('device assignment', 'prohibited')]],
    ['virt*', [term('virt', { prefix: true })]],
    ['migrtion~1', [term('migrtion', { fuzzy: 1 })]],
    ['migrtion~2', [term('migrtion', { fuzzy: 2 })]],
    ['migrtion~', [term('migrtion', { fuzzy: 1 })]],
    ['+qemu -kvm virt*', [term('qemu', { presence: 'required' }), term('kvm', { presence: 'prohibited' }), term('virt', { prefix: true })]],
    ['x86', [term('x86')]],
    ['2.7', [term('2.7')]],
    ['AVX512', [term('AVX512')]],
    ['naïve résumé', [term('naïve'), term('résumé')]],
    ['日本語', [term('日本語')]],
  ])('reads %j', (input, clauses) => {
    const parsed = parseQuery(input);
    expect(parsed).toEqual({ clauses, filters: {} });
    expect(parseStrict(input)).toEqual(parsed);
  });

  it.each<[string, Clause[]]>([
    ['virtio-blk', [phrase('virtio-blk')]],
    ['vhost-user', [phrase('vhost-user')]],
    ['CVE-2015-3456', [phrase('CVE-2015-3456')]],
    ['virtio–blk', [phrase('virtio–blk')]],
    ['+virtio-blk', [phrase('virtio-blk', 'required')]],
    ['-vhost-user', [phrase('vhost-user', 'prohibited')]],
  ])('reads the hyphenated word %j as a phrase of its parts, the way captions write it', (input, clauses) => {
    expect(parseQuery(input)).toEqual({ clauses, filters: {} });
  });

  it.each<[string, ParsedQuery['filters']]>([
    ['topic:security', { topic: 'security' }],
    ['speaker:bonzini', { speaker: 'bonzini' }],
    ['video:S6Sjj6OtyvY', { video: 'S6Sjj6OtyvY' }],
    ['kind:note', { kind: 'note' }],
    ['Topic:Security', { topic: 'Security' }],
    ['topic:security speaker:bonzini kind:transcript', { topic: 'security', speaker: 'bonzini', kind: 'transcript' }],
  ])('reads the filter %j', (input, filters) => {
    expect(parseQuery(input)).toEqual({ clauses: [], filters });
  });

  it('reads words, phrases, exclusions and filters together (the documented example)', () => {
    expect(parseQuery('"posted interrupts" -arm topic:hardware')).toEqual({
      clauses: [phrase('posted interrupts'), term('arm', { presence: 'prohibited' })],
      filters: { topic: 'hardware' },
    });
  });

  it('lets a quote start right after a word', () => {
    expect(parseQuery('qemu"posted interrupts"').clauses).toEqual([term('qemu'), phrase('posted interrupts')]);
  });
});

describe('parseQuery: OR', () => {
  const any = (...options: Clause[]): Clause => ({ type: 'any', options: options as Extract<Clause, { type: 'any' }>['options'], presence: 'optional' });

  it.each<[string, Clause[]]>([
    ['seccomp OR apparmor', [any(term('seccomp'), term('apparmor'))]],
    ['seccomp OR apparmor OR selinux', [any(term('seccomp'), term('apparmor'), term('selinux'))]],
    ['guest seccomp OR apparmor', [term('guest'), any(term('seccomp'), term('apparmor'))]],
    ['"posted interrupts" OR apicv', [any(phrase('posted interrupts'), term('apicv'))]],
    ['virt* OR kvm~1', [any(term('virt', { prefix: true }), term('kvm', { fuzzy: 1 }))]],
    ['virtio-blk OR scsi', [any(phrase('virtio-blk'), term('scsi'))]],
    ['seccomp OR"system calls"', [any(term('seccomp'), phrase('system calls'))]],
    // Only the capitals are the operator: "or", "Or" and "ORACLE" are words.
    ['seccomp or apparmor', [term('seccomp'), term('or'), term('apparmor')]],
    ['seccomp Or apparmor', [term('seccomp'), term('Or'), term('apparmor')]],
    ['ORACLE', [term('ORACLE')]],
  ])('reads %j', (input, clauses) => {
    expect(parseStrict(input)).toEqual({ clauses, filters: {} });
  });

  it('reads author:NAME as a filter (team mode: notes by that person)', () => {
    expect(parseStrict('author:ada posted')).toEqual({ clauses: [term('posted')], filters: { author: 'ada' } });
  });

  it('keeps filters apart from the words OR joins', () => {
    expect(parseStrict('topic:security seccomp OR apparmor')).toEqual({ clauses: [any(term('seccomp'), term('apparmor'))], filters: { topic: 'security' } });
  });
});

describe('parseStrict: invalid syntax', () => {
  it.each<[string, number, RegExp]>([
    ['foo:', 0, /unknown field "foo:"/],
    ['qemu foo:bar', 5, /unknown field "foo:"/],
    ['topic:', 0, /"topic:" needs a value/],
    ['author:', 0, /"author:" needs a value, e.g. author:ada/],
    ['-topic:security', 0, /filter cannot be excluded/],
    ['+-~^', 0, /"\+" must be followed by a word/],
    ['-', 0, /"-" must be followed by a word/],
    ['+', 0, /"\+" must be followed by a word/],
    ['qemu -', 5, /"-" must be followed by a word/],
    ['+ qemu', 0, /"\+" must be followed by a word/],
    ['"unclosed', 0, /quote is not closed/],
    ['libvirt "unclosed', 8, /quote is not closed/],
    ['""', 0, /empty phrase/],
    ['"   "', 0, /empty phrase/],
    ['a*b', 0, /"a\*b" is not a word/],
    ['*', 0, /not a word/],
    ['~', 0, /not a word/],
    ['^', 0, /not a word/],
    ['v*', 0, /at least two letters/],
    ['migration~3', 0, /~1 or ~2/],
    ['migration~0', 0, /~1 or ~2/],
    ['OR seccomp', 0, /"OR" needs a word or a quoted phrase before it/],
    ['seccomp OR', 8, /"OR" needs a word or a quoted phrase after it/],
    ['seccomp OR OR apparmor', 11, /"OR" needs a word or a quoted phrase before it/],
    ['topic:security OR seccomp', 15, /"OR" needs a word or a quoted phrase before it/],
    ['seccomp OR topic:security', 11, /"OR" joins words or phrases, not a filter/],
    ['+seccomp OR apparmor', 9, /"OR" joins words or phrases without \+ or -/],
    ['seccomp OR -apparmor', 11, /"OR" joins words or phrases without \+ or -/],
  ])('refuses %j at character %d (0-based) and says why', (input, position, reason) => {
    let error: unknown;
    try {
      parseStrict(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(QuerySyntaxError);
    expect(error).toMatchObject({ position, message: expect.stringMatching(reason) });
    // People count from one.
    expect((error as Error).message).toContain(`(at character ${position + 1})`);
  });
});

describe('parseQuery: invalid syntax falls back to plain words', () => {
  it.each<[string, string[], number]>([
    ['foo:', ['foo'], 0],
    ['+-~^', [], 0],
    ['"unclosed', ['unclosed'], 0],
    ['-', [], 0],
    ['topic:', ['topic'], 0],
    ['a*b', ['a', 'b'], 0],
    ['*', [], 0],
    ['~', [], 0],
    ['^', [], 0],
    ['+', [], 0],
    ['""', [], 0],
    ['migration~3', ['migration', '3'], 0],
    ['libvirt "unclosed quote', ['libvirt', 'unclosed', 'quote'], 8],
    ['qemu foo:bar', ['qemu', 'foo', 'bar'], 5],
    ['-topic:security', ['topic', 'security'], 0],
    ['seccomp OR', ['seccomp', 'OR'], 8],
  ])('%j never throws: plain words %j, with the reason and position %d', (input, words, position) => {
    const parsed = parseQuery(input);
    expect(parsed.clauses).toEqual(words.map((w) => term(w)));
    expect(parsed.filters).toEqual({});
    expect(parsed.fellBack).toEqual({ reason: expect.stringMatching(/\S/), position });
  });

  it('keeps the hyphens inside words when it falls back', () => {
    expect(parseQuery('virtio-blk foo:').clauses).toEqual([phrase('virtio-blk'), term('foo')]);
  });

  it('reports the same reason the strict parser gives', () => {
    expect(() => parseStrict('"unclosed')).toThrow(parseQuery('"unclosed').fellBack?.reason);
  });

  it.each([
    ['a bell character inside a word', 'a\u0007b'],
    ['tabs, newlines and carriage returns around a word', '\t\nlibvirt\r\n'],
    ['a non-breaking space between words', 'posted\u00a0interrupts'],
  ])('accepts %s', (_what, input) => {
    expect(() => parseQuery(input)).not.toThrow();
    expect(parseQuery(input).clauses.length).toBeGreaterThan(0);
  });

  // The fallback keeps only words with a letter or digit, so it cannot fail the way the strict parse did.
  it.each([
    ['an emoji', '😀'],
    ['an emoji before a real word', '🙂 libvirt'],
    ['punctuation only', '!!!'],
    ['an ellipsis', '...'],
    ['a NUL character', '\u0000'],
    ['a zero-width space', '\u200b'],
  ])('never throws on %s, and falls back with a reason', (_what, input) => {
    expect(() => parseQuery(input)).not.toThrow();
    expect(parseQuery(input).fellBack).toEqual({ reason: expect.any(String), position: expect.any(Number) });
  });

  describe('10,000-character input', () => {
    const tenThousand = (unit: string): string => unit.repeat(Math.ceil(10_000 / unit.length)).slice(0, 10_000);

    it('reads a long run of words as plain words', () => {
      const parsed = parseQuery(tenThousand('qemu '));
      expect(parsed.fellBack).toBeUndefined();
      expect(parsed.clauses).toHaveLength(2000);
      expect(parsed.clauses.every((c) => c.type === 'term' && c.text === 'qemu')).toBe(true);
    });

    it.each([
      ['syntax characters', '+-~^*:"'],
      ['quotes', '"'],
      ['one huge word', 'x'],
      ['typo markers', 'a~'],
      ['unclosed quotes and words', '"qemu '],
    ])('never throws on a string of %s', (_what, unit) => {
      const input = tenThousand(unit);
      expect(input).toHaveLength(10_000);
      const started = Date.now();
      expect(() => parseQuery(input)).not.toThrow();
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });
});
