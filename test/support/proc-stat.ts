import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// A stat line in the layout of proc(5): pid (comm) state ppid … utime(14) stime(15) cutime(16) cstime(17) … rss(24).
export function statLine(
  pid: number,
  comm: string,
  ppid: number,
  ticks: { utime: number; stime: number },
  rss = 0,
): string {
  const fields = Array.from({ length: 50 }, () => '0');
  const set = (n: number, value: number | string) => {
    fields[n - 3] = String(value);
  };
  set(3, 'S');
  set(4, ppid);
  set(14, ticks.utime);
  set(15, ticks.stime);
  set(24, rss);
  return `${pid} (${comm}) ${fields.join(' ')}\n`;
}

/** Writes `<root>/<pid>/stat`: a hand-written proc folder. */
export async function writeStat(root: string, pid: number, line: string): Promise<void> {
  await mkdir(join(root, String(pid)), { recursive: true });
  await writeFile(join(root, String(pid), 'stat'), line);
}
