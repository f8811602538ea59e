import { createHash } from 'node:crypto';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distProblem, staleSources } from './dist-fresh.js';
import { tempDir } from './temp-dir.js';

const dir = tempDir('rollbench-dist-');
let count = 0;

/** A project folder with these files (path → text), each modified at the given second. */
function project(files: Record<string, [text: string, atSeconds: number]>): string {
  const root = join(dir.path, String(++count));
  for (const [path, [text, atSeconds]] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
    utimesSync(join(root, path), atSeconds, atSeconds);
  }
  return root;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const buildInfo = (versions: Record<string, string>) =>
  JSON.stringify({
    fileNames: Object.keys(versions),
    fileInfos: Object.values(versions).map((version) => ({ version })),
  });

describe('the check that dist/ was built from the current src/', () => {
  it('passes when every output is newer than its source', () => {
    const root = project({
      'src/a.ts': ['a', 100],
      'src/x/b.ts': ['b', 100],
      'dist/a.js': ['', 200],
      'dist/x/b.js': ['', 200],
    });
    expect(staleSources(root)).toEqual([]);
    expect(distProblem(root)).toBeUndefined();
  });

  it('names a source edited after the build, or with no output, and says to build', () => {
    const root = project({
      'src/a.ts': ['a', 300],
      'src/x/b.ts': ['b', 100],
      'src/c.ts': ['c', 100],
      'dist/x/b.js': ['', 200],
      'dist/a.js': ['', 200],
    });
    expect(staleSources(root)).toEqual(['src/a.ts', 'src/c.ts']);
    expect(distProblem(root)).toBe(
      'dist/ is older than src/ (src/a.ts, src/c.ts changed since the last build), and the tests run dist/: run npm run build (npm test does it first)',
    );
  });

  it('a source touched but unchanged since the build (tsc does not re-emit it) is not stale; an edited one is', () => {
    const root = project({
      'src/a.ts': ['same', 300],
      'src/b.ts': ['edited', 300],
      'dist/a.js': ['', 200],
      'dist/b.js': ['', 200],
      'dist/.tsbuildinfo': [buildInfo({ '../src/a.ts': sha256('same'), '../src/b.ts': sha256('before') }), 200],
    });
    expect(staleSources(root)).toEqual(['src/b.ts']);
  });

  it('says so when there is no dist/ at all', () => {
    const root = project({ 'src/a.ts': ['a', 100] });
    expect(distProblem(root)).toBe('dist/ is missing: run npm run build (npm test does it first)');
  });
});
