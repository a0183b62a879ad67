import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasDemoData } from "../../api/domain/demo/remove-demo.ts";
import { seedDemo } from "../../api/domain/demo/seed-demo.ts";
import { newId } from "../../api/domain/ids.ts";
import { getSettings } from "../../api/domain/settings/get-settings.ts";
import { createSetupToken } from "../../api/domain/users/create-setup-token.ts";
import { createApp } from "../../api/http/app.ts";
import { components, incidents, settings, subscribers } from "../../db/schema/index.ts";
import { testHashParams, testPassword } from "../helpers/console-rig.ts";
import { createTestDb, type TestDb } from "../helpers/harness.ts";
import { type Served, serveApp } from "../helpers/serve.ts";
import { launchBrowser, textOf } from "./browser.ts";
import { axeViolations, screenshot } from "./phone-checks.ts";

/**
 * A new owner's first hour, in Chromium on a desktop and on a phone: the setup link (keeping the
 * demo to see it), removing the demo from the dashboard, adding two components, then an incident
 * posted from a template with the keyboard alone (its Tab and Enter presses counted), updated and
 * resolved with the component table. Each page: no axe violation, nothing scrolls sideways.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** The measured presses of the keyboard path, per width, for the report below. */
const presses: Record<number, number> = {};

describe.each([1280, 375])("the console at %i px", (width) => {
  let db: TestDb;
  let served: Served;
  let page: Page;
  let incidentId = "";

  beforeAll(async () => {
    db = await createTestDb(); // the clock reads 2026-11-27T12:00:00Z
    await seedDemo(db.deps); // a new install's empty database gets the demo
    await getSettings(db.deps);
    await db.deps.write((tx) => tx.update(settings).set({ timeZone: "Europe/Paris" }));
    served = await serveApp(
      createApp({ deps: db.deps, publicUrl: "http://status.test", hashParams: testHashParams }),
    );
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await page?.context().close();
    await served?.close();
    db?.close();
  });

  const overflow = () => page.locator("html").evaluate((html) => html.scrollWidth - html.clientWidth);
  async function check(step: string) {
    await screenshot(page, `walkthrough-${width}-${step}`);
    expect(await overflow(), step).toBeLessThanOrEqual(0);
    expect(await axeViolations(page), step).toEqual([]);
  }
  const statusOf = async (name: string) =>
    (await db.deps.read((d) => d.select().from(components))).find((c) => c.name === name)?.status;

  it("sets up the owner, keeping the demo to look at it", async () => {
    const setup = await createSetupToken({ ctx: { deps: db.deps } });
    await page.goto(`${served.url}/admin/setup?token=${setup!.token}`);
    await check("setup");
    await page.getByLabel("Email").fill("owner@example.com");
    await page.getByLabel("Name").fill("Olivia");
    await page.getByLabel("Password", { exact: true }).fill(testPassword);
    await page.getByLabel("Password again").fill(testPassword);
    await page.getByLabel("Keep the demo page").check();
    await page.getByRole("button", { name: "Create the owner account" }).click();
    await page.waitForURL(/\/admin\?notice=/);
    expect(await hasDemoData(db.deps)).toBe(true);
    await check("dashboard-with-demo");
  }, 60_000);

  it("removes the demo data from the dashboard", async () => {
    await page.getByRole("link", { name: "Remove demo data" }).click();
    await page.waitForURL(/\/admin\/demo\/remove$/);
    await check("demo-confirmation");
    await page.getByRole("button", { name: "Remove demo data" }).click();
    await page.waitForURL(/\/admin\?notice=/);
    expect(await hasDemoData(db.deps)).toBe(false);
    expect(await db.deps.read((d) => d.select().from(components))).toEqual([]);
  }, 60_000);

  it("adds two components", async () => {
    for (const name of ["Checkout", "Search"]) {
      await page.goto(`${served.url}/admin/components/new`);
      await page.getByLabel("Name", { exact: true }).fill(name);
      if (name === "Checkout") await check("component-form");
      await page.getByRole("button", { name: "Add component" }).click();
      await page.waitForURL(/\/admin\/components/);
    }
    expect((await db.deps.read((d) => d.select().from(components))).map((c) => c.name).sort()).toEqual([
      "Checkout",
      "Search",
    ]);
    // A subscriber, so the preview has someone to count.
    await db.deps.write((tx) =>
      tx.insert(subscribers).values({
        id: newId("subscriber"),
        channel: "email",
        address: "buyer@example.com",
        locale: "en",
        state: "active",
        createdAt: db.clock.now(),
        updatedAt: db.clock.now(),
      }),
    );
  }, 60_000);

  it("posts an incident from a template with the keyboard alone, in under 10 Tab and Enter presses", async () => {
    await page.goto(`${served.url}/admin`);
    await check("dashboard");
    let count = 0;
    const press = async (key: "Tab" | "Enter") => {
      count++;
      await page.keyboard.press(key);
    };
    const focused = () => textOf(page.locator(":focus"));

    await press("Tab");
    expect(await focused()).toBe("Skip to content");
    await press("Enter");
    await press("Tab");
    expect(await focused()).toBe("Investigating elevated errors");
    await press("Enter");
    await page.waitForURL(/\/admin\/incidents\/new\?template=elevated-errors$/);
    await page.waitForLoadState("load");
    // The first component's status has the focus; a letter picks a status (not a Tab or an Enter).
    expect(await page.locator(":focus").getAttribute("name")).toMatch(/^component-/);
    await page.keyboard.press("m"); // Major outage, on the first row: Checkout
    await press("Tab");
    await page.keyboard.press("p"); // Partial outage, on Search
    await expect
      .poll(() => page.locator("tr.changed, tr:has(option[value='']:not(:checked))").count())
      .toBe(2);
    const highlight = await page
      .locator("table.status-table tbody tr")
      .first()
      .evaluate((tr) => tr.ownerDocument.defaultView!.getComputedStyle(tr).backgroundColor);
    expect(highlight).toBe("rgb(255, 244, 206)");
    await check("incident-form-from-template");
    // The highlight, the group rows and the whole path are HTML and CSS: the console sends no script.
    expect(await page.locator("script").count()).toBe(0);
    await press("Tab");
    expect(await page.locator(":focus").getAttribute("name")).toBe("name");
    await press("Enter"); // Enter in a text field previews
    await page.waitForURL(/\/admin\/incidents$/);
    await page.waitForLoadState("load");
    expect(await focused()).toBe("Open the incident");
    expect(await page.locator("#preview h2").isVisible()).toBe(true);
    const top = await page.locator("#preview").evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeLessThan(800); // scrolled to: the preview starts on screen
    const preview = await textOf(page.locator("#preview"));
    expect(preview).toContain("1 subscriber will be notified");
    expect(preview).toContain("1 subscriber gets it in English: 1 by email.");
    expect(preview).toContain("Aucun abonné ne le reçoit en français.");
    await check("incident-preview");
    await press("Enter");
    await page.waitForURL(/\/admin\/incidents\/inc_[^/?#]+\?notice=/);
    expect(await textOf(page.getByRole("status"))).toContain('"Elevated error rates" is open.');
    incidentId = new URL(page.url()).pathname.split("/").pop()!;
    presses[width] = count;
    expect(count).toBeLessThan(10);
    expect(await statusOf("Checkout")).toBe("major_outage");
    expect(await statusOf("Search")).toBe("partial_outage");
    // The times are the page's, with its zone's abbreviation.
    expect(await textOf(page.locator("main"))).toContain("2026-11-27 13:00 CET");
    await check("incident-page");
  }, 90_000);

  it("posts an update with the component table", async () => {
    await page.getByLabel("Status", { exact: true }).selectOption("identified");
    await page
      .getByLabel("Message", { exact: true })
      .fill("The payment provider is failing; we are switching.");
    await page.getByLabel("Search").selectOption("operational");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.waitForURL(/\/updates$/);
    await page.locator("#preview").waitFor();
    await check("update-preview");
    await page.locator("#preview").getByRole("button", { name: "Post the update" }).click();
    await page.waitForURL(new RegExp(`/admin/incidents/${incidentId}\\?notice=`));
    expect(await textOf(page.getByRole("status"))).toContain("The update is posted.");
    expect(await statusOf("Search")).toBe("operational");
    expect(await statusOf("Checkout")).toBe("major_outage");
  }, 60_000);

  it("resolves it, and its components go back to operational", async () => {
    await page.getByRole("link", { name: "Resolve" }).click();
    await page.waitForURL(/\/resolve$/);
    await check("resolve-form");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.waitForURL(/\/resolve$/);
    await page.locator("#preview").waitFor();
    await check("resolve-preview");
    await page.locator("#preview").getByRole("button", { name: "Resolve" }).click();
    await page.waitForURL(new RegExp(`/admin/incidents/${incidentId}\\?notice=`));
    expect(await textOf(page.getByRole("status"))).toContain('"Elevated error rates" is resolved.');
    const [incident] = await db.deps.read((d) => d.select().from(incidents));
    expect(incident?.status).toBe("resolved");
    expect(await statusOf("Checkout")).toBe("operational");
    await check("resolved");
  }, 60_000);
});

afterAll(() => {
  // The figure the on-call path is held to, printed for whoever reads the run.
  console.info(`keyboard presses (Tab/Enter) from the dashboard to "posted": ${JSON.stringify(presses)}`);
});
