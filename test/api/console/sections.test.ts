import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sectionList } from "../../../api/console/sections.ts";
import { roles } from "../../../db/schema/enums.ts";
import { type ConsoleRig, createConsoleRig } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
beforeAll(async () => {
  t = await createConsoleRig();
});
afterAll(() => t.close());

describe("the console's section list", () => {
  it("names for each section the least role that reads its page, and the navigation links every section", async () => {
    const browsers = new Map(await Promise.all(roles.map(async (r) => [r, await t.signedIn(r)] as const)));
    for (const section of sectionList) {
      for (const role of roles) {
        const res = await browsers.get(role)!.get(section.href);
        const allowed = roles.indexOf(role) >= roles.indexOf(section.role);
        expect({ section: section.key, role, status: res.status }).toEqual({
          section: section.key,
          role,
          status: allowed ? 200 : 403,
        });
        if (allowed)
          expect(res.text).toContain(
            `<a href="${section.href}" aria-current="page">${section.label.replace("&", "&amp;")}</a>`,
          );
      }
    }
  });
});
