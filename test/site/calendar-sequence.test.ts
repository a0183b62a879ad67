import ICAL from "ical.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SiteDocument } from "../../api/shapes/site-document.ts";
import { maintenanceCalendar } from "../../site/src/lib/calendar.ts";
import { createSite } from "../../site/src/lib/site.ts";
import { createTestApp, type TestApp } from "../helpers/harness.ts";

/**
 * RFC 5545 §3.8.7.4: calendars keep their copy of an event unless SEQUENCE grows, so a moved
 * maintenance must carry a larger SEQUENCE than before or subscribers keep the old time.
 */

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function calendarEvent(id: string) {
  const doc = (await t.json("GET", "/api/site.json", { token: null })).body as SiteDocument;
  ICAL.design.strict = true;
  const calendar = new ICAL.Component(ICAL.parse(maintenanceCalendar(createSite(doc, "", null), "en")));
  const event = calendar
    .getAllSubcomponents("vevent")
    .map((v) => new ICAL.Event(v))
    .find((e) => e.uid.startsWith(`${id}@`));
  if (!event) throw new Error(`no event for ${id}`);
  return {
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
  };
}

async function patch(id: string, body: Record<string, unknown>) {
  const res = await t.json("PATCH", `/api/admin/maintenances/${id}`, { body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe("the maintenance calendar's SEQUENCE", () => {
  it("starts at 0 and grows each time the window moves, not on other edits", async () => {
    const created = await t.json("POST", "/api/admin/maintenances", {
      body: {
        name: "Database upgrade",
        body: "Short downtime",
        scheduled_for: "2026-11-28T10:00:00Z",
        scheduled_until: "2026-11-28T11:00:00Z",
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(await calendarEvent(id)).toEqual({
      sequence: 0,
      start: "2026-11-28T10:00:00.000Z",
      end: "2026-11-28T11:00:00.000Z",
    });

    await patch(id, { scheduled_for: "2026-11-28T12:00:00Z", scheduled_until: "2026-11-28T13:00:00Z" });
    expect(await calendarEvent(id)).toEqual({
      sequence: 1,
      start: "2026-11-28T12:00:00.000Z",
      end: "2026-11-28T13:00:00.000Z",
    });

    // A new name, or the same window sent again, is no reschedule.
    await patch(id, { name: "Database upgrade (v17)" });
    await patch(id, { scheduled_for: "2026-11-28T12:00:00Z" });
    expect((await calendarEvent(id)).sequence).toBe(1);

    // Only the end moves: still a new window.
    await patch(id, { scheduled_until: "2026-11-28T14:00:00Z" });
    expect(await calendarEvent(id)).toEqual({
      sequence: 2,
      start: "2026-11-28T12:00:00.000Z",
      end: "2026-11-28T14:00:00.000Z",
    });
  });
});
