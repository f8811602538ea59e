import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** How much of the end of a log is read: enough for a few lines of an error, however long the log. */
const TAIL_BYTES = 4096;

/** The last `maxLines` non-empty lines of a file, for an error message; none if it cannot be read. */
export function tailLines(path: string, maxLines: number): string[] {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const sizeBytes = statSync(path).size;
    const buffer = Buffer.alloc(Math.min(TAIL_BYTES, sizeBytes));
    readSync(fd, buffer, 0, buffer.length, sizeBytes - buffer.length);
    const lines = buffer.toString('utf8').split('\n');
    // The first line may have been cut at the start of the window.
    if (buffer.length < sizeBytes) lines.shift();
    return lines.filter((line) => line.trim() !== '').slice(-maxLines);
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
