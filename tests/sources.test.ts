import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../server/config.js';

/**
 * Facts about the sources anyone can check: they import one another in one direction (no file
 * reaches itself through its imports, type-only ones included: they tie the files together for
 * a reader as much as any other), and no file is longer than a reader can hold (300 lines).
 * A plain scan of the import lines is enough for our own relative imports.
 */

// index/ joins once its search core is split by concept (issue 11): today noteChunks and searchIndex import each other.
const ROOTS = ['server', 'index'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Each source file (relative to the project) and the project files it imports. */
function importGraph(): Map<string, string[]> {
  const files = ROOTS.flatMap((root) => sources(resolve(PROJECT_ROOT, root)));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts')));
    graph.set(
      relative(PROJECT_ROOT, file),
      targets.filter((t) => files.includes(t)).map((t) => relative(PROJECT_ROOT, t)),
    );
  }
  return graph;
}

/** The cycles of a graph: its strongly connected components of more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** Most lines in one source file: one concept each, and a reader can hold it. */
const MAX_LINES = 300;

describe('file length', () => {
  it(`no TypeScript source file is over ${MAX_LINES} lines`, () => {
    const long = ROOTS.flatMap((root) => sources(resolve(PROJECT_ROOT, root)))
      .map((file) => [relative(PROJECT_ROOT, file), readFileSync(file, 'utf8').split('\n').length - 1] as const)
      .filter(([, lines]) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});

describe('imports', () => {
  const graph = importGraph();

  it('are read from every source file (the scan sees the imports there are)', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('server/app.ts')).toContain('server/config.ts');
    expect(graph.get('server/routes/errors.ts')).toContain('server/errors.ts');
  });

  it('of the search core (index/) reach nothing in server/: it is handed what it reads, and runs in a browser', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      file.startsWith('index/') ? targets.filter((t) => t.startsWith('server/')).map((t) => `${file} -> ${t}`) : [],
    );
    expect(upward).toEqual([]);
  });

  it('form no cycle, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('the check finds a cycle where there is one', () => {
    const looped = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(looped)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
