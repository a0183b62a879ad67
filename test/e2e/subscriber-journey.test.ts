import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smsConfirmationCode } from "../../api/domain/subscribers/sms-codes.ts";
import { createMailboxChannel } from "../../api/notifier/channels/mailbox-channel.ts";
import { type Notifier, startNotifier } from "../../api/notifier/notifier.ts";
import { loadTemplates } from "../../api/templates/load-templates.ts";
import { deliveries, subscriberComponents, subscribers } from "../../db/schema/index.ts";
import { testPublicUrl } from "../helpers/harness.ts";
import type { Served } from "../helpers/serve.ts";
import { type BuiltDemoSite, buildDemoSite } from "../site/demo-site.ts";
import { launchBrowser, textOf } from "./browser.ts";
import { axeViolations, overflow, phoneProblems, screenshot } from "./phone-checks.ts";
import { serveSiteWithApi } from "./serve-site.ts";

/**
 * A subscriber's whole journey on a 375 px phone, in English (light theme) and in French (dark):
 * subscribe by email and by SMS (a number typed the French way), confirm each, get an incident email
 * from the development mailbox, manage, unsubscribe, and meet a refusal and a dead link. Every page
 * and email passes axe, runs off nowhere, and is saved as a screenshot.
 */

let site: BuiltDemoSite;
let served: Served;
let browser: Browser;
let notifier: Notifier;
let mailboxDir: string;

beforeAll(async () => {
  [site, browser] = await Promise.all([
    buildDemoSite({ settings: { phone_country: "FR" } }),
    launchBrowser(),
  ]);
  served = await serveSiteWithApi(site.t.deps, site.outDir);
  mailboxDir = mkdtempSync(join(tmpdir(), "vigie-journey-mail-"));
  notifier = startNotifier({
    deps: site.t.deps,
    channel: createMailboxChannel({ dir: mailboxDir, from: "Acme Status <status@acme.test>" }),
    provider: "mailbox",
    renderer: await loadTemplates(site.t.deps),
    publicUrl: testPublicUrl,
    pollMs: 60_000,
  });
}, 180_000);

afterAll(async () => {
  await notifier?.stop();
  await browser?.close();
  await served?.close();
  await site?.close();
  if (mailboxDir) rmSync(mailboxDir, { recursive: true, force: true });
});

/** The messages the development mailbox holds for one address, parsed as a mail client would. */
async function mailFor(address: string) {
  await notifier.drain();
  const files = readdirSync(mailboxDir).filter((f) => f.endsWith(".eml"));
  const parsed = await Promise.all(files.map((f) => simpleParser(readFileSync(join(mailboxDir, f)))));
  return parsed.filter((m) => m.to && "text" in m.to && m.to.text === address);
}

/** A link of an email, on the server under test instead of the page's public address. */
const local = (url: string) => url.replace(testPublicUrl, served.url);

const words = {
  en: {
    subscribe: "Subscribe",
    checkInbox: "Check your inbox",
    confirm: "Confirm your subscription",
    confirmButton: "Confirm my subscription",
    confirmed: "You are subscribed",
    fix: "Please check what you entered",
    phoneError: "Mobile number: type a mobile number, such as 06 12 34 56 78",
    smsSent: "Enter the code we sent",
    code: "Code from the SMS",
    codeButton: "Confirm",
    smsConfirmed: "Your number is confirmed",
    posted: "Posted",
    manage: "Your subscription",
    save: "Save my choices",
    saved: "Your choices are saved.",
    unsubscribe: "Unsubscribe",
    unsubscribed: "You are unsubscribed",
    invalid: "This link does not work",
  },
  fr: {
    subscribe: "S’abonner",
    checkInbox: "Consultez votre boîte de réception",
    confirm: "Confirmez votre abonnement",
    confirmButton: "Confirmer mon abonnement",
    confirmed: "Vous êtes abonné",
    fix: "Vérifiez votre saisie",
    phoneError: "Numéro de mobile : saisissez un numéro de mobile, par exemple 06 12 34 56 78",
    smsSent: "Saisissez le code envoyé",
    code: "Code reçu par SMS",
    codeButton: "Confirmer",
    smsConfirmed: "Votre numéro est confirmé",
    posted: "Publié le",
    manage: "Votre abonnement",
    save: "Enregistrer mes choix",
    saved: "Vos choix sont enregistrés.",
    unsubscribe: "Se désabonner",
    unsubscribed: "Vous êtes désabonné",
    invalid: "Ce lien ne fonctionne pas",
  },
} as const;

const journeys = [
  {
    lang: "en",
    prefix: "",
    theme: "light",
    phone: "06 12 34 56 78",
    e164: "+33612345678",
    shown: "+33 6 12 34 56 78",
  },
  {
    lang: "fr",
    prefix: "/fr",
    theme: "dark",
    phone: "06 98 76 54 32",
    e164: "+33698765432",
    shown: "+33 6 98 76 54 32",
  },
] as const;

describe("a subscriber's journey on a phone", () => {
  it.each(journeys)(
    "goes from subscribing to unsubscribing in $lang ($theme theme)",
    async ({ lang, prefix, theme, phone, e164, shown }) => {
      const t = words[lang];
      const context = await browser.newContext({ viewport: { width: 375, height: 800 }, colorScheme: theme });
      const page = await context.newPage();
      const heading = () => textOf(page.locator("h1"));
      const check = async (name: string) => {
        expect(await phoneProblems(page), `${lang} ${name}`).toEqual([]);
        // Server pages carry no script: they work as they are without JavaScript.
        await screenshot(page, `${lang}-${name}`);
      };
      const checkEmail = async (html: string, name: string) => {
        const mail = await context.newPage();
        for (const width of [375, 1000]) {
          await mail.setViewportSize({ width, height: 800 });
          await mail.setContent(html, { waitUntil: "load" });
          expect(await overflow(mail), `${name} at ${width} px`).toEqual([]);
        }
        await mail.setViewportSize({ width: 375, height: 800 });
        expect(await axeViolations(mail, { email: true }), name).toEqual([]);
        await screenshot(mail, `${lang}-${name}`);
        await mail.close();
      };
      try {
        const address = `${lang}@example.com`;
        // Subscribe by email from the status page's own form.
        await page.goto(`${served.url}${prefix}/subscribe/`);
        await check("subscribe-form");
        await page.locator("#address").fill(address);
        await page.getByRole("button", { name: t.subscribe, exact: true }).click();
        expect(await heading()).toBe(t.checkInbox);
        expect(new URL(page.url()).pathname).toBe(`${prefix}/subscribe/`);
        await check("check-inbox");

        // The confirmation email; its link shows a button, and only the button confirms.
        const [confirmation] = await mailFor(address);
        await checkEmail(String(confirmation!.html), "email-confirmation");
        const link = new RegExp(`${testPublicUrl}${prefix}/subscribe/confirm\\?token=[\\w.-]+`).exec(
          confirmation!.text ?? "",
        )?.[0];
        expect(link).toBeTruthy();
        await page.goto(local(link!));
        expect(await heading()).toBe(t.confirm);
        expect(await page.locator("script").count()).toBe(0);
        await check("confirm");
        const state = async (value: string) =>
          (await site.t.deps.db.select().from(subscribers).where(eq(subscribers.address, value)))[0]?.state;
        expect(await state(address)).toBe("pending");
        await page.getByRole("button", { name: t.confirmButton }).click();
        expect(await heading()).toBe(t.confirmed);
        expect(await state(address)).toBe("active");
        await check("confirmed");

        // A refusal names the field in words and says what to type.
        await page.goto(`${served.url}${prefix}/subscribe/`);
        await page.getByLabel("SMS", { exact: true }).check();
        await page.locator("#phone").fill("12");
        await page.getByRole("button", { name: t.subscribe, exact: true }).click();
        expect(await heading()).toBe(t.fix);
        expect(await textOf(page.locator("[role=alert]"))).toContain(t.phoneError);
        await check("error");

        // SMS: a number typed the national way, shown back in international format.
        await page.goto(`${served.url}${prefix}/subscribe/`);
        await page.getByLabel("SMS", { exact: true }).check();
        await page.locator("#phone").fill(phone);
        await page.getByRole("button", { name: t.subscribe, exact: true }).click();
        expect(await heading()).toBe(t.smsSent);
        expect(await textOf(page.locator("main"))).toContain(shown);
        await check("sms-code");
        const [texted] = await site.t.deps.db
          .select({ d: deliveries })
          .from(deliveries)
          .innerJoin(subscribers, eq(subscribers.id, deliveries.subscriberId))
          .where(and(eq(subscribers.address, e164), eq(deliveries.channel, "sms")));
        const code = await smsConfirmationCode(site.t.deps, texted!.d);
        await page.getByLabel(t.code).fill(code!);
        await page.getByRole("button", { name: t.codeButton, exact: true }).click();
        expect(await heading()).toBe(t.smsConfirmed);
        expect(await state(e164)).toBe("active");
        await check("sms-confirmed");

        // An incident reaches the inbox, in the subscriber's language, saying when it was posted.
        const component = site.doc.components.find((c) => !c.group)!;
        const name = `Payments down ${lang}`;
        const created = await site.t.json("POST", "/api/admin/incidents", {
          body: {
            name,
            body: "We are investigating failed card payments.",
            body_translations: { fr: "Nous enquêtons sur des paiements refusés." },
            components: { [component.id]: "major_outage" },
          },
        });
        expect(created.status).toBe(201);
        const incident = (await mailFor(address)).find((m) => m.subject?.includes(name))!;
        expect(incident.text).toContain(t.posted);
        await checkEmail(String(incident.html), "email-incident");

        // Manage from the email's link: pick a component, save, see it saved.
        const manage = new RegExp(`${testPublicUrl}${prefix}/subscribe/manage\\?token=[\\w.-]+`).exec(
          incident.text ?? "",
        )?.[0];
        await page.goto(local(manage!));
        expect(await heading()).toBe(t.manage);
        await check("manage");
        await page.getByLabel(component.name, { exact: true }).check();
        await page.getByRole("button", { name: t.save }).click();
        expect(await textOf(page.locator("[role=status]"))).toBe(t.saved);
        const [me] = await site.t.deps.db.select().from(subscribers).where(eq(subscribers.address, address));
        const follows = await site.t.deps.db
          .select()
          .from(subscriberComponents)
          .where(eq(subscriberComponents.subscriberId, me!.id));
        expect(follows.map((f) => f.componentId)).toEqual([component.id]);
        await check("manage-saved");

        // Unsubscribe from the email's List-Unsubscribe link: a button, then done.
        const unsubscribe = /<([^>]+)>/.exec(
          incident.headerLines.find((h) => h.key === "list-unsubscribe")?.line ?? "",
        )?.[1];
        expect(unsubscribe).toMatch(new RegExp(`${prefix}/subscribe/unsubscribe\\?token=`));
        await page.goto(local(unsubscribe!));
        expect(await heading()).toBe(t.unsubscribe);
        await check("unsubscribe");
        await page.getByRole("button", { name: t.unsubscribe }).click();
        expect(await heading()).toBe(t.unsubscribed);
        expect(await state(address)).toBe("unsubscribed");
        await check("unsubscribed");

        // A broken link says so, in the page's language.
        const dead = await page.goto(`${served.url}${prefix}/subscribe/confirm?token=nope`);
        expect(dead?.status()).toBe(404);
        expect(await heading()).toBe(t.invalid);
        await check("invalid-link");
      } finally {
        await context.close();
      }
    },
    240_000,
  );
});
