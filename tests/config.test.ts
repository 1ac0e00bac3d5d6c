import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot, PROJECT_ROOT } from '../server/config.js';

/** config.ts finds the project folder by its package.json, not by the names of the folders on the way. */
describe('packageRoot', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'panelnotes-root-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('is the folder of this clone, from its sources and from its build alike', () => {
    expect(packageRoot(join(PROJECT_ROOT, 'server'))).toBe(PROJECT_ROOT);
    expect(packageRoot(join(PROJECT_ROOT, 'dist', 'server'))).toBe(PROJECT_ROOT);
  });

  it('finds a clone kept inside a folder named dist, run from its sources or from its own dist/', async () => {
    const clone = join(scratch, 'dist', 'work', 'panelnotes');
    await mkdir(join(clone, 'dist', 'server'), { recursive: true });
    await mkdir(join(clone, 'server'), { recursive: true });
    await writeFile(join(clone, 'package.json'), JSON.stringify({ name: 'panelnotes' }));
    expect(packageRoot(join(clone, 'server'))).toBe(clone);
    expect(packageRoot(join(clone, 'dist', 'server'))).toBe(clone);
  });

  it('passes over the package.json of another package, and a broken one, on the way up', async () => {
    const clone = join(scratch, 'outer');
    const inner = join(clone, 'node_modules', 'other');
    await mkdir(join(inner, 'lib'), { recursive: true });
    await writeFile(join(clone, 'package.json'), JSON.stringify({ name: 'panelnotes' }));
    await writeFile(join(inner, 'package.json'), JSON.stringify({ name: 'other' }));
    await writeFile(join(inner, 'lib', 'package.json'), '{ not json');
    expect(packageRoot(join(inner, 'lib'))).toBe(clone);
  });
});
