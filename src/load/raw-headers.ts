/** The value of the first of `names` (lower case, in order of preference) among raw [name, value, …] headers. */
export function findHeader(rawHeaders: Buffer[], names: readonly string[]): string | undefined {
  let found: string | undefined;
  let rank = names.length;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as Buffer;
    for (let j = 0; j < rank; j++) {
      const wanted = names[j] as string;
      if (name.length === wanted.length && name.toString('latin1').toLowerCase() === wanted) {
        found = (rawHeaders[i + 1] as Buffer).toString('latin1');
        rank = j;
        break;
      }
    }
  }
  return found;
}
