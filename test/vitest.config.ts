import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { splitTests, testFilePattern } from "./test-projects.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const slow = [...splitTests(root).slow.keys()];

// Two projects that together hold every test file (test-projects.test.ts checks it): `npm test` runs
// both, `npm run test:fast` only the first.
export default defineConfig({
  root,
  test: {
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "fast",
          include: [testFilePattern],
          exclude: slow,
          setupFiles: ["./test/fast-project-guard.ts"],
        },
      },
      { extends: true, test: { name: "slow", include: slow } },
    ],
  },
});
