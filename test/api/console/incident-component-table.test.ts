import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createComponent } from "../../../api/domain/components/create-component.ts";
import { createGroup } from "../../../api/domain/components/create-group.ts";
import { systemActor } from "../../../api/domain/context.ts";
import { createIncident } from "../../../api/domain/incidents/create-incident.ts";
import { scheduleMaintenance } from "../../../api/domain/maintenances/schedule-maintenance.ts";
import { getSettings } from "../../../api/domain/settings/get-settings.ts";
import { components, incidents, settings } from "../../../db/schema/index.ts";
import { type ConsoleRig, createConsoleRig, readerText as text } from "../../helpers/console-rig.ts";
import { readersOf } from "../../helpers/seed-subscribers.ts";

let t: ConsoleRig;
const actor = systemActor("test");
let ids: { website: string; api: string; checkout: string; search: string; group: string };

/** A page as an owner builds it: a lone component, a group of two, then another lone one. */
beforeEach(async () => {
  t = await createConsoleRig(); // the clock reads 2026-11-27T12:00:00Z
  const make = async (name: string, position: number) =>
    (await createComponent({ ctx: { deps: t.deps, actor }, input: { name, position } })).id;
  const website = await make("Website", 0);
  const api = await make("API", 5);
  const checkout = await make("Checkout", 6);
  const search = await make("Search", 9);
  // Children listed against their creation order: the table follows positions, as the page does.
  const group = await createGroup({
    ctx: { deps: t.deps, actor },
    input: {
      name: "Platform",
      position: 3,
      components: [checkout, api],
    },
  });
  ids = { website, api, checkout, search, group: group.id };
});
afterEach(() => t.close());

const subscriber = readersOf(() => t.deps);

const statusOf = async (id: string) =>
  (await t.deps.read((db) => db.select().from(components).where(eq(components.id, id))))[0]!.status;
const fieldOrder = (html: string) =>
  [...html.matchAll(/<select id="f-(?:component|group)-([^"]+)"/g)].map((m) => m[1]);

const base = {
  name: "Payments failing",
  name_fr: "",
  body: "Card payments fail.",
  body_fr: "",
  status: "investigating",
  impact: "",
  deliver: "on",
};

describe("the component table of the incident form", () => {
  it("lists components grouped and ordered as on the public page, the first status focused", async () => {
    const editor = await t.signedIn("editor");
    const page = await editor.get("/admin/incidents/new");
    const onPage = (await (await t.app.request("/api/v2/components.json")).json()) as {
      components: { id: string }[];
    };
    expect(fieldOrder(page.text)).toEqual(onPage.components.map((c) => c.id));
    expect(fieldOrder(page.text)).toEqual([ids.website, ids.group, ids.checkout, ids.api, ids.search]);
    expect(page.text).toMatch(
      new RegExp(`<select id="f-component-${ids.website}" name="component-${ids.website}" autofocus`),
    );
    expect(text(page.text)).toContain("Platform · set the whole group");
    // The table comes before the name.
    expect(page.text.indexOf('class="status-table"')).toBeLessThan(page.text.indexOf('name="name"'));
  });

  it("sets a whole group at once, a component's own choice winning, and highlights what changes", async () => {
    const editor = await t.signedIn("editor");
    const form = {
      ...base,
      [`group-${ids.group}`]: "partial_outage",
      [`component-${ids.api}`]: "major_outage",
    };
    const preview = await editor.post("/admin/incidents", { form: { ...form, intent: "preview" } });
    expect(preview.status).toBe(200);
    // API, chosen for itself, and Checkout, set by its group; not Website nor Search.
    expect(preview.text.match(/<tr class="changed">/g)).toHaveLength(2);
    expect(preview.text).toContain('<tr class="group-row changed">');
    expect(text(preview.text)).toMatch(/Checkout: Partial outage/); // the email lists what the group sets
    expect(preview.text).toMatch(
      /<button type="submit" form="incident-form" name="intent" value="post" autofocus/,
    );

    const posted = await editor.post("/admin/incidents", { form: { ...form, intent: "post" } });
    expect(posted.status).toBe(303);
    expect(await statusOf(ids.checkout)).toBe("partial_outage");
    expect(await statusOf(ids.api)).toBe("major_outage");
    expect(await statusOf(ids.website)).toBe("operational");
  });

  it("shows a component's name as text, markup and all", async () => {
    await createComponent({
      ctx: { deps: t.deps, actor },
      input: { name: '<img src=x onerror="alert(1)">' },
    });
    const page = await (await t.signedIn("editor")).get("/admin/incidents/new");
    expect(page.text).not.toContain("<img src=x");
    expect(text(page.text)).toContain('<img src=x onerror="alert(1)"> Operational');
  });

  it("refuses a group status that is not one, with the form kept", async () => {
    const editor = await t.signedIn("editor");
    const refused = await editor.post("/admin/incidents", {
      form: { ...base, [`group-${ids.group}`]: "<b>on fire</b>", intent: "post" },
    });
    expect(refused.status).toBe(422);
    expect(text(refused.text)).toContain(
      'Choose a status from the list for the whole group ("<b>on fire</b>" is not one).',
    );
    expect(refused.text).not.toContain("<b>on fire</b>");
    expect(refused.text).toContain('value="Payments failing"');
    expect(await t.deps.read((db) => db.select().from(incidents))).toEqual([]);
  });

  it("fills everything from a template, the components the link names included", async () => {
    const editor = await t.signedIn("editor");
    const page = await editor.get(
      `/admin/incidents/new?template=degraded-performance&components=${ids.search},${ids.group},cmp_nope`,
    );
    expect(page.status).toBe(200);
    expect(text(page.text)).toContain('Filled from the template "Degraded performance"');
    expect(page.text).toContain('value="Degraded performance"');
    expect(page.text).toContain('value="Performances dégradées"');
    const selected = (id: string, kind = "component") =>
      new RegExp(
        `name="${kind}-${id}"[^>]*>(?:(?!</select>).)*<option value="degraded_performance" selected`,
        "s",
      ).test(page.text);
    expect(selected(ids.search)).toBe(true);
    expect(selected(ids.website)).toBe(false);
    expect(selected(ids.group, "group")).toBe(false); // a group is not a component the template sets
  });
});

describe("the dashboard", () => {
  it("offers editors the templates before anything else, and viewers nothing to post", async () => {
    const editor = await t.signedIn("editor");
    const main = (await editor.get("/admin")).text.split('<main id="main" tabindex="-1">')[1]!;
    const firstLink = /<a href="([^"]+)">([^<]+)<\/a>/.exec(main);
    expect(firstLink?.slice(1)).toEqual([
      "/admin/incidents/new?template=elevated-errors",
      "Investigating elevated errors",
    ]);
    const viewer = await t.signedIn("viewer");
    expect(text((await viewer.get("/admin")).text)).not.toContain("Open an incident");
  });
});

describe("who the preview says gets it", () => {
  it("counts per channel and language with each language's plural", async () => {
    await subscriber("email", "fr", [ids.website]);
    await subscriber("email", "en", [ids.website]);
    await subscriber("sms", "en");
    const editor = await t.signedIn("editor");
    const shown = text(
      (
        await editor.post("/admin/incidents", {
          form: { ...base, [`component-${ids.website}`]: "major_outage", intent: "preview" },
        })
      ).text,
    );
    expect(shown).toContain("3 subscribers will be notified");
    expect(shown).toContain("2 subscribers get it in English: 1 by email, 1 by SMS.");
    expect(shown).toContain("1 abonné le reçoit en français : 1 par e-mail.");
    expect(shown).not.toMatch(/\b1 subscribers\b|\b1 abonnés\b/);
  });

  it("says nobody in a language nobody reads, and one subscriber in the singular", async () => {
    await subscriber("email", "en", [ids.website]);
    const editor = await t.signedIn("editor");
    const shown = text(
      (
        await editor.post("/admin/incidents", {
          form: { ...base, [`component-${ids.website}`]: "major_outage", intent: "preview" },
        })
      ).text,
    );
    expect(shown).toContain("1 subscriber will be notified");
    expect(shown).toContain("1 subscriber gets it in English: 1 by email.");
    expect(shown).toContain("Aucun abonné ne le reçoit en français.");
  });
});

describe("updates, resolving and maintenance with the same table", () => {
  it("updates and resolves an incident with per-component statuses", async () => {
    const { incident } = await createIncident({
      ctx: { deps: t.deps, actor },
      input: {
        name: "Slow checkout",
        body: "Looking.",
        components: { [ids.checkout]: "degraded_performance" },
      },
    });
    const editor = await t.signedIn("editor");
    const page = await editor.get(`/admin/incidents/${incident.id}`);
    expect(fieldOrder(page.text)).toEqual([ids.website, ids.group, ids.checkout, ids.api, ids.search]);

    const update = await editor.post(`/admin/incidents/${incident.id}/updates`, {
      form: {
        status: "identified",
        body: "Found it.",
        body_fr: "",
        deliver: "on",
        [`group-${ids.group}`]: "major_outage",
        intent: "post",
      },
    });
    expect(update.status).toBe(303);
    expect(await statusOf(ids.api)).toBe("major_outage");
    expect(await statusOf(ids.checkout)).toBe("major_outage");

    const resolvePage = await editor.get(`/admin/incidents/${incident.id}/resolve`);
    expect(fieldOrder(resolvePage.text)).toHaveLength(5);
    const preview = await editor.post(`/admin/incidents/${incident.id}/resolve`, {
      form: {
        body: "Fixed.",
        body_fr: "",
        deliver: "on",
        [`component-${ids.api}`]: "degraded_performance",
        intent: "preview",
      },
    });
    expect(preview.text).toMatch(
      /<button type="submit" form="resolve-form" name="intent" value="post" autofocus/,
    );
    const resolved = await editor.post(`/admin/incidents/${incident.id}/resolve`, {
      form: {
        body: "Fixed.",
        body_fr: "",
        deliver: "on",
        [`component-${ids.api}`]: "degraded_performance",
        intent: "post",
      },
    });
    expect(resolved.status).toBe(303);
    expect(await statusOf(ids.api)).toBe("degraded_performance"); // named: exactly what was asked
  });

  it("gives a maintenance update per-component statuses", async () => {
    const { maintenance } = await scheduleMaintenance({
      ctx: { deps: t.deps, actor },
      input: {
        name: "Database upgrade",
        body: "Planned.",
        scheduled_for: "2026-11-28T21:00:00Z",
        scheduled_until: "2026-11-28T22:00:00Z",
        components: [ids.api],
      },
    });
    const editor = await t.signedIn("editor");
    const page = await editor.get(`/admin/maintenances/${maintenance.id}`);
    expect(page.text).toContain(`name="component-${ids.api}"`);
    expect(page.text).toContain(`name="group-${ids.group}"`);
    const posted = await editor.post(`/admin/maintenances/${maintenance.id}/updates`, {
      form: {
        status: "in_progress",
        body: "Started.",
        body_fr: "",
        deliver: "on",
        [`component-${ids.api}`]: "under_maintenance",
        [`component-${ids.search}`]: "degraded_performance",
        intent: "post",
      },
    });
    expect(posted.status).toBe(303);
    expect(await statusOf(ids.api)).toBe("under_maintenance");
    expect(await statusOf(ids.search)).toBe("degraded_performance");
  });
});

describe("times in the console", () => {
  it("shows every time on the page's clocks with the zone's abbreviation", async () => {
    await getSettings(t.deps);
    await t.deps.write((tx) => tx.update(settings).set({ timeZone: "Europe/Paris" }));
    const { incident } = await createIncident({
      ctx: { deps: t.deps, actor },
      input: { name: "Slow checkout", body: "Looking." },
    });
    const editor = await t.signedIn("editor");
    for (const path of [`/admin/incidents/${incident.id}`, "/admin", "/admin/incidents", "/admin/audit"]) {
      const page = text((await editor.get(path)).text);
      expect(page, path).toContain("2026-11-27 13:00 CET");
      expect(page, path).not.toMatch(/\d\d:\d\d UTC/);
    }
  });
});
