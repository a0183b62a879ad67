import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getSettings } from "../../../api/domain/settings/get-settings.ts";
import type { Channel } from "../../../api/domain/types.ts";
import { components, incidents, settings } from "../../../db/schema/index.ts";
import { type ConsoleRig, createConsoleRig, readerText as text } from "../../helpers/console-rig.ts";
import { monitorRig } from "../../helpers/monitor-incident-rig.ts";
import { readersOf } from "../../helpers/seed-subscribers.ts";

let t: ConsoleRig;
let database: string;
beforeEach(async () => {
  t = await createConsoleRig(); // the clock reads 2026-11-27T12:00:00Z
  database = await monitorRig(t).component("Database");
  // Paris is at UTC+1 in November: the form's times are Paris times.
  await getSettings(t.deps); // created with their defaults on first read
  await t.deps.write((tx) => tx.update(settings).set({ timeZone: "Europe/Paris" }));
});
afterEach(() => t.close());

const reader = readersOf(() => t.deps);
const subscriber = (channel: Channel, follows: string[]) => reader(channel, "en", follows);

const maintenance = async () => (await t.deps.read((db) => db.select().from(incidents)))[0];
const statusOfDatabase = async () =>
  (await t.deps.read((db) => db.select().from(components).where(eq(components.id, database))))[0]!.status;

const window = {
  name: "Database upgrade",
  name_fr: "Mise à niveau de la base",
  body: "We upgrade the database.",
  body_fr: "",
  scheduled_for: "2026-11-28T22:00",
  scheduled_until: "2026-11-28T23:30",
  remind_prior_minutes: "30",
  auto_complete: "on",
  deliver: "on",
};

describe("scheduling a maintenance", () => {
  it("reads the times on the page's clocks, previews the announcement, then schedules it", async () => {
    await subscriber("email", [database]);
    await subscriber("sms", []);
    const editor = await t.signedIn("editor");
    const blank = await editor.get("/admin/maintenances/new?template=scheduled-maintenance");
    expect(blank.text).toContain('value="Scheduled maintenance"');
    expect(blank.text).toContain('value="2026-11-28T13:00"'); // tomorrow, next full hour, Paris time
    expect(text(blank.text)).toContain("On the page's clocks: Europe/Paris (CET).");

    const form = { ...window, [`component-${database}`]: "on" };
    const preview = await editor.post("/admin/maintenances", { form: { ...form, intent: "preview" } });
    expect(preview.status).toBe(200);
    const shown = text(preview.text);
    expect(shown).toContain("1 subscriber will be notified"); // the SMS subscriber is not told of a schedule
    expect(shown).toContain("SMS subscribers do not get this kind of message");
    expect(shown).toMatch(/Subject: .*Database upgrade/);
    expect(shown).toMatch(/10:00\s?PM|22:00/); // the window, as the email states it in Paris time
    expect(preview.headers.get("Content-Security-Policy")).toContain("style-src 'self' 'unsafe-inline'");
    expect(preview.text).toContain('<iframe class="preview" sandbox=""');
    expect(await maintenance()).toBeUndefined();

    const posted = await editor.post("/admin/maintenances", { form: { ...form, intent: "post" } });
    expect(posted.status).toBe(303);
    const m = (await maintenance())!;
    expect(posted.location).toMatch(new RegExp(`^/admin/maintenances/${m.id}\\?notice=`));
    expect(m).toMatchObject({
      status: "scheduled",
      scheduledFor: new Date("2026-11-28T21:00:00Z"),
      scheduledUntil: new Date("2026-11-28T22:30:00Z"),
      autoStart: false,
      autoComplete: true,
      remindPriorMinutes: 30,
    });
    const page = text((await editor.get(`/admin/maintenances/${m.id}`)).text);
    expect(page).toContain("From 2026-11-28 22:00 CET to 2026-11-28 23:30 CET");
    // The timeline is on the same clocks as the window: the first update, posted at 12:00 UTC.
    expect(page).toContain("2026-11-27 13:00 CET");
    expect(page).not.toMatch(/\bUTC\b/);
    expect(page).toContain("Subscribers are reminded 30 minutes before.");
    expect(page).toContain("Database: Operational");
  });

  it("says what to fix: a time it cannot read, an end before the start", async () => {
    const editor = await t.signedIn("editor");
    await editor.get("/admin/maintenances/new");
    const unreadable = await editor.post("/admin/maintenances", {
      form: { ...window, scheduled_for: "tomorrow", intent: "post" },
    });
    expect(unreadable.status).toBe(422);
    expect(text(unreadable.text)).toContain("Enter a date and a time, e.g. 2026-12-01T22:00.");
    expect(unreadable.text).toContain('value="tomorrow"');
    const backwards = await editor.post("/admin/maintenances", {
      form: { ...window, scheduled_until: "2026-11-28T21:00", intent: "post" },
    });
    expect(backwards.status).toBe(422);
    expect(text(backwards.text)).toContain("scheduled_until must be after scheduled_for.");
    const badReminder = await editor.post("/admin/maintenances", {
      form: { ...window, remind_prior_minutes: "-5", intent: "post" },
    });
    expect(badReminder.status).toBe(422);
    expect(text(badReminder.text)).toMatch(/Too small: expected number to be >=0/);
    expect(await maintenance()).toBeUndefined();
  });

  it("is refused to a viewer, and without the CSRF token", async () => {
    const viewer = await t.signedIn("viewer");
    expect((await viewer.post("/admin/maintenances", { form: { ...window, intent: "post" } })).status).toBe(
      403,
    );
    expect((await viewer.get("/admin/maintenances/new")).status).toBe(403);
    const editor = await t.signedIn("editor");
    expect(
      (await editor.post("/admin/maintenances", { form: { ...window, intent: "post" }, csrf: false })).status,
    ).toBe(403);
    expect(await maintenance()).toBeUndefined();
  });
});

describe("running a maintenance", () => {
  it("moves the plan, starts it with a preview, completes it, and lists it in the right place", async () => {
    await subscriber("sms", [database]);
    const editor = await t.signedIn("editor");
    await editor.get("/admin/maintenances/new");
    await editor.post("/admin/maintenances", {
      form: { ...window, [`component-${database}`]: "on", intent: "post" },
    });
    const id = (await maintenance())!.id;

    await editor.get(`/admin/maintenances/${id}/edit`);
    const moved = await editor.post(`/admin/maintenances/${id}/edit`, {
      form: {
        ...window,
        scheduled_until: "2026-11-29T00:30",
        remind_prior_minutes: "",
        [`component-${database}`]: "on",
      },
    });
    expect(moved.status).toBe(303);
    expect(await maintenance()).toMatchObject({
      scheduledUntil: new Date("2026-11-28T23:30:00Z"),
      remindPriorMinutes: null,
    });
    expect(text((await editor.get("/admin/maintenances")).text)).toMatch(/Scheduled .*Database upgrade/);

    const start = { status: "in_progress", body: "Starting now.", body_fr: "", deliver: "on" };
    const preview = await editor.post(`/admin/maintenances/${id}/updates`, {
      form: { ...start, intent: "preview" },
    });
    const shown = text(preview.text);
    expect(shown).toContain("1 subscriber will be notified");
    expect(shown).toMatch(/SMS in English .*Database: Under maintenance/);
    const verifying = await editor.post(`/admin/maintenances/${id}/updates`, {
      form: { ...start, status: "verifying", intent: "preview" },
    });
    expect(text(verifying.text)).toContain("No message goes out for this update");

    expect(
      (await editor.post(`/admin/maintenances/${id}/updates`, { form: { ...start, intent: "post" } })).status,
    ).toBe(303);
    expect(await statusOfDatabase()).toBe("under_maintenance");
    expect(text((await editor.get("/admin/maintenances")).text)).toMatch(/Under way .*Database upgrade/);

    const done = await editor.post(`/admin/maintenances/${id}/complete`, { form: {} });
    expect(done.status).toBe(303);
    expect((await maintenance())!.status).toBe("completed");
    expect(await statusOfDatabase()).toBe("operational");
    const list = text((await editor.get("/admin/maintenances")).text);
    expect(list).toMatch(/Completed .*Database upgrade/);
    expect(list).toContain("Nothing scheduled.");

    const late = await editor.post(`/admin/maintenances/${id}/edit`, {
      form: { ...window, scheduled_for: "2026-11-30T22:00", scheduled_until: "2026-11-30T23:00" },
    });
    expect(late.status).toBe(409);
    expect(text(late.text)).toContain("This maintenance is completed; its window can no longer move.");

    expect((await editor.post(`/admin/maintenances/${id}/delete`, { form: {} })).status).toBe(422);
    const deleted = await editor.post(`/admin/maintenances/${id}/delete`, { form: { confirm: "on" } });
    expect(deleted.location).toMatch(/^\/admin\/maintenances\?notice=/);
    expect(await maintenance()).toBeUndefined();
  });
});
