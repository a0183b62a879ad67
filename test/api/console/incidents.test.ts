import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { createIncident } from "../../../api/domain/incidents/create-incident.ts";
import { expandNotifications } from "../../../api/notifier/expand-notifications.ts";
import {
  components,
  deliveries,
  incidents,
  incidentTranslations,
  incidentUpdates,
  incidentUpdateTranslations,
} from "../../../db/schema/index.ts";
import { type ConsoleRig, createConsoleRig, readerText as text } from "../../helpers/console-rig.ts";
import { monitorRig } from "../../helpers/monitor-incident-rig.ts";
import { readersOf } from "../../helpers/seed-subscribers.ts";

let t: ConsoleRig;
beforeEach(async () => {
  t = await createConsoleRig();
});
afterEach(() => t.close());

const subscriber = readersOf(() => t.deps);

const one = async <T>(rows: Promise<T[]>) => (await rows)[0]!;
const incidentRows = () => t.deps.read((db) => db.select().from(incidents));
const statusOf = async (id: string) =>
  (await one(t.deps.read((db) => db.select().from(components).where(eq(components.id, id))))).status;

describe("opening an incident from the console", () => {
  it("starts from a template, refuses a blank name with the input kept, previews, then opens it", async () => {
    const checkout = await monitorRig(t).component("Checkout");
    await monitorRig(t).component("Search");
    await subscriber("email", "en", [checkout]);
    await subscriber("email", "fr");
    await subscriber("sms", "fr");
    const editor = await t.signedIn("editor");

    const blank = await editor.get("/admin/incidents/new?template=elevated-errors");
    expect(blank.status).toBe(200);
    expect(blank.text).toContain('value="Elevated error rates"');
    expect(blank.text).toContain('value="Taux d&#39;erreur élevé"');
    expect(blank.text).toContain(`name="component-${checkout}"`);

    const form = {
      name: "",
      name_fr: "Paiements en échec",
      body: "Card payments **fail**.",
      body_fr: "Les paiements par carte échouent.",
      status: "investigating",
      impact: "",
      [`component-${checkout}`]: "major_outage",
      deliver: "on",
    };
    const refused = await editor.post("/admin/incidents", { form: { ...form, intent: "post" } });
    expect(refused.status).toBe(422);
    expect(text(refused.text)).toContain("Must not be empty or blank");
    expect(refused.text).toContain('aria-invalid="true"');
    expect(refused.text).toContain("Card payments **fail**.");
    expect(refused.text).toMatch(/<option value="major_outage" selected/);
    expect(await incidentRows()).toEqual([]);

    const preview = await editor.post("/admin/incidents", {
      form: { ...form, name: "Checkout payments failing", intent: "preview" },
    });
    expect(preview.status).toBe(200);
    const shown = text(preview.text);
    expect(shown).toContain("3 subscribers will be notified");
    expect(shown).toMatch(/Email 1 1 2/); // English, French, total
    expect(shown).toMatch(/SMS 0 1 1/);
    expect(shown).toMatch(/Subject: .*Checkout payments failing/);
    expect(shown).toMatch(/Subject: .*Paiements en échec/);
    expect(shown).toContain("Card payments fail."); // the email's text part: markdown without its syntax
    expect(shown).toContain("Les paiements par carte échouent.");
    expect(shown).toMatch(/SMS in French .*Paiements en echec|SMS in French .*Paiements en échec/);
    expect(preview.text).toContain('value="Checkout payments failing"'); // the input is kept
    expect(await incidentRows()).toEqual([]);

    const posted = await editor.post("/admin/incidents", {
      form: { ...form, name: "Checkout payments failing", intent: "post" },
    });
    expect(posted.status).toBe(303);
    const [incident] = await incidentRows();
    expect(posted.location).toMatch(new RegExp(`^/admin/incidents/${incident!.id}\\?notice=`));
    expect(incident).toMatchObject({
      name: "Checkout payments failing",
      status: "investigating",
      impact: "critical",
    });
    expect(await statusOf(checkout)).toBe("major_outage");
    const [fr] = await t.deps.read((db) => db.select().from(incidentTranslations));
    expect(fr).toMatchObject({ locale: "fr", name: "Paiements en échec" });
    const [bodyFr] = await t.deps.read((db) => db.select().from(incidentUpdateTranslations));
    expect(bodyFr).toMatchObject({ locale: "fr", body: "Les paiements par carte échouent." });

    await expandNotifications(t.deps);
    const sent = await t.deps.read((db) => db.select().from(deliveries));
    expect(sent.map((d) => d.channel).sort()).toEqual(["email", "email", "sms"]);

    const page = await editor.get(posted.location!);
    expect(text(page.text)).toContain('"Checkout payments failing" is open. Subscribers are being notified.');
    expect(text(page.text)).toContain("Checkout: Operational → Major outage");
  });

  it("says nobody is told when notifications are unticked, and opens it silently", async () => {
    const editor = await t.signedIn("editor");
    await subscriber("email", "en");
    const form = { name: "Quiet fix", body: "Nothing to see.", status: "identified", impact: "minor" };
    const preview = await editor.post("/admin/incidents", { form: { ...form, intent: "preview" } });
    expect(text(preview.text)).toContain("Notify subscribers is unticked: nobody is told of this incident.");
    const posted = await editor.post("/admin/incidents", { form: { ...form, intent: "post" } });
    expect(posted.status).toBe(303);
    await expandNotifications(t.deps);
    expect(await t.deps.read((db) => db.select().from(deliveries))).toEqual([]);
    expect((await incidentRows())[0]).toMatchObject({ impact: "minor", impactOverride: "minor" });
  });
});

describe("an incident's page", () => {
  async function openIncident(checkout: string) {
    const { incident } = await createIncident({
      ctx: { deps: t.deps, actor: systemActor("test") },
      input: {
        name: "Search is slow",
        body: "Looking into it.",
        body_translations: { fr: "Nous regardons." },
        components: { [checkout]: "degraded_performance" },
      },
    });
    return incident.id;
  }

  it("shows the timeline to a viewer, without forms", async () => {
    const checkout = await monitorRig(t).component("Search");
    const id = await openIncident(checkout);
    const viewer = await t.signedIn("viewer");
    const res = await viewer.get(`/admin/incidents/${id}`);
    expect(res.status).toBe(200);
    const shown = text(res.text);
    expect(shown).toContain("Looking into it.");
    expect(shown).toContain("Nous regardons.");
    expect(shown).toContain("Search: Degraded performance");
    expect(res.text).not.toContain('<form method="post" action="/admin/incidents/');
    expect(
      (await viewer.post(`/admin/incidents/${id}/updates`, { form: { status: "monitoring", body: "x" } }))
        .status,
    ).toBe(403);
    expect((await viewer.get(`/admin/incidents/${id}/resolve`)).status).toBe(403);
    expect((await viewer.get("/admin/incidents/inc_nope")).status).toBe(404);
  });

  it("posts an update with a preview first, then resolves it, writes the postmortem, renames and deletes it", async () => {
    const search = await monitorRig(t).component("Search");
    await subscriber("email", "en", [search]);
    const id = await openIncident(search);
    const editor = await t.signedIn("editor");
    await editor.get(`/admin/incidents/${id}`);

    const update = {
      status: "identified",
      body: "Found a slow index.\r\nNext update at noon.",
      body_fr: "",
      [`component-${search}`]: "partial_outage",
      deliver: "on",
    };
    const preview = await editor.post(`/admin/incidents/${id}/updates`, {
      form: { ...update, intent: "preview" },
    });
    expect(preview.status).toBe(200);
    expect(text(preview.text)).toContain("1 subscriber will be notified");
    expect(text(preview.text)).toMatch(/Subject: .*Search is slow/);
    expect(text(preview.text)).toContain("Search: Partial outage"); // the component as the email lists it
    const before = await t.deps.read((db) => db.select().from(incidentUpdates));
    expect(before).toHaveLength(1);

    const posted = await editor.post(`/admin/incidents/${id}/updates`, {
      form: { ...update, intent: "post" },
    });
    expect(posted.status).toBe(303);
    expect(await statusOf(search)).toBe("partial_outage");
    const bodies = (await t.deps.read((db) => db.select().from(incidentUpdates))).map((u) => u.body);
    expect(bodies).toContain("Found a slow index.\nNext update at noon."); // a text area's CRLF stored as LF
    expect((await incidentRows())[0]!.status).toBe("identified");

    const bad = await editor.post(`/admin/incidents/${id}/updates`, {
      form: { status: "fixed", body: " ", intent: "post" },
    });
    expect(bad.status).toBe(422);
    expect(text(bad.text)).toMatch(/Invalid option: expected one of/);
    expect(text(bad.text)).toContain("Must not be empty or blank");

    const resolveForm = await editor.get(`/admin/incidents/${id}/resolve`);
    expect(resolveForm.text).toContain("This incident has been resolved.");
    const resolvePreview = await editor.post(`/admin/incidents/${id}/resolve`, {
      form: { body: "All good.", body_fr: "Tout va bien.", deliver: "on", intent: "preview" },
    });
    expect(text(resolvePreview.text)).toMatch(/Subject: .*Resolved|Subject: .*resolved/);
    const resolved = await editor.post(`/admin/incidents/${id}/resolve`, {
      form: { body: "All good.", body_fr: "Tout va bien.", deliver: "on", intent: "post" },
    });
    expect(resolved.status).toBe(303);
    expect(await statusOf(search)).toBe("operational");
    expect((await incidentRows())[0]!.status).toBe("resolved");
    const again = await editor.post(`/admin/incidents/${id}/resolve`, { form: { body: "", intent: "post" } });
    expect(again.status).toBe(409);
    expect(text(again.text)).toContain("is already resolved");

    const draftPm = await editor.post(`/admin/incidents/${id}/postmortem`, {
      form: { body: "Root cause: an index.", publish: "false" },
    });
    expect(draftPm.status).toBe(303);
    expect((await incidentRows())[0]).toMatchObject({
      status: "resolved",
      postmortemBody: "Root cause: an index.",
    });
    await editor.post(`/admin/incidents/${id}/postmortem`, {
      form: { body: "Root cause: an index.", publish: "true" },
    });
    expect((await incidentRows())[0]!.status).toBe("postmortem");

    const renamed = await editor.post(`/admin/incidents/${id}/edit`, {
      form: { name: "Slow search", name_fr: "Recherche lente", impact: "major" },
    });
    expect(renamed.status).toBe(303);
    expect((await incidentRows())[0]).toMatchObject({ name: "Slow search", impactOverride: "major" });
    const blankName = await editor.post(`/admin/incidents/${id}/edit`, { form: { name: "", impact: "" } });
    expect(blankName.status).toBe(422);

    const unconfirmed = await editor.post(`/admin/incidents/${id}/delete`, { form: {} });
    expect(unconfirmed.status).toBe(422);
    expect(await incidentRows()).toHaveLength(1);
    const deleted = await editor.post(`/admin/incidents/${id}/delete`, { form: { confirm: "on" } });
    expect(deleted.location).toMatch(/^\/admin\/incidents\?notice=/);
    expect(await incidentRows()).toEqual([]);
  });

  it("publishes a draft from its page and comes back to it", async () => {
    const m = monitorRig(t);
    const checkout = await m.component("Checkout");
    const stripe = await m.dependency("Stripe", [
      { component: checkout, on: "major_outage", set: "partial_outage" },
    ]);
    await m.change(stripe, "major_outage");
    const draft = (await m.incidentsOf(stripe))[0]!.incident;
    const editor = await t.signedIn("editor");
    const page = await editor.get(`/admin/incidents/${draft.id}`);
    expect(text(page.text)).toContain("Draft: not public");
    expect(text(page.text)).toContain("A draft notifies nobody");
    const res = await editor.post(`/admin/incidents/${draft.id}/publish`, { form: { back: "incident" } });
    expect(res.location).toMatch(new RegExp(`^/admin/incidents/${draft.id}\\?notice=`));
    expect((await incidentRows())[0]!.published).toBe(true);
  });

  it("refuses a post without the CSRF token", async () => {
    const editor = await t.signedIn("editor");
    const res = await editor.post("/admin/incidents", {
      form: { name: "X", body: "Y", intent: "post" },
      csrf: false,
    });
    expect(res.status).toBe(403);
    expect(await incidentRows()).toEqual([]);
  });
});
