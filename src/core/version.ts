import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** rollbench's own version, from package.json (found relative to this file in src/ and in dist/). */
export const version: string = (require('../../package.json') as { version: string }).version;
