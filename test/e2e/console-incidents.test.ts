import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../api/domain/clock.ts";
import { createDeps, type Deps, systemActor } from "../../api/domain/context.ts";
import { silentLogger } from "../../api/domain/logger.ts";
import { createSetupToken } from "../../api/domain/users/create-setup-token.ts";
import { createUser } from "../../api/domain/users/create-user.ts";
import { createApp } from "../../api/http/app.ts";
import { siteRoutes } from "../../api/http/site/serve-site.ts";
import { createResendChannel } from "../../api/notifier/channels/resend-channel.ts";
import { type Notifier, startNotifier } from "../../api/notifier/notifier.ts";
import { type Publisher, startPublisher } from "../../api/publish/publisher.ts";
import { SiteFolder } from "../../api/publish/site-folder.ts";
import { loadTemplates } from "../../api/templates/load-templates.ts";
import { createDb, type DbHandle, migrateDb } from "../../db/client.ts";
import { testHashParams, testPassword } from "../helpers/console-rig.ts";
import { type FakeResend, startFakeResend } from "../helpers/fake-resend.ts";
import { type Served, serveApp } from "../helpers/serve.ts";
import { launchBrowser } from "./browser.ts";
import { expectClean, openConsoleTab } from "./console-tab.ts";

/**
 * The on-call path of the console, assembled as api/server.ts does (temp-file database, real clock,
 * the notifier sending through a fake Resend on loopback, the real `astro build` after each change),
 * in Chromium at 375 px: set up the owner, add a component, open an incident about it with a preview
 * first, see it on the rebuilt public page and in a subscriber's mailbox, resolve it, sign out.
 * A viewer cannot post; a post without the CSRF token is refused; no axe violation on these pages.
 */

const publicUrl = "http://status.test";
const bound = { timeout: 90_000, interval: 250 };
const subscriberAddress = "buyer@example.com";
const incidentName = "Checkout payments failing";

let dir: string;
let handle: DbHandle;
let deps: Deps;
let served: Served;
let publisher: Publisher | undefined;
let notifier: Notifier;
let resend: FakeResend;
let browser: Browser;
let page: Page;
let incidentId = "";
const cspErrors: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigie-e2e-console-incidents-"));
  handle = createDb({ url: `file:${join(dir, "vigie.db")}` });
  await migrateDb(handle);
  deps = createDeps({ handle, clock: systemClock, logger: silentLogger });
  resend = await startFakeResend({ requestsPerSecond: 1000 });
  const templates = await loadTemplates(deps);
  notifier = startNotifier({
    deps,
    channel: createResendChannel({
      apiKey: resend.apiKey,
      baseUrl: resend.url,
      from: "Acme <status@acme.test>",
      maxPerSecond: 200,
      timeoutMs: 2000,
    }),
    provider: "resend",
    renderer: templates,
    publicUrl,
    pollMs: 200,
  });
  const folder = new SiteFolder(join(dir, "site"));
  deps.signals.on("queued", () => notifier.poke());
  const app = createApp({
    deps,
    publicUrl,
    hashParams: testHashParams,
    templates,
    rebuildSite: () => publisher!.rebuildNow(),
  });
  app.route("/", siteRoutes({ root: folder.current, fallback: () => null }));
  served = await serveApp(app);
  publisher = startPublisher({
    deps,
    folder,
    apiUrl: served.url,
    liveApiUrl: "",
    debounceMs: 300,
    pollMs: 100,
  });
  browser = await launchBrowser();
  ({ page } = await openConsoleTab(browser, { cspErrors }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await publisher?.stop();
  await notifier?.stop();
  await served?.close();
  await resend?.close();
  handle?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** At 375 px: nothing scrolls sideways and axe finds nothing. */
const checkPage = (what: string) => expectClean(page, what);

interface Summary {
  components: { id: string; name: string }[];
  incidents: { name: string }[];
}
const summary = async () => (await (await fetch(`${served.url}/api/v2/summary.json`)).json()) as Summary;
const home = async () => (await fetch(`${served.url}/`)).text();
const mailTo = (subject: RegExp) =>
  resend.emails.filter((e) => e.to.includes(subscriberAddress) && subject.test(e.subject));

// In order: each step starts where the previous one left the console.
describe("the on-call path through the console", () => {
  it("sets up the owner and adds a component", async () => {
    const setup = await createSetupToken({ ctx: { deps } });
    await page.goto(`${served.url}/admin/setup?token=${setup!.token}`);
    await page.getByLabel("Email").fill("owner@example.com");
    await page.getByLabel("Name").fill("Olivia");
    await page.getByLabel("Password", { exact: true }).fill(testPassword);
    await page.getByLabel("Password again").fill(testPassword);
    await page.getByRole("button", { name: "Create the owner account" }).click();
    await page.waitForURL(/\/admin\?notice=/);

    await page.goto(`${served.url}/admin/components/new`);
    await page.getByLabel("Name", { exact: true }).fill("Checkout");
    await page.getByRole("button", { name: "Add component" }).click();
    await page.waitForURL(/\/admin\/components/);
    expect((await summary()).components.map((c) => c.name)).toContain("Checkout");
  }, 60_000);

  it("has a confirmed subscriber of that component", async () => {
    const checkout = (await summary()).components.find((c) => c.name === "Checkout")!.id;
    const res = await fetch(`${served.url}/api/subscribers`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ channel: "email", address: subscriberAddress, components: [checkout] }),
    });
    expect(res.status).toBe(202);
    await expect.poll(() => mailTo(/./).length, bound).toBe(1);
    const link = /http:\/\/status\.test(\/subscribe\/confirm\?token=[\w.-]+)/.exec(
      mailTo(/./)[0]!.text ?? "",
    )?.[1];
    expect(link).toBeTruthy();
    // The link shows a button; its POST confirms.
    expect((await fetch(`${served.url}${link}`, { method: "POST" })).status).toBe(200);
  }, 100_000);

  it("opens an incident from a template, with a preview of the email first", async () => {
    await page.goto(`${served.url}/admin/incidents`);
    await checkPage("incidents list");
    await page.getByRole("link", { name: "Open an incident" }).click();
    await page.getByRole("link", { name: "Investigating elevated errors" }).click();
    expect(await page.getByLabel("Name in French (optional)").inputValue()).toBe("Taux d'erreur élevé");
    await page.getByLabel("Name", { exact: true }).fill(incidentName);
    await page.getByLabel("Name in French (optional)").fill("Paiements en échec");
    await page.getByLabel("Checkout").selectOption("major_outage");
    await checkPage("new incident form");

    await page.getByRole("button", { name: "Preview" }).click();
    await expect
      .poll(() => page.locator("#preview .big").textContent())
      .toBe("1 subscriber will be notified");
    expect(await page.locator("#preview").textContent()).toContain(`Incident: ${incidentName}`);
    expect(await page.getByLabel("Checkout").inputValue()).toBe("major_outage"); // the input is kept
    await page.getByText("HTML version in English").click();
    expect(await page.locator("iframe.preview").first().getAttribute("srcdoc")).toContain(incidentName);
    await checkPage("new incident form with its preview");

    await page.locator("#preview").getByRole("button", { name: "Open the incident" }).click();
    await page.waitForURL(/\/admin\/incidents\/inc_[^/?]+\?notice=/);
    incidentId = new URL(page.url()).pathname.split("/").pop()!;
    expect(await page.getByRole("status").textContent()).toContain(`"${incidentName}" is open.`);
    await checkPage("incident page");
  }, 60_000);

  it("shows the incident on the rebuilt public page and mails the subscriber", async () => {
    await expect.poll(async () => (await home()).includes(incidentName), bound).toBe(true);
    expect((await summary()).incidents.map((i) => i.name)).toEqual([incidentName]);
    await expect.poll(() => mailTo(new RegExp(incidentName)).length, bound).toBe(1);
    expect(mailTo(new RegExp(incidentName))[0]!.text).toContain("Checkout: Major outage");
  }, 100_000);

  it("resolves it: the public page and the subscriber hear of it", async () => {
    await page.goto(`${served.url}/admin/incidents/${incidentId}`);
    await page.getByRole("link", { name: "Resolve" }).click();
    await checkPage("resolve form");
    await page.getByRole("button", { name: "Preview" }).click();
    await expect
      .poll(() => page.locator("#preview .big").textContent())
      .toBe("1 subscriber will be notified");
    await checkPage("resolve form with its preview");
    await page.locator("#preview").getByRole("button", { name: "Resolve", exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/incidents/${incidentId}\\?notice=`));
    expect(await page.getByRole("status").textContent()).toContain("is resolved.");
    // Same subject as the first email (one conversation); the body says it is resolved.
    await expect
      .poll(() => mailTo(new RegExp(incidentName)).filter((e) => /Resolved/.test(e.text ?? "")).length, bound)
      .toBe(1);
    await expect.poll(async () => (await summary()).incidents.length, bound).toBe(0);
    for (const path of ["edit", "postmortem"]) {
      await page.goto(`${served.url}/admin/incidents/${incidentId}/${path}`);
      await checkPage(path);
    }
  }, 100_000);

  it("schedules a maintenance on the same pages, at 375 px and without axe violations", async () => {
    await page.goto(`${served.url}/admin/maintenances/new?template=scheduled-maintenance`);
    await checkPage("new maintenance form");
    await page.getByLabel("Checkout").check();
    await page.getByRole("button", { name: "Preview" }).click();
    await expect
      .poll(() => page.locator("#preview .big").textContent())
      .toBe("1 subscriber will be notified");
    await checkPage("new maintenance with its preview");
    await page.locator("#preview").getByRole("button", { name: "Schedule the maintenance" }).click();
    await page.waitForURL(/\/admin\/maintenances\/mnt_[^/?]+\?notice=/);
    await checkPage("maintenance page");
    await page.getByRole("link", { name: "Change the plan" }).click();
    await checkPage("maintenance plan");
    await page.goto(`${served.url}/admin/maintenances`);
    await checkPage("maintenances list");
    expect(cspErrors).toEqual([]);
  }, 60_000);

  it("signs out", async () => {
    await page.goto(`${served.url}/admin/incidents`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/admin\/login/);
    await page.goto(`${served.url}/admin/incidents/${incidentId}`);
    expect(new URL(page.url()).pathname).toBe("/admin/login");
  }, 30_000);

  it("does not let a viewer post, nor anyone post without the CSRF token", async () => {
    await createUser({
      ctx: { deps, actor: systemActor("test"), hashParams: testHashParams },
      input: { email: "viewer@example.com", name: "Victor", role: "viewer", password: testPassword },
    });
    await page.goto(`${served.url}/admin/login`);
    await page.getByLabel("Email").fill("viewer@example.com");
    await page.getByLabel("Password").fill(testPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/admin$/);
    await page.goto(`${served.url}/admin/incidents/${incidentId}`);
    expect(await page.getByRole("button", { name: "Post the update" }).count()).toBe(0);
    await checkPage("incident page for a viewer");
    const refused = await page.goto(`${served.url}/admin/incidents/new`);
    expect(refused?.status()).toBe(403);
    expect(await page.locator("main").textContent()).toContain(
      "This needs the editor role; you have the viewer role.",
    );

    await page.goto(`${served.url}/admin/incidents/${incidentId}`);
    const csrf = await page.locator('input[name="_csrf"]').first().getAttribute("value");
    const post = (form: Record<string, string>) =>
      page.request.post(`${served.url}/admin/incidents/${incidentId}/updates`, {
        form,
        headers: { Origin: served.url },
      });
    const asViewer = await post({
      _csrf: csrf!,
      status: "monitoring",
      body: "Viewer was here.",
      intent: "post",
    });
    expect(asViewer.status()).toBe(403);
    expect(await asViewer.text()).toContain("This needs the editor role");
    const withoutToken = await post({ status: "monitoring", body: "No token.", intent: "post" });
    expect(withoutToken.status()).toBe(403);
    expect(await withoutToken.text()).toContain("CSRF token is missing or wrong");
  }, 30_000);
});
