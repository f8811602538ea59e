import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { warningLine } from '../../src/core/errors.js';
import { sourceFiles } from '../architecture/source-files.js';

// One format for every warning, whoever prints it (a platform's hooks, a deprecated flag, a scenario's warnings,
// doctor): `rollbench: <message> (warning)`, made by one helper, with the prefix every error line has.
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

describe('warning lines', () => {
  it('say the message, then (warning), after the prefix of every error line', () => {
    expect(warningLine('metrics.k8s.io not served')).toBe('rollbench: metrics.k8s.io not served (warning)\n');
  });

  it('are made only by warningLine, and no line spells out the prefix itself', () => {
    const byHand = [...sourceFiles(SRC)]
      .filter((file) => !relative(SRC, file).startsWith('cluster/') && !file.endsWith('core/errors.ts'))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, index) => ({ where: `${relative(SRC, file)}:${index + 1}`, line }))
          .filter(({ line }) => / \(warning\)|warning: \$\{|`rollbench: [^`]*\$\{/.test(line)),
      )
      .map(({ where }) => where);
    expect(byHand).toEqual([]);
  });
});
