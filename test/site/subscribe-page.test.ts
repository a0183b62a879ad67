import { HtmlValidate } from "html-validate";
import type { HTMLElement } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribers } from "../../db/schema/index.ts";
import { parseBuilt, readBuilt } from "./build-site.ts";
import { type BuiltDemoSite, buildDemoSite } from "./demo-site.ts";

/** The status page's subscribe form offers every channel, in each language, and works without JS. */

let site: BuiltDemoSite;
beforeAll(async () => {
  site = await buildDemoSite();
}, 120_000);
afterAll(() => site?.close());

/** What a browser without JavaScript would post: every named field, with the channel picked. */
function formPost(form: HTMLElement, channel: string, values: Record<string, string>): URLSearchParams {
  const body = new URLSearchParams();
  for (const input of form.querySelectorAll("input")) {
    const name = input.getAttribute("name");
    const type = input.getAttribute("type");
    if (!name || type === "checkbox") continue;
    if (type === "radio") {
      if (input.getAttribute("value") === channel) body.append(name, channel);
      continue;
    }
    body.append(name, values[name] ?? input.getAttribute("value") ?? "");
  }
  return body;
}

describe("the subscribe page", () => {
  it("offers email (chosen), SMS, webhook and chat, each field with its label", () => {
    const form = parseBuilt(site.outDir, "subscribe/index.html").querySelector("#subscribe-form")!;
    const radios = form.querySelectorAll('input[type="radio"][name="channel"]');
    expect(radios.map((r) => r.getAttribute("value"))).toEqual([
      "email",
      "sms",
      "webhook",
      "slack",
      "discord",
      "teams",
    ]);
    expect(radios.filter((r) => r.hasAttribute("checked")).map((r) => r.getAttribute("value"))).toEqual([
      "email",
    ]);
    expect(form.querySelector('input[name="phone"]')?.getAttribute("type")).toBe("tel");
    expect(form.querySelector('input[name="url"]')?.getAttribute("type")).toBe("url");
    for (const id of ["address", "phone", "url"])
      expect(form.querySelector(`label[for="${id}"]`)?.text.length, id).toBeGreaterThan(0);
    // No field is required: the one that matters depends on the channel, and the server says what is missing.
    expect(form.querySelectorAll("input[required]")).toHaveLength(0);
  });

  it("speaks French on the French page", () => {
    const form = parseBuilt(site.outDir, "fr/subscribe/index.html").querySelector("#subscribe-form")!;
    expect(form.querySelector("legend")?.text).toBe("Recevoir les mises à jour par");
    expect(form.querySelector('label[for="phone"]')?.text).toBe("Numéro de mobile (pour les SMS)");
    expect(form.querySelector('input[name="locale"]')?.getAttribute("value")).toBe("fr");
    // Numbers are read in the page's country (from its default language, English here: the US, until
    // the owner picks one); the hint shows both ways of typing one.
    expect(form.querySelector("#phone-hint")?.text).toBe(
      "Par exemple (201) 555-0123, ou +1 201 555 0123 avec l’indicatif (+ et l’indicatif pour un autre pays).",
    );
  });

  it("builds, in each language, the frame the server puts around its subscriber pages", () => {
    for (const path of ["subscribe/frame/index.html", "fr/subscribe/frame/index.html"]) {
      const frame = readBuilt(site.outDir, path);
      expect(frame, path).toContain("<!--vigie-frame-body-->");
      expect(frame, path).toContain("<title>VIGIE-FRAME-TITLE · ");
      expect(frame, path).toContain('<meta name="robots" content="noindex">');
    }
  });

  it("is valid HTML", async () => {
    const validator = new HtmlValidate({ root: true, extends: ["html-validate:recommended"] });
    const report = await validator.validateString(readBuilt(site.outDir, "subscribe/index.html"));
    expect(report.results.flatMap((r) => r.messages.map((m) => m.message))).toEqual([]);
  });

  it("posts as is to the page's own subscribe path: SMS leads to the code page, webhook to its secret", async () => {
    const form = parseBuilt(site.outDir, "fr/subscribe/index.html").querySelector("#subscribe-form")!;
    expect(form.getAttribute("action")).toBe("/fr/subscribe/");
    const post = (body: URLSearchParams) =>
      site.t.app.request("/fr/subscribe/", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString(),
      });
    const sms = await post(formPost(form, "sms", { phone: "+33 6 12 34 56 78" }));
    expect(sms.status).toBe(202);
    expect(await sms.text()).toContain('action="/fr/subscribe/verify"');
    const hook = await post(formPost(form, "webhook", { url: "https://hooks.example.com/acme" }));
    expect(hook.status).toBe(201);
    const answer = await hook.text();
    expect(answer).toMatch(/whsec_/);
    expect(answer).toContain("demande de vérification");
    const rows = await site.t.deps.db.select().from(subscribers);
    expect(rows.map((r) => [r.channel, r.address, r.state]).sort()).toEqual([
      ["sms", "+33612345678", "pending"],
      ["webhook", "https://hooks.example.com/acme", "pending"],
    ]);
  });
});
