import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { releaseStartupMemory } from "../../api/startup-memory.ts";

const run = promisify(execFile);
const module = fileURLToPath(new URL("../../api/startup-memory.ts", import.meta.url));

/**
 * In a Node of its own, with the server's heap flags: the young generation grows while garbage is
 * made (as it does while the server starts), then the collection gives it back.
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
const ran = releaseStartupMemory();
console.log(JSON.stringify({ ran, before, after: young() }));
`;

async function inNode(flags: string[]) {
  const { stdout } = await run(process.execPath, [...flags, "--input-type=module", "--eval", script], {
    timeout: 20_000,
  });
  return JSON.parse(stdout) as { ran: boolean; before: number; after: number };
}

describe("releaseStartupMemory", () => {
  it("shrinks the young generation V8 grew while starting, when the process has --expose-gc", async () => {
    const { ran, before, after } = await inNode(["--max-semi-space-size=4", "--expose-gc"]);
    expect(ran).toBe(true);
    expect(before).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    expect(after).toBeLessThan(before);
  });

  it("does nothing without --expose-gc (the sources run through tsx, or a flag an operator removed)", async () => {
    const { ran } = await inNode(["--max-semi-space-size=4"]);
    expect(ran).toBe(false);
    // This test process has no gc either.
    expect(releaseStartupMemory()).toBe(false);
  });
});
