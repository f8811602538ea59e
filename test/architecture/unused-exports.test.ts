import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Exports allowed to have no user outside their file for now, each with its reason, keyed "file: name". One that
 * gains a user, or goes, must be removed from here (the test says so).
 */
const ALLOWED: Record<string, string> = {
  // Files other work of this session is editing (issues 9, 10, 13): un-export when it lands.
  'src/cli/main.ts: buildProgram': 'cli being reworked on i13-errors',
  'src/cluster/proxy/index.ts: proxyDefaults': 'proxy being reworked on i10-proxy',
  'src/load/send-clock-worker.ts: keepTime': 'load engine being reworked (issue 9)',
  'src/platform/local/crash-loops.ts: CRASH_LIMIT': 'errors being reworked on i13-errors',
};

/**
 * Exported functions, classes and constants of src/ that no other file of src/, test/, scripts/ or bench/ names:
 * dead code, or code whose `export` only widens what a reader must keep in mind. Exported types are left out: a
 * type in an exported signature is exported for the library's declarations even when only its file names it.
 */
function unusedExports(): string[] {
  const files = ['src', 'test', 'scripts', 'bench']
    .flatMap((dir) => [...sourceFiles(join(ROOT, dir), /\.(ts|js|mjs)$/)])
    .filter((file) => file !== fileURLToPath(import.meta.url)); // this file names the allowed ones
  const texts = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
  const unused: string[] = [];
  for (const [file, text] of texts) {
    if (!relative(ROOT, file).startsWith('src/')) continue;
    for (const match of text.matchAll(/^export (?:async )?(?:function\*?|const|let|class|abstract class) (\w+)/gm)) {
      const name = new RegExp(`\\b${match[1]}\\b`);
      const named = [...texts].some(([other, otherText]) => other !== file && name.test(otherText));
      if (!named) unused.push(`${relative(ROOT, file)}: ${match[1]}`);
    }
  }
  return unused;
}

describe('the exports of src/', () => {
  it('each have a user outside their file, but for those listed with their reasons', () => {
    const found = unusedExports();
    expect(found.filter((key) => ALLOWED[key] === undefined)).toEqual([]);
    expect(Object.keys(ALLOWED).filter((key) => !found.includes(key))).toEqual([]);
  });
});
