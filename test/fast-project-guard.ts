import { createRequire, syncBuiltinESMExports } from "node:module";
import { afterAll } from "vitest";

/**
 * Set up before every file of the fast project: starting a child process (which is also how
 * Chromium and Astro builds start) throws, and fails the file even when the code under test catches
 * the error, so a slow file cannot hide in the fast loop. The fix is an entry in `slowByHand`
 * (test/test-projects.ts) with the reason.
 */

const starters = ["spawn", "spawnSync", "fork", "exec", "execSync", "execFile", "execFileSync"] as const;

const attempts: string[] = [];

/** The child processes this file tried to start, emptied; the guard's own test reads them. */
export function takeStartAttempts(): string[] {
  return attempts.splice(0);
}

const childProcess = createRequire(import.meta.url)("node:child_process") as Record<string, unknown>;
for (const name of starters) {
  childProcess[name] = (command: unknown) => {
    const attempt = `child_process.${name}(${JSON.stringify(String(command)).slice(0, 120)})`;
    attempts.push(attempt);
    throw new Error(
      `${attempt} in the fast project, which starts no process: class this file as slow in test/test-projects.ts`,
    );
  };
}
// `import { spawn } from "node:child_process"` reads the module's exports, not the object above.
syncBuiltinESMExports();

afterAll(() => {
  const tried = takeStartAttempts();
  if (tried.length > 0) {
    throw new Error(
      `This file started child processes (${tried.join(", ")}) in the fast project: add it to slowByHand in test/test-projects.ts with the reason.`,
    );
  }
});
