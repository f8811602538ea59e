import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactHeaders, redactUrls } from '../../src/core/redact.js';

describe('redaction: the one rule for what rollbench may print or write', () => {
  it('redacts credential headers and any header whose name says it holds a secret', () => {
    expect(
      redactHeaders({
        Authorization: 'Basic dXNlcjpwdw==',
        'proxy-authorization': 'x',
        Cookie: 'sid=1',
        'set-cookie': 'sid=1',
        'x-api-key': 'k',
        'X-Auth-Token': 't',
        'client-secret': 's',
        'x-password': 'p',
        'x-session-id': 'i',
        'content-type': 'application/json',
        'x-request-id': 'abc-123',
      }),
    ).toEqual({
      Authorization: REDACTED,
      'proxy-authorization': REDACTED,
      Cookie: REDACTED,
      'set-cookie': REDACTED,
      'x-api-key': REDACTED,
      'X-Auth-Token': REDACTED,
      'client-secret': REDACTED,
      'x-password': REDACTED,
      'x-session-id': REDACTED,
      'content-type': 'application/json',
      'x-request-id': 'abc-123',
    });
  });

  it('redacts values that look like credentials whatever the header is called', () => {
    expect(redact('x-forward', 'Bearer abc.def')).toBe(REDACTED);
    expect(redact('x-upstream', 'basic dXNlcjpwdw==')).toBe(REDACTED);
    expect(redact('x-id', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig')).toBe(REDACTED);
    expect(redact('x-note', 'bearer of good news')).toBe(REDACTED); // better one too many
    expect(redact('accept', 'text/plain')).toBe('text/plain');
  });

  it("redacts every URL's password in a text, valid URL or not, and leaves URLs without one alone", () => {
    expect(redactUrls('url: "http://ops:s3cret@host:8080/x" and https://a:b c@[bad/')).toBe(
      'url: "http://ops:<redacted>@host:8080/x" and https://a:<redacted>@[bad/',
    );
    expect(redactUrls('http://user@host/ http://host:8080/a:b@c')).toBe('http://user@host/ http://host:8080/a:b@c');
    // A password holding '@' is redacted whole, not up to its first '@'; a token given as the user name too.
    expect(redactUrls('http://u:p@ss@host:99999/')).toBe('http://u:<redacted>@host:99999/');
    expect(redactUrls('https://ghp_abcdefghijklmnop1234@host/x')).toBe('https://<redacted>@host/x');
    expect(redactUrls('see http://a:b@h and https://c:d@e/')).toBe(
      'see http://a:<redacted>@h and https://c:<redacted>@e/',
    );
  });
});
