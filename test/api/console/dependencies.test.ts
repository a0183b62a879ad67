import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { listDependencies } from "../../../api/domain/dependencies/list-dependencies.ts";
import type { SiteDocument } from "../../../api/shapes/site-document.ts";
import { dependencies, dependencyObservations } from "../../../db/schema/index.ts";
import { type Browser, type ConsoleRig, createConsoleRig } from "../../helpers/console-rig.ts";
import { type MonitorRig, monitorRig } from "../../helpers/monitor-incident-rig.ts";

let t: ConsoleRig;
let m: MonitorRig;
let wakes = 0;
beforeEach(async () => {
  wakes = 0;
  t = await createConsoleRig();
  t.deps.signals.on("dependencies-due", () => wakes++);
  m = monitorRig(t);
});
afterEach(() => t.close());

const all = async () =>
  (await listDependencies({ ctx: { deps: t.deps, actor: systemActor("test") }, input: { limit: 100 } }))
    .dependencies;

/** The form as the page sends it, with one impact row. */
const form = (extra: Record<string, string> = {}) => ({
  name: "",
  catalog_id: "",
  source_kind: "statuspage",
  source_config: "",
  policy: "draft",
  poll_interval_seconds: "60",
  enabled: "on",
  impact_count: "1",
  impact_0_component_id: "",
  impact_0_on: "major_outage",
  impact_0_set: "partial_outage",
  impact_0_criticality: "high",
  impact_0_alternative_group: "",
  ...extra,
});

async function addStripe(b: Browser, checkout: string) {
  await b.get("/admin/dependencies/new?catalog=stripe");
  const res = await b.post("/admin/dependencies", {
    form: form({ catalog_id: "stripe", impact_0_component_id: checkout, impact_0_criticality: "critical" }),
  });
  expect(res.status, res.text).toBe(303);
  return res;
}

describe("adding a dependency", () => {
  it("searches the catalog, picks an entry, sets an impact, and the monitor is woken", async () => {
    const checkout = await m.component("Checkout");
    const editor = await t.signedIn("editor");
    const search = await editor.get("/admin/dependencies/new?q=stripe");
    expect(search.text).toContain('href="/admin/dependencies/new?catalog=stripe">Use Stripe</a>');
    expect(search.text).not.toContain("Use GitHub");
    const picked = await editor.get("/admin/dependencies/new?catalog=stripe");
    expect(picked.text).toContain('<input type="hidden" name="catalog_id" value="stripe"/>');
    const res = await addStripe(editor, checkout);
    const [dep] = await all();
    expect(dep!.dependency).toMatchObject({ name: "Stripe", state: "unknown", policy: "draft" });
    expect(dep!.impacts).toMatchObject([
      { componentId: checkout, onState: "major_outage", criticality: "critical" },
    ]);
    expect(res.location).toMatch(new RegExp(`^/admin/dependencies/${dep!.dependency.id}\\?notice=`));
    expect(wakes).toBe(1);
    const detail = await editor.get(res.location!);
    expect(detail.text).toContain("Stripe is watched; its first check runs now.");
    expect(detail.text).toContain("Checkout: partial outage from major outage (critical)");
  });

  it("takes a custom source as JSON and says what is wrong with it, keeping the text", async () => {
    const editor = await t.signedIn("editor");
    await editor.get("/admin/dependencies/new");
    const broken = await editor.post("/admin/dependencies", {
      form: form({ name: "Status", source_config: '{"base_url": ' }),
    });
    expect(broken.status).toBe(422);
    expect(broken.text).toContain("is not valid JSON");
    expect(broken.text).toContain("{&quot;base_url&quot;: </textarea>");
    const badUrl = await editor.post("/admin/dependencies", {
      form: form({ name: "Status", source_config: '{"base_url": "ftp://x.example"}' }),
    });
    expect(badUrl.status).toBe(422);
    expect(badUrl.text).toContain("base_url: must be an http:// or https:// URL");
    const noName = await editor.post("/admin/dependencies", {
      form: form({ source_config: '{"base_url": "https://status.example.com"}' }),
    });
    expect(noName.status).toBe(422);
    expect(noName.text).toContain("name: required when the source is given");
    expect(await all()).toEqual([]);
    const ok = await editor.post("/admin/dependencies", {
      form: form({
        name: "Own API",
        source_kind: "http",
        source_config: '{"url": "https://api.example.com/health"}',
      }),
    });
    expect(ok.status).toBe(303);
    expect((await all())[0]!.dependency.source).toMatchObject({
      kind: "http",
      url: "https://api.example.com/health",
    });
  });

  it('adds impact rows with "Add an impact row" without saving, and names the row of a wrong field', async () => {
    const checkout = await m.component("Checkout");
    const editor = await t.signedIn("editor");
    await editor.get("/admin/dependencies/new?catalog=github");
    const more = await editor.post("/admin/dependencies", {
      form: form({ catalog_id: "github", intent: "add_impact" }),
    });
    expect(more.status).toBe(200);
    expect(more.text).toContain("<legend>Impact 2</legend>");
    expect(await all()).toEqual([]);
    const wrong = await editor.post("/admin/dependencies", {
      form: form({
        catalog_id: "github",
        impact_count: "2",
        impact_1_component_id: checkout,
        impact_1_on: "operational",
        impact_1_set: "major_outage",
        impact_1_criticality: "low",
        impact_1_alternative_group: "",
      }),
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toMatch(/Impact 2, on: Invalid option/);
  });
});

describe("a dependency's page", () => {
  it("shows state, upstream incidents (web links only), last error and history; edits and checks it", async () => {
    const checkout = await m.component("Checkout");
    const editor = await t.signedIn("editor");
    await addStripe(editor, checkout);
    const id = (await all())[0]!.dependency.id;
    await t.deps.write(async (tx) => {
      const upstream = [
        {
          id: "a",
          title: "Card declines",
          url: "https://www.stripestatus.com/incidents/a",
          state: "major_outage" as const,
        },
        { id: "b", title: "Sneaky", url: "javascript:alert(1)", state: "major_outage" as const },
      ];
      await tx
        .update(dependencies)
        .set({
          state: "major_outage",
          upstreamIncidents: upstream,
          lastError: "HTTP 503 from upstream",
          lastCheckedAt: t.clock.now(),
        })
        .where(eq(dependencies.id, id));
      await tx.insert(dependencyObservations).values({
        dependencyId: id,
        observedAt: t.clock.now(),
        state: "major_outage",
        previousState: "operational",
        upstreamIncidents: upstream,
      });
    });
    const page = await editor.get(`/admin/dependencies/${id}`);
    expect(page.text).toContain(
      '<a href="https://www.stripestatus.com/incidents/a" rel="noopener noreferrer">Card declines</a>',
    );
    expect(page.text).toContain("Sneaky");
    expect(page.text).not.toContain("javascript:");
    expect(page.text).toContain("Last error: HTTP 503 from upstream");
    expect(page.text).toMatch(/operational<\/span> → <span class="badge bad">major outage/);

    wakes = 0;
    const check = await editor.post(`/admin/dependencies/${id}/check`, { form: {} });
    expect(check.status).toBe(303);
    expect(wakes).toBe(1);

    const edit = await editor.get(`/admin/dependencies/${id}/edit`);
    expect(edit.text).toContain("www.stripestatus.com");
    const saved = await editor.post(`/admin/dependencies/${id}`, {
      form: form({
        name: "Stripe payments",
        source_config: '{"base_url": "https://www.stripestatus.com"}',
        policy: "publish",
        impact_0_component_id: "",
      }),
    });
    expect(saved.status, saved.text).toBe(303);
    const [after] = await all();
    expect(after!.dependency).toMatchObject({ name: "Stripe payments", policy: "publish" });
    expect(after!.impacts).toEqual([]);
  });

  it("shows a dependency on the page with a public description, and hides it again", async () => {
    const editor = await t.signedIn("editor");
    await addStripe(editor, await m.component("Checkout"));
    const id = (await all())[0]!.dependency.id;
    const edit = await editor.get(`/admin/dependencies/${id}/edit`);
    expect(edit.text).toContain('name="shown_on_page"');
    const fields = { source_config: '{"base_url": "https://www.stripestatus.com"}', name: "Stripe" };
    const refused = await editor.post(`/admin/dependencies/${id}`, {
      form: form({ ...fields, shown_on_page: "on", description: "x".repeat(501) }),
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("at most 500 characters");
    const shown = await editor.post(`/admin/dependencies/${id}`, {
      form: form({ ...fields, shown_on_page: "on", description: "Card <b>payments</b>" }),
    });
    expect(shown.status, shown.text).toBe(303);
    expect((await all())[0]!.dependency).toMatchObject({
      shownOnPage: true,
      description: "Card <b>payments</b>",
    });
    expect((await editor.get("/admin/dependencies")).text).toContain("on the page");
    expect((await editor.get(`/admin/dependencies/${id}/edit`)).text).toContain(
      "Card &lt;b&gt;payments&lt;/b&gt;",
    );
    const site = (await (await t.app.request("/api/site.json")).json()) as SiteDocument;
    expect(site.third_party).toMatchObject([{ id, name: "Stripe", description: "Card <b>payments</b>" }]);

    const hidden = await editor.post(`/admin/dependencies/${id}`, {
      form: form({ ...fields, description: "" }),
    });
    expect(hidden.status, hidden.text).toBe(303);
    expect((await all())[0]!.dependency).toMatchObject({ shownOnPage: false, description: null });
    expect(((await (await t.app.request("/api/site.json")).json()) as SiteDocument).third_party).toEqual([]);
  });

  it("deletes after a confirmation page", async () => {
    const editor = await t.signedIn("editor");
    await addStripe(editor, await m.component("Checkout"));
    const id = (await all())[0]!.dependency.id;
    expect((await editor.get(`/admin/dependencies/${id}/delete`)).text).toContain("Delete Stripe</button>");
    expect((await editor.post(`/admin/dependencies/${id}/delete`, { form: {} })).status).toBe(303);
    expect(await all()).toEqual([]);
  });
});

describe("the dependency list", () => {
  it("shows states, the single points of failure and the map picture, served to the console", async () => {
    const editor = await t.signedIn("editor");
    await addStripe(editor, await m.component("Checkout"));
    const list = await editor.get("/admin/dependencies");
    expect(list.text).toContain("Stripe</a>");
    expect(list.text).toContain('<span class="badge ">unknown</span>');
    expect(list.text).toMatch(
      /Checkout needs <a href="\/admin\/dependencies\/dep_\w+">Stripe<\/a> critically/,
    );
    expect(list.text).toContain('src="/admin/dependency-map.svg"');
    const svg = await editor.get("/admin/dependency-map.svg");
    expect(svg.status).toBe(200);
    expect(svg.headers.get("Content-Type")).toBe("image/svg+xml; charset=utf-8");
    expect(svg.text).toContain("1 single points of failure");
    expect((await t.browser().get("/admin/dependency-map.svg")).status).toBe(303);
  });

  it("adds and removes on-call contacts, saying what is wrong with a bad one", async () => {
    const editor = await t.signedIn("editor");
    await editor.get("/admin/dependencies");
    const bad = await editor.post("/admin/oncall", { form: { name: "Ada", email: "not-an-email" } });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("must be an email address");
    expect(bad.text).toContain('value="Ada"');
    expect(
      (await editor.post("/admin/oncall", { form: { name: "Ada", email: "ada@example.com" } })).status,
    ).toBe(303);
    const twice = await editor.post("/admin/oncall", { form: { name: "Ada", email: "ada@example.com" } });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain("is already an on-call contact");
    const id = /action="\/admin\/oncall\/(onc_\w+)\/delete"/.exec(twice.text)![1];
    expect((await editor.post(`/admin/oncall/${id}/delete`, { form: {} })).status).toBe(303);
    expect((await editor.get("/admin/dependencies")).text).toContain("Nobody yet");
  });

  it("lets viewers look but not change, and refuses posts without the CSRF token", async () => {
    const editor = await t.signedIn("editor");
    await addStripe(editor, await m.component("Checkout"));
    const id = (await all())[0]!.dependency.id;
    const viewer = await t.signedIn("viewer");
    expect((await viewer.get("/admin/dependencies")).status).toBe(200);
    const detail = await viewer.get(`/admin/dependencies/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.text).not.toContain("Check now");
    expect((await viewer.get("/admin/dependencies/new")).status).toBe(403);
    expect((await viewer.post(`/admin/dependencies/${id}/check`, { form: {} })).status).toBe(403);
    expect((await viewer.post("/admin/oncall", { form: { name: "V", email: "v@example.com" } })).status).toBe(
      403,
    );
    const noToken = await editor.post(`/admin/dependencies/${id}/delete`, { form: {}, csrf: false });
    expect(noToken.status).toBe(403);
    expect(await all()).toHaveLength(1);
  });
});
