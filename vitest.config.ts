import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The action catalog is loaded once per worker; some differential suites are heavy.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
