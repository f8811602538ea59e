/**
 * A small check that text is well-formed XML as the JUnit report writes it: one root, tags nested and closed,
 * attributes quoted, only the five predefined entities (or character references), no characters XML forbids.
 * Returns the problem, or undefined. Enough for our own output; not a general XML parser.
 */
export function xmlProblem(xml: string): string | undefined {
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the characters XML forbids is the point.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(body)) return 'a character XML forbids';
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const match of body.matchAll(token)) {
    const [, closing, name, attributes, selfClosing, text, stray] = match;
    if (stray) return `a stray "<" at ${match.index}`;
    const entities = (text ?? attributes ?? '').match(/&[^;\s]*;?/g) ?? [];
    const bad = entities.find((entity) => !/^&(amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);$/.test(entity));
    if (bad) return `an unknown entity ${bad} at ${match.index}`;
    if (text !== undefined) {
      if (stack.length === 0 && text.trim() !== '') return `text outside the root at ${match.index}`;
      if (text.includes('>')) return `a bare ">" at ${match.index}`;
      continue;
    }
    if (closing) {
      if (stack.pop() !== name) return `</${name}> closes nothing open at ${match.index}`;
    } else {
      if (stack.length === 0) roots += 1;
      if (!selfClosing) stack.push(name ?? '');
    }
  }
  if (stack.length > 0) return `<${stack.at(-1)}> is never closed`;
  return roots === 1 ? undefined : `${roots} root elements`;
}
