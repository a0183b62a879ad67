import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAuditLog } from "../../../api/domain/audit/list-audit-log.ts";
import { systemActor } from "../../../api/domain/context.ts";
import { loadComponents } from "../../../api/domain/read/load-page.ts";
import { type Browser, type ConsoleRig, createConsoleRig } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
beforeEach(async () => {
  t = await createConsoleRig();
});
afterEach(() => t.close());

const rows = () => loadComponents(t.deps);
const byName = async (name: string) => (await rows()).find((r) => r.name === name)!;
/** The names in the list's table, in the order shown. */
const shownOrder = (html: string) =>
  [
    ...html.matchAll(
      /<td(?: class="child")?>(?:<strong>)?([^<]+)(?:<\/strong>)?(?:<span class="muted"> \(in group\)<\/span>)?<br/g,
    ),
  ].map((m) => m[1]);

const fields = (name: string, extra: Record<string, string> = {}) => ({
  name,
  description: "",
  group_id: "",
  status: "operational",
  showcase: "on",
  ...extra,
});

async function add(b: Browser, name: string, extra: Record<string, string> = {}) {
  await b.get("/admin/components/new");
  const res = await b.post("/admin/components", { form: fields(name, extra) });
  expect(res.status, res.text).toBe(303);
  return byName(name);
}

describe("/admin/components", () => {
  it("adds a component from the form; it is listed and the public API has it", async () => {
    const editor = await t.signedIn("editor");
    const res = await editor.get("/admin/components/new");
    expect(res.status).toBe(200);
    await editor.post("/admin/components", {
      form: fields("Checkout", { description: "Card payments", only_show_if_degraded: "on" }),
    });
    const row = await byName("Checkout");
    expect(row).toMatchObject({ description: "Card payments", showcase: true, onlyShowIfDegraded: true });
    const list = await editor.get("/admin/components");
    expect(list.text).toContain("Checkout");
    expect(list.text).toContain("shown only when degraded");
    const api = await t.app.request("/api/v2/components.json");
    expect(await api.text()).toContain("Checkout");
  });

  it("saves a French name and description, refuses a control character in them, and clears them when blank", async () => {
    const editor = await t.signedIn("editor");
    const row = await add(editor, "Checkout", {
      "name_translations.fr": "Paiement",
      "description_translations.fr": "Cartes et SEPA",
    });
    expect(row).toMatchObject({
      nameTranslations: { fr: "Paiement" },
      descriptionTranslations: { fr: "Cartes et SEPA" },
    });
    const edit = await editor.get(`/admin/components/${row.id}`);
    expect(edit.text).toContain('value="Paiement"');
    const refused = await editor.post(`/admin/components/${row.id}`, {
      form: fields("Checkout", { "name_translations.fr": "Pai\u0007ement" }),
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("control characters");
    const cleared = await editor.post(`/admin/components/${row.id}`, { form: fields("Checkout") });
    expect(cleared.status, cleared.text).toBe(303);
    expect(await byName("Checkout")).toMatchObject({ nameTranslations: {}, descriptionTranslations: {} });
  });

  it("says what to fix and keeps what was typed", async () => {
    const editor = await t.signedIn("editor");
    await editor.get("/admin/components/new");
    const blank = await editor.post("/admin/components", {
      form: fields("   ", { description: "kept description" }),
    });
    expect(blank.status).toBe(422);
    expect(blank.text).toContain("must not be empty or blank");
    expect(blank.text).toContain("kept description");
    const badGroup = await editor.post("/admin/components", {
      form: fields("API", { group_id: "cmp_nope" }),
    });
    expect(badGroup.status).toBe(422);
    expect(badGroup.text).toContain("group_id: group &quot;cmp_nope&quot; does not exist.");
    expect(badGroup.text).toContain('value="API"');
    expect(await rows()).toEqual([]);
  });

  it("edits a component: status, flags and group; a group edit changes its name", async () => {
    const editor = await t.signedIn("editor");
    const api = await add(editor, "API");
    await editor.get("/admin/components");
    expect(
      (await editor.post("/admin/components/groups", { form: { name: "Core", description: "" } })).status,
    ).toBe(303);
    const group = await byName("Core");
    const page = await editor.get(`/admin/components/${api.id}`);
    expect(page.text).toContain(`<option value="${group.id}">Core</option>`);
    const saved = await editor.post(`/admin/components/${api.id}`, {
      form: fields("API v2", { status: "partial_outage", group_id: group.id }),
    });
    expect(saved.status).toBe(303);
    expect(await byName("API v2")).toMatchObject({
      status: "partial_outage",
      groupId: group.id,
      showcase: true,
    });
    // An unticked box is absent from the form: it means "no".
    await editor.post(`/admin/components/${api.id}`, {
      form: { ...fields("API v2", { group_id: group.id }), showcase: "" },
    });
    expect((await byName("API v2")).showcase).toBe(false);
    await editor.get(`/admin/components/${group.id}`);
    expect(
      (await editor.post(`/admin/components/${group.id}`, { form: { name: "Platform", description: "x" } }))
        .status,
    ).toBe(303);
    const list = await editor.get("/admin/components");
    expect(shownOrder(list.text)).toEqual(["Platform", "API v2"]);
  });

  it("moves components up and down within their level, and says when one is already first", async () => {
    const editor = await t.signedIn("editor");
    const a = await add(editor, "Alpha");
    await add(editor, "Bravo");
    const c = await add(editor, "Charlie");
    await editor.get("/admin/components");
    expect((await editor.post(`/admin/components/${c.id}/move`, { form: { direction: "up" } })).status).toBe(
      303,
    );
    expect(shownOrder((await editor.get("/admin/components")).text)).toEqual(["Alpha", "Charlie", "Bravo"]);
    await editor.post(`/admin/components/${a.id}/move`, { form: { direction: "down" } });
    expect(shownOrder((await editor.get("/admin/components")).text)).toEqual(["Charlie", "Alpha", "Bravo"]);
    const first = await editor.post(`/admin/components/${c.id}/move`, { form: { direction: "up" } });
    expect((await editor.get(first.location!)).text).toContain("It is already first.");
    const audit = await listAuditLog({
      ctx: { deps: t.deps, actor: systemActor("test") },
      input: { limit: 50 },
    });
    expect(audit.filter((e) => e.action === "components.reorder")).toHaveLength(2);
  });

  it("deletes after a confirmation page", async () => {
    const editor = await t.signedIn("editor");
    const row = await add(editor, "Legacy");
    const confirm = await editor.get(`/admin/components/${row.id}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain("Delete Legacy</button>");
    expect(await byName("Legacy")).toBeDefined();
    const res = await editor.post(`/admin/components/${row.id}/delete`, { form: {} });
    expect(res.status).toBe(303);
    expect(await rows()).toEqual([]);
    expect((await editor.get(`/admin/components/${row.id}`)).status).toBe(404);
  });

  it("shows viewers the list without controls and refuses their changes", async () => {
    const editor = await t.signedIn("editor");
    const row = await add(editor, "Search");
    const viewer = await t.signedIn("viewer");
    const list = await viewer.get("/admin/components");
    expect(list.status).toBe(200);
    expect(list.text).toContain("Search");
    expect(list.text).not.toContain("Move Search");
    expect((await viewer.get("/admin/components/new")).status).toBe(403);
    expect((await viewer.post("/admin/components", { form: fields("Sneaky") })).status).toBe(403);
    expect((await viewer.post(`/admin/components/${row.id}/delete`, { form: {} })).status).toBe(403);
    expect(await byName("Search")).toBeDefined();
  });

  it("refuses a post without the CSRF token", async () => {
    const editor = await t.signedIn("editor");
    const res = await editor.post("/admin/components", { form: fields("NoToken"), csrf: false });
    expect(res.status).toBe(403);
    expect(res.text).toContain("CSRF token is missing or wrong");
    expect(await rows()).toEqual([]);
  });
});
