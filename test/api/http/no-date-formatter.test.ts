import { afterEach, describe, expect, it } from "vitest";
import { seedDemo } from "../../../api/domain/demo/seed-demo.ts";
import { testAppForEachTest } from "../../helpers/harness.ts";
import { statuspageDocuments } from "../../helpers/public-documents.ts";

/**
 * Building an `Intl.DateTimeFormat` maps some 5 MiB of ICU's locale data into the server for good:
 * the public documents, which every idle server answers, write their times in the page's time zone
 * without one (api/domain/read/zone-offsets.ts).
 */

const t = testAppForEachTest({ now: new Date("2026-07-15T10:00:00Z") });
const original = Intl.DateTimeFormat;
afterEach(() => {
  Intl.DateTimeFormat = original;
});

describe("the public documents", () => {
  it("are written in the page's time zone without building a date formatter", async () => {
    await seedDemo(t.deps);
    const built: string[] = [];
    Intl.DateTimeFormat = new Proxy(original, {
      construct(target, args) {
        built.push(new Error("built here").stack ?? "");
        return Reflect.construct(target, args);
      },
      apply(target, self, args) {
        built.push(new Error("built here").stack ?? "");
        return Reflect.apply(target, self, args);
      },
    });
    const paths = [...statuspageDocuments, "/api/site.json", "/api/cards.json"];
    for (const path of paths) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
      const text = await res.text();
      if (path === "/api/v2/summary.json")
        expect(text).toMatch(/"updated_at":"2026-07-15T12:00:00\.000\+02:00"/);
    }
    expect(built).toEqual([]);
  });
});
