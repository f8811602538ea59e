/**
 * What an HTTP/1.1 request rollbench sends may hold: the rules undici enforces per request, checked once up front
 * so that a bad method or header is a usage error naming it, not 100 % of requests failing with
 * UND_ERR_INVALID_ARG. Shared by the load options (library and CLI) and the scenario schema.
 */

/** RFC 9110 token: what methods and header names are made of. */
export const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const TOKEN_TEXT = "one token (letters, digits and !#$%&'*+-.^_`|~; no spaces)";
/** Field values take visible characters, spaces and tabs (RFC 9110 field-vchar, obs-text): no control characters. */
const NOT_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** Headers the HTTP client owns: giving one makes every request fail. Lower case. */
const CLIENT_HEADERS: Record<string, string> = {
  'transfer-encoding': 'the HTTP client sets it (a body is sent with content-length); leave it out',
  'keep-alive': 'the HTTP client manages keep-alive itself (see --max-requests-per-connection); leave it out',
  upgrade: 'switching protocols is not load-testable: rollbench sends plain HTTP/1.1 requests',
  expect: 'the HTTP client does not support expect (100-continue); leave it out',
};

// Each problem reads after the thing it is about: `method "GE T": not an HTTP method: …`, `header x-a: …`.

/** What is wrong with `method` as the method of every request, or undefined if it can be sent. */
export function methodProblem(method: string): string | undefined {
  if (!TOKEN.test(method)) return `not an HTTP method: a method is ${TOKEN_TEXT}`;
  if (method.toUpperCase() === 'CONNECT')
    return 'CONNECT opens a tunnel instead of sending a request: it cannot be load-tested';
  return undefined;
}

/** What is wrong with a request header's name, or undefined if a header of that name can be sent. */
export function headerNameProblem(name: string): string | undefined {
  if (!TOKEN.test(name)) return `not a header name: a name is ${TOKEN_TEXT}`;
  return CLIENT_HEADERS[name.toLowerCase()];
}

/** What is wrong with one request header, or undefined if it can be sent. */
export function headerProblem(name: string, value: string): string | undefined {
  const nameProblem = headerNameProblem(name);
  if (nameProblem !== undefined) return nameProblem;
  const bad = NOT_FIELD_VALUE.exec(value);
  if (bad !== null) {
    return (
      `its value holds ${describeCharacter(bad[0])} at character ${bad.index + 1}: ` +
      'header values take visible characters, spaces and tabs only'
    );
  }
  const lower = name.toLowerCase();
  if (lower === 'connection' && !value.split(',').every((option) => TOKEN.test(option.trim()))) {
    return 'takes a comma-separated list of tokens, e.g. close';
  }
  if (lower === 'content-length' && !/^\d+$/.test(value)) return 'takes a number of bytes';
  return undefined;
}

/**
 * Every problem with a request's headers, each with the header it is about: each header on its own, and a name
 * given twice in different case (undici refuses a second host or content-length, and would send others twice).
 */
export function headersProblems(headers: Record<string, string>): Array<{ header: string; problem: string }> {
  const problems: Array<{ header: string; problem: string }> = [];
  const seen = new Set<string>();
  for (const [header, value] of Object.entries(headers)) {
    const problem = headerProblem(header, value);
    if (problem !== undefined) problems.push({ header, problem });
    else if (seen.has(header.toLowerCase())) {
      problems.push({ header, problem: 'given twice (header names are case-insensitive)' });
    }
    seen.add(header.toLowerCase());
  }
  return problems;
}

/** A content-length that does not match the body fails every request: what is wrong with it, if anything. */
export function contentLengthProblem(
  headers: Record<string, string>,
  body: string | undefined,
): { header: string; problem: string } | undefined {
  const found = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-length');
  if (found === undefined) return undefined;
  const [header, value] = found;
  const bodyBytes = Buffer.byteLength(body ?? '');
  // Not a number at all is headerProblem's to report.
  if (!/^\d+$/.test(value) || Number(value) === bodyBytes) return undefined;
  return {
    header,
    problem: `${value} does not match the body (${bodyBytes} bytes): leave it out, it is set from the body`,
  };
}

function describeCharacter(character: string): string {
  const code = character.charCodeAt(0);
  if (code === 0x0a) return 'a line feed (\\n)';
  if (code === 0x0d) return 'a carriage return (\\r)';
  const codePoint = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code > 0xff
    ? `${JSON.stringify(character)} (${codePoint}, not Latin-1)`
    : `the control character ${codePoint}`;
}

/** The HTTP/1.1 clients a load can send with: rollbench's own (the default) or undici (see `LoadOptions.httpClient`). */
export const HTTP_CLIENTS = ['rollbench', 'undici'] as const;
export type HttpClientName = (typeof HTTP_CLIENTS)[number];
