import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../../api/project-root.ts";

const notifierDir = join(projectRoot, "api", "notifier");
const sources = (readdirSync(notifierDir, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f));

describe("the notifier's writes", () => {
  it("go through domain verbs: no notifier file opens a write transaction or changes a table", () => {
    expect(sources.length).toBeGreaterThan(30);
    const writers = sources.filter((file) =>
      /\.write\(|\btx\.(insert|update|delete|run)\(|\b(insert into|update deliveries|delete from)\b/i.test(
        readFileSync(join(notifierDir, file), "utf8"),
      ),
    );
    expect(writers).toEqual([]);
  });
});
