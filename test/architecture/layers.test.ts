import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.js';

// The folder order of ../shared/design/ARCHITECTURE.md: each layer imports only from layers below it.
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const LAYER: Record<string, number> = {
  core: 0,
  scenario: 1,
  load: 1,
  platform: 1,
  observe: 1,
  actions: 1,
  analysis: 2,
  report: 3,
  run: 4,
  cli: 5,
};

/**
 * Crossings allowed for now, each with its reason. A new crossing fails the test; one that goes away should be
 * removed from here (the test says so).
 */
const ALLOWED: Record<string, string> = {
  // None: the local platform reaches the embedded cluster only by starting it and speaking its API.
};

const topFolder = (path: string): string => relative(SRC, path).split('/')[0] ?? '';

/** Every import from one top folder of src/ into another, as "from -> to", with the file that makes it. */
function crossings(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const from = topFolder(file);
    if (from.endsWith('.ts')) continue; // src/index.ts: the library's entry re-exports every layer
    for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'|import\('(\.[^']+)'\)/g)) {
      const to = topFolder(resolve(dirname(file), match[1] ?? match[2] ?? ''));
      if (to === from || isDownward(from, to)) continue;
      const key = `${from} -> ${to}`;
      found.set(key, [...(found.get(key) ?? []), relative(SRC, file)]);
    }
  }
  return found;
}

function isDownward(from: string, to: string): boolean {
  // The embedded cluster is a separate program: it uses core only, and only the CLI starts it.
  if (from === 'cluster') return to === 'core';
  if (to === 'cluster') return from === 'cli';
  const fromLayer = LAYER[from];
  const toLayer = LAYER[to];
  return fromLayer !== undefined && toLayer !== undefined && toLayer < fromLayer;
}

describe('the layers of src/', () => {
  it('import only downward, but for the crossings listed with their reasons', () => {
    const found = crossings();
    const unexpected = [...found].filter(([key]) => ALLOWED[key] === undefined);
    expect(unexpected).toEqual([]);
    // An allowance nothing uses any more is stale: remove it.
    expect(Object.keys(ALLOWED).filter((key) => !found.has(key))).toEqual([]);
  });

  it("keep the embedded cluster out of the library's main entry: it has its own, rollbench/cluster", () => {
    const index = readFileSync(join(SRC, 'index.ts'), 'utf8');
    expect(index).not.toMatch(/from '\.\/cluster\//);
    const exports = JSON.parse(readFileSync(join(SRC, '../package.json'), 'utf8')).exports;
    expect(exports['./cluster']).toEqual({ types: './dist/cluster/index.d.ts', default: './dist/cluster/index.js' });
  });

  it('knows every top folder', () => {
    const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
    expect(folders.filter((name) => LAYER[name] === undefined && name !== 'cluster')).toEqual([]);
  });
});
