import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smsConfirmationCode } from "../../api/domain/subscribers/sms-codes.ts";
import { deliveries } from "../../db/schema/index.ts";
import type { Served } from "../helpers/serve.ts";
import { type BuiltDemoSite, buildDemoSite } from "../site/demo-site.ts";
import { launchBrowser, textOf } from "./browser.ts";
import { serveSiteWithApi } from "./serve-site.ts";

/**
 * The subscribe form in Chromium with JavaScript off: picking a channel shows its field only (CSS
 * alone), and an SMS subscription goes through to the code page and its confirmation.
 */

let site: BuiltDemoSite;
let served: Served;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [site, browser] = await Promise.all([buildDemoSite(), launchBrowser()]);
  served = await serveSiteWithApi(site.t.deps, site.outDir);
  context = await browser.newContext({ javaScriptEnabled: false });
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await site?.close();
});

const visible = async () => ({
  email: await page.locator("#address").isVisible(),
  sms: await page.locator("#phone").isVisible(),
  url: await page.locator("#url").isVisible(),
});

describe("the subscribe form without JavaScript", () => {
  it("shows the field of the chosen channel only", async () => {
    expect((await page.goto(`${served.url}/subscribe/`))?.status()).toBe(200);
    expect(await visible()).toEqual({ email: true, sms: false, url: false });
    await page.getByLabel("SMS", { exact: true }).check();
    expect(await visible()).toEqual({ email: false, sms: true, url: false });
    await page.getByLabel("Discord", { exact: true }).check();
    expect(await visible()).toEqual({ email: false, sms: false, url: true });
  });

  it("subscribes a phone number and confirms it with the texted code", async () => {
    await page.goto(`${served.url}/fr/subscribe/`);
    await page.getByLabel("SMS", { exact: true }).check();
    await page.locator("#phone").fill("+33 6 12 34 56 78");
    await page.getByRole("button", { name: "S’abonner" }).click();
    expect(await textOf(page.locator("h1"))).toBe("Saisissez le code envoyé");
    const [text] = await site.t.deps.db.select().from(deliveries);
    const code = await smsConfirmationCode(site.t.deps, text!);
    await page.getByLabel("Code reçu par SMS").fill(code!);
    await page.getByRole("button", { name: "Confirmer" }).click();
    expect(await textOf(page.locator("h1"))).toBe("Votre numéro est confirmé");
  });
});
