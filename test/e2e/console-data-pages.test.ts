import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../api/domain/context.ts";
import { createDependency } from "../../api/domain/dependencies/create-dependency.ts";
import { createOncallContact } from "../../api/domain/dependencies/create-oncall-contact.ts";
import { newId } from "../../api/domain/ids.ts";
import { createSession } from "../../api/domain/users/create-session.ts";
import { createUser } from "../../api/domain/users/create-user.ts";
import { createApp } from "../../api/http/app.ts";
import {
  components,
  deliveries,
  dependencies,
  dependencyObservations,
  subscribers,
} from "../../db/schema/index.ts";
import { testHashParams, testPassword } from "../helpers/console-rig.ts";
import { createTestDb, type TestDb } from "../helpers/harness.ts";
import { monitorRig } from "../helpers/monitor-incident-rig.ts";
import { type Served, serveApp } from "../helpers/serve.ts";
import { launchBrowser } from "./browser.ts";
import { expectClean, horizontalOverflow, openConsoleTab } from "./console-tab.ts";
import { axeViolations } from "./phone-checks.ts";

/**
 * The components, dependencies, subscribers and notifications pages in Chromium at 375 px, with data
 * on them: no axe violation, no sideways scrolling, the stylesheet and the map picture allowed by the
 * CSP, and the forms usable without JavaScript.
 */

let db: TestDb;
let served: Served;
let browser: Browser;
let page: Page;
const cspErrors: string[] = [];
const ids = {} as Record<"component" | "group" | "dependency" | "subscriber", string>;

async function seed() {
  const m = monitorRig(db);
  const owner = systemActor("test");
  ids.component = await m.component("Checkout");
  await m.component("Search");
  const group = newId("component");
  ids.group = group;
  const at = db.clock.now();
  await db.deps.write(async (tx) => {
    await tx
      .insert(components)
      .values({ id: group, name: "Platform", isGroup: true, position: 5, createdAt: at, updatedAt: at });
  });
  const dep = await createDependency({
    ctx: { deps: db.deps, actor: owner },
    input: {
      catalog_id: "stripe",
      impacts: [
        {
          component_id: ids.component,
          on: "degraded_performance",
          set: "partial_outage",
          criticality: "critical",
        },
      ],
    },
  });
  ids.dependency = dep.dependency.id;
  const upstream = [
    {
      id: "u1",
      title: "Card payments failing",
      url: "https://www.stripestatus.com/incidents/u1",
      state: "major_outage" as const,
    },
  ];
  await db.deps.write(async (tx) => {
    await tx
      .update(dependencies)
      .set({ state: "major_outage", upstreamIncidents: upstream, lastCheckedAt: at, lastError: "HTTP 503" })
      .where(eq(dependencies.id, ids.dependency));
    await tx.insert(dependencyObservations).values({
      dependencyId: ids.dependency,
      observedAt: at,
      state: "major_outage",
      previousState: "operational",
      upstreamIncidents: upstream,
    });
  });
  await createOncallContact({
    ctx: { deps: db.deps, actor: owner },
    input: { name: "Ada on call", email: "ada@example.com" },
  });
  ids.subscriber = await m.subscriber("reader@example.com", [ids.component]);
  await db.deps.write(async (tx) => {
    await tx.insert(subscribers).values([
      {
        id: newId("subscriber"),
        channel: "email",
        address: "bounced@example.com",
        locale: "en",
        state: "suppressed",
        suppressedReason: "hard bounce",
        createdAt: at,
        updatedAt: at,
      },
      {
        id: newId("subscriber"),
        channel: "webhook",
        address: "https://hooks.example.com/vigie",
        locale: "en",
        state: "disabled",
        disabledReason: "HTTP 500 for a day",
        disabledAt: at,
        createdAt: at,
        updatedAt: at,
      },
    ]);
    await tx.insert(deliveries).values({
      id: newId("delivery"),
      cause: "evt_seed",
      subscriberId: ids.subscriber,
      channel: "email",
      kind: "incident-updated",
      state: "delivered",
      attempts: 1,
      provider: "resend",
      providerMessageId: "re_123",
      nextAttemptAt: at,
      createdAt: at,
      updatedAt: at,
    });
  });
}

beforeAll(async () => {
  db = await createTestDb();
  await seed();
  served = await serveApp(
    createApp({ deps: db.deps, publicUrl: "http://status.test", hashParams: testHashParams }),
  );
  const user = await createUser({
    ctx: { deps: db.deps, actor: systemActor("test"), hashParams: testHashParams },
    input: { email: "ed@example.com", name: "Ed", role: "editor", password: testPassword },
  });
  const session = await createSession({ ctx: { deps: db.deps }, input: { userId: user.id } });
  browser = await launchBrowser();
  ({ page } = await openConsoleTab(browser, {
    cspErrors,
    session: { token: session.token, url: served.url },
  }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  db?.close();
});

describe("the console's data pages at 375 px", () => {
  it("have no axe violation and no sideways scrolling", async () => {
    const paths = [
      "/admin/components",
      "/admin/components/new",
      `/admin/components/${ids.component}`,
      `/admin/components/${ids.group}`,
      `/admin/components/${ids.component}/delete`,
      "/admin/dependencies",
      "/admin/dependencies/new?q=aws%20paris",
      "/admin/dependencies/new?catalog=github",
      `/admin/dependencies/${ids.dependency}`,
      `/admin/dependencies/${ids.dependency}/edit`,
      `/admin/dependencies/${ids.dependency}/delete`,
      "/admin/subscribers",
      `/admin/subscribers/${ids.subscriber}`,
      "/admin/subscribers/suppressed",
      "/admin/subscribers/disabled",
      "/admin/subscribers/import",
      "/admin/notifications",
      "/admin/notifications/evt_seed",
    ];
    for (const path of paths) {
      const response = await page.goto(`${served.url}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectClean(page, path);
    }
    expect(cspErrors).toEqual([]);
  }, 180_000);

  it("shows the dependency map picture, served by the console to the signed-in browser", async () => {
    await page.goto(`${served.url}/admin/dependencies`);
    const map = page.locator("img.map");
    await map.scrollIntoViewIfNeeded();
    await expect
      .poll(() =>
        map.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth),
      )
      .toBe(960);
    const box = await map.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(375);
  });

  it("works its forms without JavaScript: a refused form is accessible, then moving and adding", async () => {
    await page.goto(`${served.url}/admin/components/new`);
    await page.getByLabel("Name", { exact: true }).fill("   ");
    await page.getByRole("button", { name: "Add component" }).click();
    expect(await page.getByRole("alert").textContent()).toContain("must not be empty or blank");
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${served.url}/admin/components`);
    await page.getByRole("button", { name: "Move Search up" }).click();
    await page.waitForURL(/notice=/);
    expect(await page.getByRole("status").textContent()).toBe("Moved up.");
    await page.goto(`${served.url}/admin/dependencies/new?catalog=github`);
    await page.getByRole("button", { name: "Add an impact row" }).click();
    expect(await page.locator("legend", { hasText: "Impact 2" }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${served.url}/admin/subscribers/import`);
    await page
      .getByLabel("Or paste the CSV here")
      .fill("address,confirmed_at\nnew@example.com,\nnot-an-email,");
    await page.getByRole("button", { name: "Import" }).click();
    expect(await page.getByRole("status").textContent()).toContain("1 asked to confirm by email");
    expect(await page.locator("td", { hasText: "not-an-email" }).count()).toBe(1);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);
});
