import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { heapFlags } from "../../../api/cli/server-flags.js";

const serverFlags = fileURLToPath(new URL("../../../api/cli/server-flags.js", import.meta.url));

/**
 * A Node of its own, sized like the server: a start-like burst of allocation, then an idle wait with
 * a timer ticking, as a server waiting for visitors. V8 traces its memory reducer's decisions and
 * its collections on stdout.
 */
const script = `
import { keepMemoryReducerWorking } from ${JSON.stringify(serverFlags)};
keepMemoryReducerWorking();
let kept = [];
for (let i = 0; i < 400_000; i++) {
  kept.push({ i, text: "x".repeat(i % 64) });
  if (kept.length > 60_000) kept = [];
}
kept = null;
setInterval(() => {}, 1_000);
`;

/** The trace lines until a memory-reducing collection is seen, or `timeoutMs` has passed. */
function traceUntilReduced(timeoutMs: number): Promise<{ reduced: boolean; trace: string }> {
  const child = spawn(
    process.execPath,
    [...heapFlags, "--trace-gc", "--trace-memory-reducer", "--input-type=module", "--eval", script],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let trace = "";
  return new Promise((resolve, reject) => {
    const done = (reduced: boolean) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      resolve({ reduced, trace });
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      trace += chunk.toString();
      if (trace.includes("Mark-Compact (reduce)")) done(true);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      trace += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== null && code !== 0) {
        clearTimeout(timer);
        reject(new Error(`the child exited with ${code}: ${trace.slice(-2_000)}`));
      }
    });
  });
}

describe("keepMemoryReducerWorking", () => {
  it("lets V8's memory reducer collect an idle process's start-up garbage within seconds", async () => {
    // The reducer looks 8 s after the last full collection, then every 8 s while it sees a high rate.
    // Without the nudge, Node 24 logs "high alloc" on every look and collects nothing for 100 s.
    const { reduced, trace } = await traceUntilReduced(40_000);
    expect(trace).toMatch(/Memory reducer: low alloc/);
    expect(reduced, trace.slice(-3_000)).toBe(true);
  }, 60_000);
});
