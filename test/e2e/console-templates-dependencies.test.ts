import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../api/domain/context.ts";
import { listDependencies } from "../../api/domain/dependencies/list-dependencies.ts";
import { listOverrides } from "../../api/domain/templates/template-overrides.ts";
import { createSession } from "../../api/domain/users/create-session.ts";
import { createUser } from "../../api/domain/users/create-user.ts";
import { createApp } from "../../api/http/app.ts";
import { loadTemplates } from "../../api/templates/load-templates.ts";
import { testHashParams, testPassword } from "../helpers/console-rig.ts";
import { createTestDb, type TestDb } from "../helpers/harness.ts";
import { type Served, serveApp } from "../helpers/serve.ts";
import { launchBrowser, textOf, waitForText } from "./browser.ts";
import { expectClean, openConsoleTab } from "./console-tab.ts";
import { screenshot } from "./phone-checks.ts";

/**
 * The SMS and email template editors and the per-kind dependency form in Chromium, on a laptop and
 * on a phone: the segment count and the preview follow the typing, a dependency of two kinds is
 * added through the fields, and every page passes axe with nothing off the screen.
 */

let db: TestDb;
let served: Served;
let browser: Browser;
let token: string;
const cspErrors: string[] = [];

beforeAll(async () => {
  db = await createTestDb();
  served = await serveApp(
    createApp({
      deps: db.deps,
      publicUrl: "http://status.test",
      hashParams: testHashParams,
      templates: await loadTemplates(db.deps),
    }),
  );
  const user = await createUser({
    ctx: { deps: db.deps, actor: systemActor("test"), hashParams: testHashParams },
    input: { email: "ed@example.com", name: "Ed", role: "editor", password: testPassword },
  });
  token = (await createSession({ ctx: { deps: db.deps }, input: { userId: user.id } })).token;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  db?.close();
});

async function open(
  width: number,
  javaScriptEnabled = true,
): Promise<{ context: BrowserContext; page: Page }> {
  return openConsoleTab(browser, {
    cspErrors,
    session: { token, url: served.url },
    width,
    height: 800,
    javaScriptEnabled,
  });
}

describe.each([1280, 375])("at %i px", (width) => {
  it("counts an SMS's segments as it is typed: GSM-7, then UCS-2 once an emoji is in", async () => {
    const { context, page } = await open(width);
    await page.goto(`${served.url}/admin/templates`);
    await expectClean(page, "template list");
    await page.getByRole("link", { name: "Incident created SMS in English" }).click();
    await page.waitForURL(/\/admin\/sms-templates\/incident-created\/en$/);
    const summary = page.locator("#live-summary");
    expect(await textOf(summary)).toBe("2 segments · GSM-7 · 169 characters, 153 per segment");
    await expectClean(page, "SMS editor");
    const source = page.getByLabel("SMS text");
    await source.fill("{{ page.name }}: checkout is down");
    await waitForText(summary, "1 segment · GSM-7 · 28 of 160 characters");
    await source.pressSequentially(" 🔥");
    await waitForText(summary, "1 segment · UCS-2 · 31 of 70 characters");
    await waitForText(page.locator("#live-status"), "1 segment · UCS-2 · 31 of 70 characters");
    expect(await textOf(page.locator("#live pre.message"))).toBe("Acme Cloud: checkout is down 🔥");
    expect(await textOf(page.locator("#live"))).toContain("UCS-2 because of “🔥”");
    // Nothing was saved by typing; a parse error shows in the live region, not as a saved change.
    await source.pressSequentially(" {% if");
    await waitForText(summary, /^Not previewed: This does not parse/);
    await expectClean(page, "SMS editor with a live error");
    await screenshot(page, `console-sms-template-${width}`);
    expect((await listOverrides({ ctx: { deps: db.deps } })).filter((r) => r.part === "sms")).toEqual([]);
    await context.close();
  }, 90_000);

  it("updates the email preview as the subject is typed, and previews on submit without JavaScript", async () => {
    const { context, page } = await open(width);
    await page.goto(`${served.url}/admin/templates/incident-resolved/en`);
    await page.getByLabel("Subject").fill("Fixed: {{ incident.name }} at {{ page.name }}");
    const subject = page.locator("#live p", { hasText: "Subject:" });
    await waitForText(subject, "Subject: Fixed: Checkout payments failing at Acme Cloud");
    await waitForText(page.locator("#live-status"), /^Preview updated: Fixed: Checkout payments failing/);
    await expectClean(page, "email editor after a live preview");
    await context.close();

    const plain = await open(width, false);
    await plain.page.goto(`${served.url}/admin/templates/incident-resolved/en`);
    await plain.page.getByLabel("Subject").fill("Plain: {{ incident.name }}");
    await plain.page.getByRole("button", { name: "Preview" }).click();
    await waitForText(
      plain.page.locator("#live p", { hasText: "Subject:" }),
      "Subject: Plain: Checkout payments failing",
    );
    await plain.context.close();
  }, 90_000);

  it("adds an AWS and a feed dependency through their fields, a refused field shown beside it", async () => {
    const { context, page } = await open(width);
    await page.goto(`${served.url}/admin/dependencies/new`);
    await expectClean(page, "new dependency form");
    // With the script, choosing a kind shows its fields at once.
    await page.getByLabel("Kind").selectOption("aws");
    await page.getByLabel("Service (required)").waitFor({ timeout: 10_000 });
    await page.getByLabel("Name", { exact: true }).fill(`EC2 Paris ${width}`);
    await page.getByLabel("Service (required)").fill("ec2");
    await page.getByLabel("Region (required)").fill("paris");
    await page.getByRole("button", { name: "Add dependency" }).click();
    await waitForText(
      page.locator("#f-src_region-error"),
      "Region (required): an AWS region such as eu-west-3.",
    );
    expect(await page.getByLabel("Service (required)").inputValue()).toBe("ec2");
    await expectClean(page, "refused dependency form");
    await page.getByLabel("Region (required)").fill("eu-west-3");
    await page.getByRole("button", { name: "Add dependency" }).click();
    await page.waitForURL(/\/admin\/dependencies\/dep_/);

    await page.goto(`${served.url}/admin/dependencies/new`);
    await page.getByLabel("Kind").selectOption("feed");
    await page.getByLabel("URL (required)").waitFor({ timeout: 10_000 });
    await page.getByLabel("Name", { exact: true }).fill(`Vendor feed ${width}`);
    await page.getByLabel("URL (required)").fill("https://status.example.com/history.atom");
    await screenshot(page, `console-dependency-feed-${width}`);
    // Enter in a field saves (it does not press the kind's button, which comes first on screen).
    await page.getByLabel("URL (required)").press("Enter");
    await page.waitForURL(/\/admin\/dependencies\/dep_/);
    await expectClean(page, "dependency page");

    const { dependencies } = await listDependencies({
      ctx: { deps: db.deps, actor: systemActor("test") },
      input: { limit: 100 },
    });
    const mine = dependencies.filter((d) => d.dependency.name.endsWith(` ${width}`));
    expect(mine.map((d) => d.dependency.source)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: "aws",
          service: "ec2",
          region: "eu-west-3",
          use_current_events: true,
        }),
        { kind: "feed", url: "https://status.example.com/history.atom", active_hours: 24 },
      ]),
    );
    expect(cspErrors).toEqual([]);
    await context.close();

    // Without JavaScript, the button beside the select shows the chosen kind's fields.
    const plain = await open(width, false);
    await plain.page.goto(`${served.url}/admin/dependencies/new`);
    await plain.page.getByLabel("Kind").selectOption("gcp");
    await plain.page.getByRole("button", { name: "Show this kind's fields" }).click();
    await plain.page.getByLabel("Products").waitFor({ timeout: 10_000 });
    expect(await plain.page.getByLabel("Base URL (required)").count()).toBe(0);
    await plain.context.close();
  }, 180_000);
});
