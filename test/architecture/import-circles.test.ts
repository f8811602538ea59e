import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * Circles allowed for now, each with its reason, keyed by its files in sorted order joined with " ↔ ". A new circle
 * fails the test; one that goes away must be removed from here (the test says so).
 */
const ALLOWED: Record<string, string> = {
  // Type-only (erased when compiled): a kind's hooks are handed the registry that serves every kind.
  'cluster/api/registry.ts ↔ cluster/api/resource-type.ts ↔ cluster/api/store.ts': 'type-only, mutual by nature',
};

/** Each file of src/ with the files of src/ it imports — `import type` included, since it couples files as much. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const imported = [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'|import\('(\.[^']+)'\)/g)].map((match) =>
      resolve(dirname(file), match[1] ?? match[2] ?? '').replace(/\.js$/, '.ts'),
    );
    graph.set(file, imported);
  }
  return graph;
}

/** The strongly connected components of more than one file (Tarjan): each is one or more import circles. */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    lowLink.set(file, index.get(file) ?? 0);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) visit(next);
      if (onStack.has(next)) lowLink.set(file, Math.min(lowLink.get(file) ?? 0, lowLink.get(next) ?? 0));
    }
    if (lowLink.get(file) !== index.get(file)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = member === file ? undefined : stack.pop()) {
      onStack.delete(member);
      component.push(member);
    }
    if (component.length > 1) found.push(component);
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

const circleKey = (files: string[]): string =>
  files
    .map((file) => relative(SRC, file))
    .sort()
    .join(' ↔ ');

describe('the imports of src/', () => {
  it('form no circle, but for those listed with their reasons', () => {
    const found = circles(importGraph()).map(circleKey);
    expect(found.filter((key) => ALLOWED[key] === undefined)).toEqual([]);
    // An allowance nothing uses any more is stale: remove it.
    expect(Object.keys(ALLOWED).filter((key) => !found.includes(key))).toEqual([]);
  });

  it('finds a circle when there is one', () => {
    const a = join(SRC, 'a.ts');
    const b = join(SRC, 'b.ts');
    const c = join(SRC, 'c.ts');
    const graph = new Map([
      [a, [b]],
      [b, [c]],
      [c, [a]],
    ]);
    expect(circles(graph).map(circleKey)).toEqual(['a.ts ↔ b.ts ↔ c.ts']);
    expect(circles(new Map([...graph, [c, []]]))).toEqual([]);
  });
});
