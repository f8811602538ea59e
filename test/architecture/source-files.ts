import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir` whose name matches `pattern` (TypeScript sources by default). */
export function* sourceFiles(dir: string, pattern = /\.ts$/): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path, pattern);
    else if (pattern.test(path)) yield path;
  }
}
