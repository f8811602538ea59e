/**
 * A URL's user info (`http://user:password@host/`) becomes Basic auth, as curl sends it: user and password
 * percent-decoded to bytes, `user:password` in base64. The URL rollbench sends to and records has none left.
 */
export function credentialsFromUrl(url: URL): { url: URL; authorization: string | undefined } {
  if (url.username === '' && url.password === '') return { url, authorization: undefined };
  const userPass = Buffer.concat([percentDecoded(url.username), Buffer.from(':'), percentDecoded(url.password)]);
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  return { url: bare, authorization: `Basic ${userPass.toString('base64')}` };
}

/** Bytes of percent-encoded text; a `%` not followed by two hex digits stays as it is (as curl does). */
function percentDecoded(text: string): Buffer {
  return Buffer.concat(
    text
      .split(/(%[0-9a-fA-F]{2})/)
      .map((part) =>
        /^%[0-9a-fA-F]{2}$/.test(part) ? Buffer.from([Number.parseInt(part.slice(1), 16)]) : Buffer.from(part),
      ),
  );
}
