import type { Position } from './positions.js';

/** Why a file's bytes are not a scenario's text, and where that shows. */
export interface NotText {
  at: Position;
  message: string;
}

const UTF16_BOMS = [
  [0xff, 0xfe],
  [0xfe, 0xff],
];

/** Where byte `offset` lies in `bytes`, all of which before it are valid UTF-8: 1-based line and column. */
function positionOf(bytes: Uint8Array, offset: number): Position {
  const lines = new TextDecoder().decode(bytes.subarray(0, offset)).split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

function decodes(bytes: Uint8Array, length: number, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream });
    return true;
  } catch {
    return false;
  }
}

/**
 * The offset of the first byte that is not valid UTF-8, or -1. With `stream: true` a prefix may end inside a
 * sequence, so it decodes exactly when nothing before its end is wrong: a binary search on prefix lengths finds
 * the longest good one in a few decodes. If that prefix ends inside a sequence the next byte breaks, the problem
 * starts at the sequence's lead byte.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  if (decodes(bytes, bytes.length, false)) return -1;
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (decodes(bytes, middle, true)) good = middle;
    else bad = middle;
  }
  if (decodes(bytes, good, false)) return good;
  let lead = good - 1;
  while (lead > 0 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--;
  return lead;
}

/**
 * The text of a scenario file, or why its bytes are not one. YAML is text: a NUL byte, bytes that are not UTF-8,
 * or UTF-16 (which YAML allows but rollbench does not read) mean the wrong file was given, and printing it as
 * if it were YAML would only fill the terminal with garbage.
 */
export function scenarioText(bytes: Uint8Array): { text: string } | NotText {
  if (UTF16_BOMS.some(([a, b]) => bytes[0] === a && bytes[1] === b)) {
    return { at: { line: 1, column: 1 }, message: 'is UTF-16 text: save the scenario as UTF-8' };
  }
  const nul = bytes.indexOf(0);
  const invalid = firstInvalidUtf8(nul === -1 ? bytes : bytes.subarray(0, nul));
  if (invalid !== -1) {
    return {
      at: positionOf(bytes, invalid),
      message: `not a text file (byte 0x${bytes[invalid]?.toString(16).padStart(2, '0')} is not UTF-8): a scenario is a YAML text file`,
    };
  }
  if (nul !== -1) {
    return {
      at: positionOf(bytes, nul),
      message: 'not a text file (it holds a NUL byte): a scenario is a YAML text file',
    };
  }
  return { text: new TextDecoder().decode(bytes) };
}
