import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeWhole } from "../../../../api/notifier/channels/write-whole.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vigie-whole-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("writeWhole", () => {
  it("replaces a file in one step: a reader that opened the old one reads it whole", async () => {
    const path = join(dir, "dlv_1.eml");
    const before = "A".repeat(64 * 1024);
    writeFileSync(path, before);
    const reader = openSync(path, "r");
    try {
      await writeWhole(path, "B".repeat(10));
      // Written in place, the open file would now be cut to 10 bytes of B.
      const seen = Buffer.alloc(before.length);
      const read = readSync(reader, seen, 0, seen.length, 0);
      expect(seen.subarray(0, read).toString()).toBe(before);
    } finally {
      closeSync(reader);
    }
    expect(readFileSync(path, "utf8")).toBe("B".repeat(10));
    expect(readdirSync(dir)).toEqual(["dlv_1.eml"]);
  });
});
