import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter } from 'yaml';

/** A place in a file, both 1-based. */
export interface Position {
  line: number;
  column: number;
}

interface Ranged {
  range?: readonly number[] | null;
}

/** `a:` with nothing after it: a null scalar that takes no room in the file. */
function isEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null && node.source === '');
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/**
 * The node written at `path` in a parsed YAML document (a value, or with `key: true` the key of the last
 * segment), or — for a path that does not exist, such as a missing field — the innermost mapping or list that
 * does. A key with no value stands for its value.
 */
function nodeAt(doc: Document, path: readonly PropertyKey[], key: boolean): Ranged | null {
  let node: unknown = doc.contents;
  let found = node as Ranged | null;
  for (const [index, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item.key) === String(segment));
      if (pair === undefined) break;
      if (key && index === path.length - 1) return pair.key as Ranged;
      node = pair.value;
      found = (isEmpty(pair.value) ? pair.key : pair.value) as Ranged;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      found = node as Ranged;
    } else {
      break;
    }
  }
  return found;
}

/** Finds where fields of one parsed YAML document were written. */
export class YamlPositions {
  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /** Where the value at `path` starts (its key with `key: true`); see `nodeAt` for missing fields. */
  of(path: readonly PropertyKey[], { key = false } = {}): Position {
    return this.atOffset(nodeAt(this.doc, path, key)?.range?.[0] ?? 0);
  }

  /** The line and column of a character offset into the text. */
  atOffset(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }
}
