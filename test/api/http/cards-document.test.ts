import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { recordPollResult } from "../../../api/domain/dependencies/record-poll-result.ts";
import { renderMarkdown } from "../../../site/src/lib/markdown.ts";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";

/**
 * `/api/cards.json`: what the page's live script needs to build an incident's card as the build
 * does (the summary keeps Statuspage's shape): the shown provider that opened it, whether its text
 * is in another language than the reader's, and its shown update's body rendered as the build
 * renders it.
 */

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function incident(body: Record<string, unknown>) {
  const res = await t.json("POST", "/api/admin/incidents", {
    body: { status: "investigating", body: "Looking into it.", deliver_notifications: false, ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** A dependency with one impact, whose first check saw a major outage (publishing its incident). */
async function outageOf(name: string, shown: boolean) {
  const component = await t.json("POST", "/api/admin/components", { body: { name: `${name} users` } });
  expect(component.status).toBe(201);
  const dep = await t.json("POST", "/api/admin/dependencies", {
    body: {
      name,
      enabled: false,
      confirmations: 1,
      policy: "publish",
      shown_on_page: shown,
      source: { kind: "statuspage", base_url: "https://status.example.com" },
      impacts: [{ component_id: component.body.id, on: "major_outage", set: "partial_outage" }],
    },
  });
  expect(dep.status, JSON.stringify(dep.body)).toBe(201);
  await recordPollResult(t.deps, systemActor("monitor"), dep.body.id, {
    kind: "observed",
    observation: {
      state: "major_outage",
      upstreamIncidents: [{ id: "u1", title: "Down", state: "major_outage" }],
    },
    validators: {},
  });
  const summary = await t.json("GET", "/api/v2/summary.json", { token: null });
  const opened = summary.body.incidents.find((i: { components: { id: string }[] }) =>
    i.components.some((c) => c.id === component.body.id),
  );
  return opened?.id as string | undefined;
}

const cards = (query = "", headers: Record<string, string> = {}) =>
  t.request("GET", `/api/cards.json${query}`, { token: null, headers });

type Doc = { incidents: Record<string, { html: Record<string, string> }> };
/** The document with its rendered bodies left out, for the tests of the other facts. */
const withoutBodies = (doc: Doc) => ({
  incidents: Object.fromEntries(
    Object.entries(doc.incidents).map(([id, { html: _, ...rest }]) => [id, rest]),
  ),
});

/** The id of an incident's shown update, from the summary the live script reads. */
async function shownUpdate(id: string, query = "") {
  const summary = await t.json("GET", `/api/v2/summary.json${query}`, { token: null });
  return summary.body.incidents.find((i: { id: string }) => i.id === id).incident_updates[0].id as string;
}

describe("the cards document", () => {
  it("lists every open incident with its shown provider and, per language, whether its text is foreign", async () => {
    const english = await incident({ name: "Slow search" });
    const named = await incident({ name: "Slow logins", name_translations: { fr: "Connexions lentes" } });
    const body = await incident({ name: "Slow API", body_translations: { fr: "Nous enquêtons." } });
    const resolved = await incident({ name: "Gone" });
    await t.json("POST", `/api/admin/incidents/${resolved}/resolve`, { body: { body: "Fixed." } });
    const opened = await outageOf("Stripe", true);
    expect(opened).toMatch(/^inc_/);

    const en = await cards();
    expect(en.status).toBe(200);
    expect(en.headers.get("access-control-allow-origin")).toBe("*");
    const plain = { provider: null, lang: null };
    expect(withoutBodies(JSON.parse(await en.text()))).toEqual({
      incidents: {
        [english]: plain,
        [named]: plain,
        [body]: plain,
        [opened!]: { provider: "Stripe", lang: null },
      },
    });
    // The summary's incidents are exactly the document's.
    const summary = await t.json("GET", "/api/v2/summary.json", { token: null });
    expect(summary.body.incidents.map((i: { id: string }) => i.id).sort()).toEqual(
      [english, named, body, opened].sort(),
    );

    const fr = withoutBodies(JSON.parse(await (await cards("?locale=fr")).text()));
    expect(fr.incidents).toEqual({
      [english]: { provider: null, lang: "en" },
      [named]: plain,
      [body]: plain,
      // Drafted from the monitor's templates, in both languages.
      [opened!]: { provider: "Stripe", lang: null },
    });
    // The page's own language is never marked.
    expect(withoutBodies(JSON.parse(await (await cards("?locale=en")).text())).incidents[english]).toEqual(
      plain,
    );
  });

  it("answers 304 to its ETag, compresses, and changes with the data", async () => {
    await incident({ name: "Slow search" });
    const first = await cards("", { "Accept-Encoding": "gzip" });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-encoding")).toBe("gzip");
    expect(first.headers.get("cache-control")).toBe("public, no-cache");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^".+\.gz"$/);
    const again = await cards("", { "Accept-Encoding": "gzip", "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    await incident({ name: "Another" });
    const changed = await cards("", { "Accept-Encoding": "gzip", "If-None-Match": etag });
    expect(changed.status).toBe(200);
    const text = gunzipSync(Buffer.from(await changed.arrayBuffer())).toString();
    expect(Object.keys(JSON.parse(text).incidents)).toHaveLength(2);
  });

  it("refuses an unknown language with a 400 that lists the known ones", async () => {
    const res = await cards("?locale=<de>");
    expect(res.status).toBe(400);
    const body = JSON.parse(await res.text());
    expect(body.error.code).toBe("invalid_query");
    expect(body.error.message).toContain("locale must be one of en, fr");
  });

  it("keeps a hostile provider name as text, without what the page cannot show", async () => {
    const hostile = "<img src=x onerror=alert(1)> {{ 7*7 }} $& Co";
    const opened = await outageOf(hostile, true);
    // Stored by another tool, as the API refuses control characters in names.
    await t.handle.client.execute({
      sql: "UPDATE dependencies SET name = name || char(7) || ' bell'",
      args: [],
    });
    const doc = JSON.parse(await (await cards()).text());
    expect(doc.incidents[opened!].provider).toBe(`${hostile} bell`);
  });

  it("gives each incident's shown update rendered as the built card renders it, in the reader's language", async () => {
    const id = await incident({
      name: "Payments failing",
      body: "**Stripe** reports [errors](https://status.stripe.com).\n\n## Impact\nCard payments fail.",
      body_translations: { fr: "**Stripe** signale des _erreurs_." },
    });
    const first = await shownUpdate(id);
    const en = JSON.parse(await (await cards()).text()) as Doc;
    expect(en.incidents[id]!.html).toEqual({
      [first]:
        '<p><strong>Stripe</strong> reports <a href="https://status.stripe.com" rel="nofollow noopener">errors</a>.</p>\n<h3>Impact</h3>\n<p>Card payments fail.</p>\n',
    });
    const fr = JSON.parse(await (await cards("?locale=fr")).text()) as Doc;
    expect(fr.incidents[id]!.html).toEqual({
      [first]: "<p><strong>Stripe</strong> signale des <em>erreurs</em>.</p>\n",
    });

    // A new update replaces the one shown; its French text is missing, so French readers get the English.
    const posted = await t.json("POST", `/api/admin/incidents/${id}/updates`, {
      body: { status: "identified", body: "Fix *deployed*.", deliver_notifications: false },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const second = await shownUpdate(id, "?locale=fr");
    expect(second).not.toBe(first);
    const after = JSON.parse(await (await cards("?locale=fr")).text()) as Doc;
    expect(after.incidents[id]!.html).toEqual({ [second]: "<p>Fix <em>deployed</em>.</p>\n" });
  });

  it("renders a hostile body inert, as the build does, without what the page cannot show", async () => {
    const hostile =
      "<img src=x onerror=alert(1)> <script>alert(2)</script> [x](javascript:alert(3)) {{ 7*7 }} $& ok";
    const id = await incident({ name: "Hostile", body: hostile });
    // Stored by another tool, as the API refuses control characters in bodies.
    await t.handle.client.execute({
      sql: "UPDATE incident_updates SET body = body || char(7) || ' bell' WHERE incident_id = ?",
      args: [id],
    });
    const doc = JSON.parse(await (await cards()).text()) as Doc;
    const html = doc.incidents[id]!.html[await shownUpdate(id)]!;
    expect(html).toBe(renderMarkdown(`${hostile} bell`));
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toMatch(/<(img|script)|href="javascript/i);
    expect(html).toContain("{{ 7*7 }} $&amp; ok bell");
    expect(html).not.toContain("\u0007");
  });
});
