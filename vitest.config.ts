import { defineConfig } from 'vitest/config';

/** Test files that talk to DynamoDB Local; only their project starts Java. */
const needsDynamoDb = ['test/store/**/*.test.ts', 'test/**/*.dynamodb.test.ts'];
/** The local system as a whole (it starts its own DynamoDB Local and SES), in-process and as a process. */
const endToEnd = ['test/e2e/**/*.test.ts'];
/** The pages in real Chromium (Debian's chromium through playwright-core) with axe-core, on DynamoDB Local. */
const browser = ['test/**/*.browser.test.ts'];

export default defineConfig({
  test: {
    // Property tests run many cases; give them room on a 2-core CI machine.
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...needsDynamoDb, ...endToEnd, ...browser],
        },
      },
      {
        extends: true,
        test: {
          name: 'dynamodb',
          include: needsDynamoDb,
          exclude: browser,
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          // Starting Java and creating tables is slow on a 2-core machine.
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: browser,
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          // One Chromium per file; the files take turns so two browsers never share two cores.
          fileParallelism: false,
          hookTimeout: 240_000,
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: endToEnd,
          // Each file starts Java and a Node child or two; give them time on a 2-core machine.
          hookTimeout: 90_000,
          testTimeout: 180_000,
        },
      },
    ],
  },
});
