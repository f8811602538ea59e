import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Exports allowed to break the rules below for now, each with its reason, keyed "file: name". One that comes to
 * keep the rules, or goes, must be removed from here (the test says so).
 */
const ALLOWED: Record<string, string> = {};

interface ExportUse {
  key: string;
  /** Named by another file of src/, scripts/ or bench/ (a re-export from src/index.ts counts). */
  inProduct: boolean;
  /** Named by a test. */
  inTests: boolean;
  /** Named in its own file beyond its declaration. */
  inOwnFile: boolean;
}

/** Exported functions, classes and constants of src/, and who names them. */
function exportUses(): ExportUse[] {
  const productFiles = ['src', 'scripts', 'bench'].flatMap((dir) => [
    ...sourceFiles(join(ROOT, dir), /\.(ts|js|mjs)$/),
  ]);
  const testFiles = [...sourceFiles(join(ROOT, 'test'), /\.(ts|js|mjs)$/)].filter(
    (file) => file !== fileURLToPath(import.meta.url), // this file names the allowed ones
  );
  const texts = new Map([...productFiles, ...testFiles].map((file) => [file, readFileSync(file, 'utf8')]));
  const uses: ExportUse[] = [];
  for (const file of productFiles) {
    if (!relative(ROOT, file).startsWith('src/')) continue;
    const text = texts.get(file) ?? '';
    for (const match of text.matchAll(/^export (?:async )?(?:function\*?|const|let|class|abstract class) (\w+)/gm)) {
      const name = new RegExp(`\\b${match[1]}\\b`, 'g');
      const names = (other: string) => (texts.get(other)?.match(name)?.length ?? 0) > 0;
      uses.push({
        key: `${relative(ROOT, file)}: ${match[1]}`,
        inProduct: productFiles.some((other) => other !== file && names(other)),
        inTests: testFiles.some(names),
        inOwnFile: (text.match(name)?.length ?? 0) > 1,
      });
    }
  }
  return uses;
}

describe('the exports of src/', () => {
  const uses = exportUses();
  const check = (broken: (use: ExportUse) => boolean) => {
    const found = uses.filter(broken).map((use) => use.key);
    expect(found.filter((key) => ALLOWED[key] === undefined)).toEqual([]);
  };

  it('each have a user outside their file: an export nothing else names is dead, or widens what a reader must hold', () => {
    // Exported types are left out: a type in an exported signature is exported for the library's declarations
    // even when only its file names it.
    check((use) => !use.inProduct && !use.inTests);
  });

  it('are not product code that only tests use: what the product never calls belongs in test/support, or nowhere', () => {
    // An export the product uses in its own file and a test reaches for (a constant a band derives from, a unit
    // under test) is fine; one that nothing in the product calls is dead code kept alive by its tests.
    check((use) => !use.inProduct && !use.inOwnFile);
  });

  it('list no allowance that is no longer needed', () => {
    const broken = uses.filter((use) => !use.inProduct && (!use.inTests || !use.inOwnFile)).map((use) => use.key);
    expect(Object.keys(ALLOWED).filter((key) => !broken.includes(key))).toEqual([]);
  });
});
