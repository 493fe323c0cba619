import { configDefaults, defineConfig } from 'vitest/config';

export const shared = {
  // Each file makes its own PostgreSQL database; two cores limit useful parallelism.
  maxWorkers: 2,
  testTimeout: 60_000,
  hookTimeout: 120_000,
  env: { TZ: 'Asia/Kolkata' },
};

export default defineConfig({
  test: {
    ...shared,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The long fault trials run on their own: `npm run test:faults` (vitest.faults.config.ts).
    exclude: [...configDefaults.exclude, '**/*.faults.test.ts'],
  },
});
