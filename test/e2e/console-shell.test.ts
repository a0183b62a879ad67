import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasDemoData } from "../../api/domain/demo/remove-demo.ts";
import { seedDemo } from "../../api/domain/demo/seed-demo.ts";
import { createSetupToken } from "../../api/domain/users/create-setup-token.ts";
import { createApp } from "../../api/http/app.ts";
import { testHashParams, testPassword } from "../helpers/console-rig.ts";
import { createTestDb, type TestDb } from "../helpers/harness.ts";
import { type Served, serveApp } from "../helpers/serve.ts";
import { launchBrowser } from "./browser.ts";
import { expectClean, horizontalOverflow, openConsoleTab } from "./console-tab.ts";
import { axeViolations } from "./phone-checks.ts";

/**
 * The console's shell in Chromium on a phone-sized screen: setup and sign-in through the real forms,
 * the stylesheet allowed by the CSP, no sideways scrolling at 375 px, no axe violation, a skip link
 * first in the tab order, and sign-out.
 */

let db: TestDb;
let served: Served;
let browser: Browser;
let page: Page;
const cspErrors: string[] = [];

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db.deps);
  served = await serveApp(
    createApp({ deps: db.deps, publicUrl: "http://status.test", hashParams: testHashParams }),
  );
  browser = await launchBrowser();
  ({ page } = await openConsoleTab(browser, { cspErrors }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  db?.close();
});

describe("the console in a phone-sized browser", () => {
  it("creates the owner with the setup link and signs them in", async () => {
    const setup = await createSetupToken({ ctx: { deps: db.deps } });
    await page.goto(`${served.url}/admin/setup?token=${setup!.token}`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Email").fill("owner@example.com");
    await page.getByLabel("Name").fill("Olivia");
    await page.getByLabel("Password", { exact: true }).fill(testPassword);
    await page.getByLabel("Password again").fill(testPassword);
    expect(await page.getByLabel("Keep the demo page").isChecked()).toBe(false);
    await page.getByRole("button", { name: "Create the owner account" }).click();
    await page.waitForURL(/\/admin\?notice=/);
    expect(await page.getByRole("status").textContent()).toContain("Welcome, Olivia");
    expect(await page.getByRole("status").textContent()).toContain("The demo data is removed.");
    expect(await hasDemoData(db.deps)).toBe(false);
  });

  it("links to the public page from the header and shows the favicon the CSP allows", async () => {
    await page.goto(`${served.url}/admin`);
    const link = page.getByRole("link", { name: "View public page" });
    expect(await link.getAttribute("href")).toBe("http://status.test");
    const icon = await page.locator('link[rel="icon"]').evaluate(async (link) => {
      const href = link.getAttribute("href") ?? "";
      const img = new link.ownerDocument.defaultView!.Image();
      img.src = href;
      await img.decode();
      return { scheme: href.slice(0, 19), width: img.naturalWidth };
    });
    expect(icon).toEqual({ scheme: "data:image/svg+xml,", width: 32 });
    expect(cspErrors).toEqual([]);
  });

  it("removes demo data kept at setup from the dashboard, after a confirmation", async () => {
    await seedDemo(db.deps);
    await page.goto(`${served.url}/admin`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Remove demo data" }).click();
    await page.waitForURL(/\/admin\/demo\/remove$/);
    expect(await axeViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "Remove demo data" }).click();
    await page.waitForURL(/\/admin\?notice=/);
    expect(await page.getByRole("status").textContent()).toContain("The demo data is removed");
    expect(await page.getByRole("link", { name: "Remove demo data" }).count()).toBe(0);
    expect(await hasDemoData(db.deps)).toBe(false);
  });

  it("styles every page (the CSP allows the stylesheet), without sideways scrolling or axe violations", async () => {
    for (const path of [
      "/admin",
      "/admin/users",
      "/admin/tokens",
      "/admin/account",
      "/admin/not-yet-built",
    ]) {
      await page.goto(`${served.url}${path}`);
      const header = await page
        .locator("header.top")
        .evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
      expect(header, path).toBe("rgb(19, 41, 75)");
      await expectClean(page, path);
    }
    expect(cspErrors).toEqual([]);
  });

  it("puts the skip link first in the tab order, and it moves focus to the content", async () => {
    await page.goto(`${served.url}/admin`);
    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").textContent()).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.locator(":focus").getAttribute("id")).toBe("main");
  });

  it("creates a token from the form and shows it once", async () => {
    await page.goto(`${served.url}/admin/tokens`);
    await page.getByLabel("Name").fill("deploy");
    await page.getByRole("button", { name: "Create token" }).click();
    expect(await page.locator(".secret").textContent()).toMatch(/^vgt_/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it("signs out, and the sign-in page is accessible too", async () => {
    await page.goto(`${served.url}/admin`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/admin\/login/);
    expect(await page.getByRole("status").textContent()).toBe("You are signed out.");
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${served.url}/admin/users`);
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    await page.getByLabel("Email").fill("owner@example.com");
    await page.getByLabel("Password").fill(testPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/admin\/users$/);
  });
});
