/**
 * Secrets never leave rollbench: whatever it prints or writes (summary, errors, result.json) passes request
 * headers and URLs through here first.
 */

/** What rollbench writes in place of a secret. */
export const REDACTED = '<redacted>';

/** Headers that carry credentials by definition. Lower case. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
/** Names that say their value is a secret: x-api-key, x-auth-token, client-secret, password, x-session-id. */
const SECRET_NAME = /token|secret|key|passw|auth|credential|session/i;
/** Values that look like credentials whatever their name: an auth scheme and its token, or a JWT. */
const SECRET_VALUE = /^\s*(bearer|basic|digest|token|negotiate)\s+\S|^\s*eyJ[\w-]+\.[\w-]+\./i;

/** The one redaction rule: `value` as it is, or {@link REDACTED} when `name` or `value` says it is a credential. */
export function redact(name: string, value: string): string {
  const secret = CREDENTIAL_HEADERS.has(name.toLowerCase()) || SECRET_NAME.test(name) || SECRET_VALUE.test(value);
  return secret ? REDACTED : value;
}

/** Request headers as rollbench records them: every credential redacted. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, redact(name, value)]));
}

/** A user name alone this long is taken for a token (`https://ghp_…@github.com/`, as git users write them). */
const TOKEN_AS_USER_CHARS = 16;

/**
 * Text holding URLs (valid or not), each URL's password redacted: `http://user:<redacted>@host/`. The user info
 * runs to the last `@` before the path, so a password holding `@` is redacted whole; a long user name with no
 * password is a token and is redacted too.
 */
export function redactUrls(text: string): string {
  return text.replace(/(\b[a-z][a-z\d+.-]*:\/\/)([^/?#]*)@/gi, (_, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    if (colon < 0) return `${scheme}${userInfo.length >= TOKEN_AS_USER_CHARS ? REDACTED : userInfo}@`;
    return `${scheme}${userInfo.slice(0, colon)}:${redact('password', userInfo.slice(colon + 1))}@`;
  });
}
