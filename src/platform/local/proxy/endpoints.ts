// See index.ts: the proxy lives in src/cluster/proxy/ until issue 11 retires the local platform.
export * from '../../../cluster/proxy/endpoints.js';
