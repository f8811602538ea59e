import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The tests run dist/ (bin/rollbench.js): refuse to start on a dist/ older than src/.
    globalSetup: ['test/support/dist-fresh.ts'],
    // Tests run real servers and processes on loopback; none should need long, but a loaded CI box is slow.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
