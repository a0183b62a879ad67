import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const module = fileURLToPath(new URL("../../api/startup-memory.ts", import.meta.url));

/**
 * In a Node of its own, with the server's heap flags (and no --expose-gc): the young generation
 * grows while garbage is made (as it does while the server starts), then the collection gives it
 * back, and leaves no `gc` behind for other code to call.
 */
const script = `
import { getHeapSpaceStatistics } from "node:v8";
import { releaseStartupMemory } from ${JSON.stringify(module)};
const young = () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size;
const kept = [];
for (let i = 0; i < 200_000; i++) {
  const o = { i, text: "x".repeat(i % 64) };
  if (i % 8 === 0) kept.push(o);
}
const before = young();
kept.length = 0;
releaseStartupMemory();
console.log(JSON.stringify({ before, after: young(), gcLeftBehind: typeof globalThis.gc }));
`;

describe("releaseStartupMemory", () => {
  it("shrinks the young generation V8 grew while starting, without --expose-gc on the command line", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--max-semi-space-size=4", "--input-type=module", "--eval", script],
      { timeout: 20_000 },
    );
    const { before, after, gcLeftBehind } = JSON.parse(stdout) as {
      before: number;
      after: number;
      gcLeftBehind: string;
    };
    expect(before).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    expect(after).toBeLessThan(before);
    expect(gcLeftBehind).toBe("undefined");
  });
});
