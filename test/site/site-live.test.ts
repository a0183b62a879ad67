import { Window } from "happy-dom";
import { parse } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { renderMarkdown } from "../../site/src/lib/markdown.ts";
import { readBuilt } from "./build-site.ts";
import { type BuiltDemoSite, buildDemoSite } from "./demo-site.ts";

/**
 * The home page's inline script, run against the built page in a DOM (happy-dom) with the real API
 * behind `fetch`: what it changes when the API answers, and what it says when it does not.
 */

let site: BuiltDemoSite;

beforeAll(async () => {
  site = await buildDemoSite();
}, 120_000);

afterAll(() => site?.close());

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * Loads a built page into a DOM and runs its inline script with `fetch` (after `prepare`, if given,
 * has changed the page); returns the document, and `poll`, which runs the script's next poll.
 */
function runPage(path: string, fetch: Fetch, prepare?: (document: Window["document"]) => void) {
  const window = new Window({ url: "http://status.test/" });
  const html = readBuilt(site.outDir, path);
  window.document.write(html);
  prepare?.(window.document);
  const script = window.document.querySelector("script")?.textContent ?? "";
  const requested: string[] = [];
  const spy: Fetch = (url, init) => {
    requested.push(url);
    return fetch(url, init);
  };
  const intervals: number[] = [];
  let next = () => {};
  // The script's globals, from the DOM; the 8 s interval is recorded, and run only by `poll`.
  new Function("document", "fetch", "CSS", "setInterval", script)(
    window.document,
    spy,
    { escape: (s: string) => s.replace(/["\\]/g, "\\$&") },
    (poll: () => void, ms: number) => {
      next = poll;
      intervals.push(ms);
    },
  );
  return { document: window.document, requested, intervals, poll: () => next(), close: () => window.close() };
}

const byName = (name: string) => site.doc.components.find((c) => c.name === name)?.id ?? "";

describe("live refresh", () => {
  it("applies the summary: page status, components, hidden components, active incidents", async () => {
    const open = site.doc.incidents.find((i) => i.status === "identified");
    const ftp = byName("Legacy FTP import");
    const checkout = byName("Checkout");
    const posted = await site.t.json("POST", `/api/admin/incidents/${open?.id}/updates`, {
      body: {
        status: "monitoring",
        body: "Payments **recovered**; FTP imports are failing.\n\nWe are looking into the imports.",
        components: { [checkout]: "operational", [ftp]: "major_outage" },
        deliver_notifications: false,
      },
    });
    expect(posted.status).toBe(201);
    const page = runPage("index.html", (url, init) => fetch(`${site.apiUrl}${url}`, init));
    const { document } = page;
    expect(document.querySelector(`[data-component-id="${ftp}"]`)?.hasAttribute("hidden")).toBe(true);
    await vi.waitFor(() =>
      expect(document.querySelector("#live-status")?.textContent).toMatch(/^Updated \d/),
    );
    // The summary lists incidents, and the page has not seen it: the cards document comes with it.
    expect(page.requested).toEqual(["/api/v2/summary.json", "/api/cards.json"]);
    expect(page.intervals).toEqual([8_000]);

    const ftpRow = document.querySelector(`[data-component-id="${ftp}"]`);
    expect(ftpRow?.hasAttribute("hidden")).toBe(false);
    expect(ftpRow?.getAttribute("data-status")).toBe("major_outage");
    expect(ftpRow?.querySelector(".st")?.textContent).toBe("Major outage");
    expect(document.querySelector(`[data-component-id="${checkout}"]`)?.getAttribute("data-status")).toBe(
      "operational",
    );
    expect(document.querySelector(`[data-component-id="${checkout}"] .st`)?.textContent).toBe("Operational");
    expect(document.querySelector("#status")?.getAttribute("data-indicator")).toBe("major");
    expect(document.querySelector("#status-description")?.textContent).toBe("Partial System Outage");

    const card = document.querySelector(`#active-incidents [data-incident-id="${open?.id}"]`);
    expect(card?.querySelector("strong")?.textContent).toBe("Monitoring");
    expect(card?.querySelector("a")?.getAttribute("href")).toBe(`/incidents/${open?.id}/`);
    // Built as incident-card.astro builds it: the body as the build renders its Markdown, then the time.
    expect(card?.querySelector(".update > .md")?.innerHTML).toBe(
      renderMarkdown("Payments **recovered**; FTP imports are failing.\n\nWe are looking into the imports."),
    );
    expect(card?.querySelector(".update > .md strong")?.textContent).toBe("recovered");
    expect(card?.textContent).not.toContain("**");
    // Posted at the API's 12:00 UTC, which the summary writes in the page's zone.
    expect(card?.querySelector(".update > time")?.getAttribute("datetime")).toBe(
      "2026-11-27T13:00:00.000+01:00",
    );

    // Nothing changed: the next poll asks for the summary alone, and keeps the cards as they are.
    page.poll();
    await vi.waitFor(() => expect(page.requested).toHaveLength(3));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(page.requested).toEqual(["/api/v2/summary.json", "/api/cards.json", "/api/v2/summary.json"]);
    expect(document.querySelector(`#active-incidents [data-incident-id="${open?.id}"]`)).toBe(card);
    page.close();
  });

  it("asks for French text on French pages", async () => {
    const page = runPage("fr/index.html", (url, init) => fetch(`${site.apiUrl}${url}`, init));
    await vi.waitFor(() =>
      expect(page.document.querySelector("#live-status")?.textContent).toMatch(/^Mis à jour à \d/),
    );
    expect(page.requested).toEqual(["/api/v2/summary.json?locale=fr", "/api/cards.json?locale=fr"]);
    expect(page.document.querySelector("#active-incidents h3 a")?.textContent).toBe(
      "Taux d'erreur élevé sur le paiement",
    );
    expect(page.document.querySelector("#status-description")?.textContent).toBe(
      "Panne partielle des systèmes",
    );
    page.close();
  });

  it("takes a card's language note and provider from the cards document, else from the card it replaces", async () => {
    const open = site.doc.incidents.find((i) => i.status !== "resolved" && i.status !== "postmortem");
    const selector = `#active-incidents [data-incident-id="${open?.id}"]`;
    // As the page builds a card for an incident with no French text, opened by a provider's outage;
    // its update is one the script has not shown.
    const stale = (document: Window["document"]) => {
      const built = document.querySelector(selector)!;
      built.setAttribute("data-update-id", "upd_stale");
      const h = built.querySelector("h3")!;
      h.querySelector("a")!.setAttribute("lang", "en");
      h.insertAdjacentHTML("beforeend", ' <span class="lang-note">(en anglais)</span>');
      h.insertAdjacentHTML("afterend", '<p class="provider">Causé par une panne chez Stripe</p>');
    };
    const api: Fetch = (url, init) => fetch(`${site.apiUrl}${url}`, init);
    // The cards document knows better: the incident has French text and no provider.
    const page = runPage("fr/index.html", api, stale);
    await vi.waitFor(() =>
      expect(page.document.querySelector(`${selector}[data-update-id="upd_stale"]`)).toBe(null),
    );
    const card = page.document.querySelector(selector);
    expect(card?.getAttribute("data-update-id")).toMatch(/^upd_(?!stale)/);
    expect(card?.querySelector("h3 a")?.hasAttribute("lang")).toBe(false);
    expect(card?.querySelectorAll(".lang-note, .provider")).toHaveLength(0);
    page.close();

    // A cards document that does not list it (newer than the summary): the card keeps what it said.
    const older = runPage(
      "fr/index.html",
      (url, init) =>
        url.startsWith("/api/cards.json")
          ? Promise.resolve(Response.json({ incidents: {} }))
          : api(url, init),
      stale,
    );
    await vi.waitFor(() =>
      expect(older.document.querySelector(`${selector}[data-update-id="upd_stale"]`)).toBe(null),
    );
    const kept = older.document.querySelector(selector);
    expect(kept?.querySelector("h3 a")?.getAttribute("lang")).toBe("en");
    expect(kept?.querySelector("h3 .lang-note")?.textContent).toBe("(en anglais)");
    expect(kept?.querySelector("h3 + p.provider")?.textContent).toBe("Causé par une panne chez Stripe");
    expect(kept?.querySelectorAll(".lang-note, .provider")).toHaveLength(2);
    // Its update's text as typed, in paragraphs, until the next change brings the rendered body.
    expect(kept?.querySelectorAll(".update > .md > p").length).toBeGreaterThan(0);
    older.close();
  });

  it("waits for the cards document to build a card for an incident the page was built without", async () => {
    const posted = await site.t.json("POST", "/api/admin/incidents", {
      body: { name: "Slow search", status: "investigating", body: "Looking.", deliver_notifications: false },
    });
    expect(posted.status).toBe(201);
    const selector = `#active-incidents [data-incident-id="${posted.body.id}"]`;
    // Without the cards document, the new card is not built: the page says it could not refresh.
    const failing = runPage("fr/index.html", (url, init) =>
      url.startsWith("/api/cards.json")
        ? Promise.resolve(new Response("", { status: 503 }))
        : fetch(`${site.apiUrl}${url}`, init),
    );
    await vi.waitFor(() =>
      expect(failing.document.querySelector("#live-status")?.textContent).toMatch(/^Mises à jour en direct/),
    );
    expect(failing.requested).toEqual(["/api/v2/summary.json?locale=fr", "/api/cards.json?locale=fr"]);
    expect(failing.document.querySelector(selector)).toBe(null);
    failing.close();

    const page = runPage("fr/index.html", (url, init) => fetch(`${site.apiUrl}${url}`, init));
    await vi.waitFor(() => expect(page.document.querySelector(selector)).not.toBe(null));
    expect(page.requested).toEqual(["/api/v2/summary.json?locale=fr", "/api/cards.json?locale=fr"]);
    const card = page.document.querySelector(selector);
    expect(card?.querySelector("h3 a")?.getAttribute("lang")).toBe("en");
    expect(card?.querySelector("h3 .lang-note")?.textContent).toBe("(en anglais)");
    expect(card?.querySelector(".provider")).toBe(null);
    page.close();
  });

  it("keeps the page as built and says so when the API cannot be reached", async () => {
    // Built at 12:00 UTC: 1:00 PM on the page's Paris clock, as the HTML says.
    const built = parse(readBuilt(site.outDir, "index.html"));
    expect(built.querySelector("#live-status")?.text.replace(/\s+/g, " ")).toBe("Published 1:00 PM GMT+1");
    const page = runPage("index.html", () => Promise.reject(new TypeError("fetch failed")));
    const before = page.document.querySelector("main")?.innerHTML;
    // The script says it in the zone of the machine that runs it, at once.
    const local = new Intl.DateTimeFormat("en", {
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: "short",
    });
    const builtAt = local.format(new Date("2026-11-27T12:00:00Z"));
    expect(page.document.querySelector("#live-status")?.textContent).toBe(`Published ${builtAt}`);
    await vi.waitFor(() =>
      expect(page.document.querySelector("#live-status")?.textContent).toBe(
        `Live updates unavailable — last published ${builtAt}`,
      ),
    );
    const after = page.document
      .querySelector("main")
      ?.innerHTML.replace(/Live updates unavailable — last published/, "Published");
    expect(after).toBe(before);
    page.close();
  });
});
