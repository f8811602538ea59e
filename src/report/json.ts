import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * Writes a result as JSON to a file (creating its folder) or, for '-', to `stdout`.
 * Returns the absolute path written, or '-' for stdout.
 */
export async function writeJsonResult(
  result: unknown,
  target: string,
  stdout: NodeJS.WritableStream,
  cwd: string,
): Promise<string> {
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (target === '-') {
    await new Promise<void>((done, fail) => stdout.write(text, (err) => (err ? fail(err) : done())));
    return '-';
  }
  const path = resolve(cwd, target);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  return path;
}
