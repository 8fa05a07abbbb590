import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests run many cases; give them room on a 2-core CI machine.
    testTimeout: 30_000,
  },
});
