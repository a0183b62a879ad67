import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkSecret, signLink } from "../../api/domain/subscribers/links.ts";
import { subscribeEmail } from "../../api/domain/subscribers/subscribe-email.ts";
import { createServerApp } from "../../api/http/server-app.ts";
import { subscribers } from "../../db/schema/index.ts";
import { createTestDb, type TestDb, testPublicUrl } from "../helpers/harness.ts";
import { type Served, serveApp } from "../helpers/serve.ts";
import { serveStatic } from "../site/serve-json.ts";
import { launchBrowser } from "./browser.ts";

/**
 * Clickjacking: another site frames the one-button unsubscribe page under a decoy button. Chromium
 * must refuse to show the framed page, while the page still works when opened on its own.
 */

let t: TestDb;
let served: Served;
let attacker: Served;
let browser: Browser;
let unsubscribePath: string;

beforeAll(async () => {
  const launched = launchBrowser();
  t = await createTestDb();
  await subscribeEmail({ ctx: { deps: t.deps }, input: { channel: "email", address: "ada@example.com" } });
  const [ada] = await t.deps.db.select().from(subscribers).where(eq(subscribers.address, "ada@example.com"));
  const token = signLink(await linkSecret(t.deps), "manage", ada!.id, ada!.tokenVersion);
  unsubscribePath = `/subscribers/unsubscribe?token=${encodeURIComponent(token)}`;
  served = await serveApp(createServerApp({ deps: t.deps, publicUrl: testPublicUrl, siteRoot: () => null }));
  attacker = await serveStatic({
    "/": {
      type: "text/html",
      body: `<!doctype html><title>Win a prize</title><iframe id="victim" src="${served.url}${unsubscribePath}" width="400" height="300"></iframe>`,
    },
  });
  browser = await launched;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([served?.close(), attacker?.close()]);
  t?.close();
});

describe("the one-button unsubscribe page", () => {
  it("opened on its own, shows its button", async () => {
    const page = await browser.newPage();
    expect((await page.goto(`${served.url}${unsubscribePath}`))?.status()).toBe(200);
    expect(await page.locator("form button").count()).toBe(1);
    await page.close();
  });

  it("framed by another site, is not shown: the button is not there to be clicked", async () => {
    const page = await browser.newPage();
    await page.goto(`${attacker.url}/`);
    await page.waitForTimeout(500);
    const framed = page.frames().filter((f) => f !== page.mainFrame());
    expect(framed).toHaveLength(1);
    // A frame Chromium refused holds its own error page, with no form of ours.
    expect(await framed[0]!.locator("form button").count()).toBe(0);
    await page.close();
  });
});
