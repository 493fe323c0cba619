import { defineConfig } from 'vitest/config';
import { shared } from './vitest.config.ts';

/** The long fault trials (`npm run test:faults`): SIGKILL at random points, twenty times over. */
export default defineConfig({ test: { ...shared, include: ['src/**/*.faults.test.ts'] } });
