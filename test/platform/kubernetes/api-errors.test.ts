import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { apiErrorMessage, apiStatusOf, isNotFound } from '../../../src/platform/kubernetes/api-errors.js';

const status = (code: number, message: string, reason: string) =>
  new ApiException(code, 'failed', JSON.stringify({ kind: 'Status', code, reason, message }), {});

describe('apiErrorMessage: one sentence for people from any failed call', () => {
  it("gives the server's Status message", () => {
    const forbidden = status(403, 'deployments.apps "web" is forbidden: User "x" cannot patch', 'Forbidden');
    expect(apiErrorMessage(forbidden)).toBe('deployments.apps "web" is forbidden: User "x" cannot patch');
    expect(isNotFound(status(404, 'deployments.apps "web" not found', 'NotFound'))).toBe(true);
  });

  it('says what a 401 means: the client hands it over without a body', () => {
    const unauthorized = new ApiException<undefined>(401, 'Unauthorized', undefined, {});
    expect(apiStatusOf(unauthorized)?.code).toBe(401);
    expect(apiErrorMessage(unauthorized)).toBe(
      'Unauthorized (401): the API server no longer accepts these credentials',
    );
  });

  it('says a request that got no answer in time timed out, and passes other errors on', () => {
    expect(apiErrorMessage(new DOMException('signal timed out', 'TimeoutError'))).toBe('no answer before the timeout');
    expect(apiErrorMessage(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(apiErrorMessage(new ApiException(502, 'bad gateway', '<html>', {}))).toBe('HTTP 502');
    const dropped = Object.assign(
      new Error(
        'request to https://127.0.0.1:6443/api/v1/pods?watch=true&resourceVersion=7 failed, reason: socket hang up',
      ),
      { name: 'FetchError', code: 'ECONNRESET' },
    );
    expect(apiErrorMessage(dropped)).toBe('connection failed: socket hang up');
  });
});
