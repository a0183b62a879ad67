import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { parse } from "node-html-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { linkSecret, signLink } from "../../../api/domain/subscribers/links.ts";
import { createApp } from "../../../api/http/app.ts";
import { subscribers } from "../../../db/schema/index.ts";
import { createTestApp, type TestApp, testPublicUrl } from "../../helpers/harness.ts";

/**
 * The subscriber pages the server renders: links act only on POST, older `/subscribers/` links keep
 * working, and every page wears the status page's frame (or a plain one of the same look).
 */

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function pending(address = "ada@example.com", locale = "fr") {
  const res = await t.json("POST", "/api/subscribers", {
    token: null,
    body: { channel: "email", address, locale },
  });
  expect(res.status).toBe(202);
  const [row] = await t.deps.db.select().from(subscribers).where(eq(subscribers.address, address));
  const key = await linkSecret(t.deps);
  return {
    row: row!,
    confirm: signLink(key, "confirm", row!.id, row!.tokenVersion),
    manage: signLink(key, "manage", row!.id, row!.tokenVersion),
  };
}

const stateOf = async (id: string) =>
  (await t.deps.db.select().from(subscribers).where(eq(subscribers.id, id)))[0]?.state;

describe("confirming", () => {
  it("shows one button on GET and confirms only on POST, at the new and at the older address", async () => {
    for (const [address, path] of [
      ["new@example.com", "/fr/subscribe/confirm"],
      ["old@example.com", "/subscribers/confirm"],
    ] as const) {
      const { row, confirm } = await pending(address);
      const shown = await t.app.request(`${path}?token=${confirm}`);
      expect(shown.status).toBe(200);
      expect(shown.headers.get("Cache-Control")).toBe("no-store");
      expect(shown.headers.get("Referrer-Policy")).toBe("no-referrer");
      const page = parse(await shown.text());
      expect(page.querySelectorAll("button").map((b) => b.text)).toEqual(["Confirmer mon abonnement"]);
      expect(page.querySelector("form")?.getAttribute("method")).toBe("post");
      expect(await stateOf(row.id)).toBe("pending");
      const done = await t.app.request(page.querySelector("form")!.getAttribute("action")!, {
        method: "POST",
      });
      expect(done.status).toBe(200);
      expect(parse(await done.text()).querySelector("h1")?.text).toBe("Vous êtes abonné");
      expect(await stateOf(row.id)).toBe("active");
    }
  });

  it("answers a forged or used-up link with a page that says what to do, in the path's language", async () => {
    const res = await t.app.request("/fr/subscribe/confirm?token=sub_x.1.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", {
      method: "POST",
    });
    expect(res.status).toBe(404);
    const page = parse(await res.text());
    expect(page.querySelector("html")?.getAttribute("lang")).toBe("fr");
    expect(page.querySelector("h1")?.text).toBe("Ce lien ne fonctionne pas");
    expect(page.querySelector("main")?.text).toContain("Abonnez-vous de nouveau");
  });
});

describe("unsubscribing", () => {
  it("keeps RFC 8058 one-click: a POST without cookies or body unsubscribes, at both addresses", async () => {
    for (const [address, path] of [
      ["a@example.com", "/fr/subscribe/unsubscribe"],
      ["b@example.com", "/subscribers/unsubscribe"],
    ] as const) {
      const { row, manage } = await pending(address);
      const shown = await t.app.request(`${path}?token=${manage}`);
      expect(parse(await shown.text()).querySelector("button")?.text).toBe("Se désabonner");
      expect(await stateOf(row.id)).toBe("pending");
      const res = await t.app.request(`${path}?token=${manage}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
      expect(res.status).toBe(200);
      expect(await stateOf(row.id)).toBe("unsubscribed");
    }
  });
});

describe("managing", () => {
  it("refuses an unknown component in words, on the page, in the subscriber's language", async () => {
    const { manage } = await pending();
    const res = await t.app.request(`/fr/subscribe/manage?token=${manage}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "components=not-a-component&locale=fr",
    });
    expect(res.status).toBe(400);
    const page = parse(await res.text());
    expect(page.querySelector("[role=alert]")?.text).toBe(
      "Composants : cochez des composants de la liste, ou aucun pour tous.",
    );
  });

  it("saves a change of language and follows it to the other language's page", async () => {
    const { manage } = await pending();
    const res = await t.app.request(`/fr/subscribe/manage?token=${manage}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "locale=en",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/subscribe/manage?token=${manage}&saved=1`);
    const page = parse(await (await t.app.request(res.headers.get("Location")!)).text());
    expect(page.querySelector("html")?.getAttribute("lang")).toBe("en");
    expect(page.querySelector("[role=status]")?.text).toBe("Your choices are saved.");
  });
});

describe("the frame", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "vigie-frame-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("is the build's own, with the title and the body put in", async () => {
    mkdirSync(join(root, "fr", "subscribe", "frame"), { recursive: true });
    writeFileSync(
      join(root, "fr", "subscribe", "frame", "index.html"),
      '<!doctype html><html lang="fr"><head><title>VIGIE-FRAME-TITLE · Acme</title><style>.brand{}</style></head><body><header class="brand">Acme</header><main><!--vigie-frame-body--></main></body></html>',
    );
    const app = createApp({ deps: t.deps, publicUrl: testPublicUrl, frameRoot: root });
    const { manage } = await pending();
    const res = await app.request(`/fr/subscribe/unsubscribe?token=${manage}`);
    const html = await res.text();
    expect(html).toContain("<title>Se désabonner · Acme</title>");
    expect(html).toContain('<header class="brand">Acme</header>');
    expect(parse(html).querySelector("main h1")?.text).toBe("Se désabonner");
  });

  it("falls back to a plain frame with the page's name and accent when no build is at hand", async () => {
    await t.json("PATCH", "/api/admin/settings", {
      body: { name: 'Acme <script>alert(1)</script> $& "Cloud"', accent_color: "#0f766e" },
    });
    const { manage } = await pending();
    const html = await (await t.app.request(`/fr/subscribe/manage?token=${manage}`)).text();
    const page = parse(html);
    expect(page.querySelector(".brand")?.text).toBe('Acme <script>alert(1)</script> $& "Cloud"');
    expect(page.querySelectorAll("script")).toHaveLength(0);
    expect(page.querySelector("html")?.getAttribute("style")).toBe("--accent:#0f766e");
    expect(page.querySelector("title")?.text).toBe(
      'Votre abonnement · Acme <script>alert(1)</script> $& "Cloud"',
    );
  });
});
