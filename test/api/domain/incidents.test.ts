import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createComponent } from "../../../api/domain/components/create-component.ts";
import { systemActor } from "../../../api/domain/context.ts";
import { addPostmortem } from "../../../api/domain/incidents/add-postmortem.ts";
import { createIncident } from "../../../api/domain/incidents/create-incident.ts";
import { postUpdate } from "../../../api/domain/incidents/post-update.ts";
import { resolveIncident } from "../../../api/domain/incidents/resolve-incident.ts";
import { updateIncident } from "../../../api/domain/incidents/update-incident.ts";
import { loadComponents, loadIncident } from "../../../api/domain/read/load-page.ts";
import { outboxEvents } from "../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../helpers/harness.ts";

let t: TestDb;
const actor = systemActor("test");
const minute = 60_000;

beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const statusOf = async (id: string) => (await loadComponents(t.deps)).find((c) => c.id === id)!.status;

describe("incident lifecycle", () => {
  it("moves investigating → identified → monitoring → resolved with the right timestamps", async () => {
    const api = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "API" } });
    const { incident } = await createIncident({
      ctx: { deps: t.deps, actor },
      input: {
        name: "Errors",
        body: "Investigating",
        components: { [api.id]: "degraded_performance" },
      },
    });
    expect(incident.status).toBe("investigating");
    for (const status of ["identified", "monitoring"] as const) {
      t.clock.advance(minute);
      await postUpdate({
        ctx: { deps: t.deps, actor },
        input: { status, body: status, kind: "incident", id: incident.id },
      });
    }
    t.clock.advance(minute);
    await resolveIncident({ ctx: { deps: t.deps, actor }, input: { id: incident.id } });
    const view = await loadIncident(t.deps, "incident", incident.id);
    expect(view.incident.status).toBe("resolved");
    expect(view.incident.monitoringAt?.toISOString()).toBe("2026-11-27T12:02:00.000Z");
    expect(view.incident.resolvedAt?.toISOString()).toBe("2026-11-27T12:03:00.000Z");
    expect(view.updates.map((u) => u.status)).toEqual([
      "resolved",
      "monitoring",
      "identified",
      "investigating",
    ]);
    expect(view.updates[0]!.body).toBe("This incident has been resolved.");
    expect(await statusOf(api.id)).toBe("operational");
  });

  it("keeps the worst impact reached, unless overridden", async () => {
    const api = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "API" } });
    const { incident } = await createIncident({
      ctx: { deps: t.deps, actor },
      input: {
        name: "Errors",
        body: "x",
        components: { [api.id]: "major_outage" },
      },
    });
    await postUpdate({
      ctx: { deps: t.deps, actor },
      input: {
        status: "monitoring",
        body: "better",
        components: { [api.id]: "degraded_performance" },
        kind: "incident",
        id: incident.id,
      },
    });
    expect((await loadIncident(t.deps, "incident", incident.id)).incident.impact).toBe("critical");
    await updateIncident({ ctx: { deps: t.deps, actor }, input: { impact: "minor", id: incident.id } });
    expect((await loadIncident(t.deps, "incident", incident.id)).incident.impact).toBe("minor");
    await updateIncident({ ctx: { deps: t.deps, actor }, input: { impact: null, id: incident.id } });
    expect((await loadIncident(t.deps, "incident", incident.id)).incident.impact).toBe("critical");
  });

  it("does not restore a component that another open incident still holds", async () => {
    const api = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "API" } });
    const first = await createIncident({
      ctx: { deps: t.deps, actor },
      input: {
        name: "A",
        body: "x",
        components: { [api.id]: "partial_outage" },
      },
    });
    await createIncident({
      ctx: { deps: t.deps, actor },
      input: { name: "B", body: "y", components: { [api.id]: "major_outage" } },
    });
    await resolveIncident({ ctx: { deps: t.deps, actor }, input: { id: first.incident.id } });
    expect(await statusOf(api.id)).toBe("major_outage");
  });

  it("records a backfilled incident in the past without touching live components or notifying", async () => {
    const api = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "API" } });
    const { incident, updateId } = await createIncident({
      ctx: { deps: t.deps, actor },
      input: {
        name: "Last week",
        body: "It happened",
        components: { [api.id]: "major_outage" },
        backfilled_at: "2026-11-20T08:00:00Z",
        resolved_at: "2026-11-20T09:30:00Z",
      },
    });
    expect(incident).toMatchObject({ status: "resolved", backfilled: true, impact: "critical" });
    expect(incident.createdAt.toISOString()).toBe("2026-11-20T08:00:00.000Z");
    expect(incident.resolvedAt?.toISOString()).toBe("2026-11-20T09:30:00.000Z");
    expect(await statusOf(api.id)).toBe("operational");
    const events = await t.deps.db.select().from(outboxEvents);
    expect(events.find((e) => e.type === "incident.created")!.payload).toMatchObject({
      update_id: updateId,
      deliver_notifications: false,
    });
  });

  it("refuses a backfill in the future and resolved_at without backfill", async () => {
    await expect(
      createIncident({
        ctx: { deps: t.deps, actor },
        input: { name: "x", body: "y", backfilled_at: "2030-01-01T00:00:00Z" },
      }),
    ).rejects.toThrow(/past/);
    await expect(
      createIncident({
        ctx: { deps: t.deps, actor },
        input: { name: "x", body: "y", resolved_at: "2026-01-01T00:00:00Z" },
      }),
    ).rejects.toThrow(/only accepted with backfilled_at/);
  });

  it("refuses maintenance statuses on an incident", async () => {
    const { incident } = await createIncident({
      ctx: { deps: t.deps, actor },
      input: { name: "x", body: "y" },
    });
    await expect(
      postUpdate({
        ctx: { deps: t.deps, actor },
        input: { status: "in_progress", body: "z", kind: "incident", id: incident.id },
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("publishes a postmortem only on a resolved incident", async () => {
    const { incident } = await createIncident({
      ctx: { deps: t.deps, actor },
      input: { name: "x", body: "y" },
    });
    await expect(
      addPostmortem({ ctx: { deps: t.deps, actor }, input: { body: "why", id: incident.id } }),
    ).rejects.toMatchObject({
      code: "invalid_transition",
    });
    await resolveIncident({ ctx: { deps: t.deps, actor }, input: { id: incident.id } });
    const draft = await addPostmortem({
      ctx: { deps: t.deps, actor },
      input: { body: "draft", publish: false, id: incident.id },
    });
    expect(draft.status).toBe("resolved");
    const published = await addPostmortem({
      ctx: { deps: t.deps, actor },
      input: { body: "## What happened", id: incident.id },
    });
    expect(published.status).toBe("postmortem");
    expect(published.postmortemPublishedAt).not.toBeNull();
  });

  it("reopens a resolved incident when an update says so", async () => {
    const { incident } = await createIncident({
      ctx: { deps: t.deps, actor },
      input: { name: "x", body: "y" },
    });
    await resolveIncident({ ctx: { deps: t.deps, actor }, input: { id: incident.id } });
    await postUpdate({
      ctx: { deps: t.deps, actor },
      input: { status: "investigating", body: "It is back", kind: "incident", id: incident.id },
    });
    const view = await loadIncident(t.deps, "incident", incident.id);
    expect(view.incident.status).toBe("investigating");
    expect(view.incident.resolvedAt).toBeNull();
  });

  it("stores translations and writes one outbox event per change with its notification flag", async () => {
    const { incident } = await createIncident({
      ctx: { deps: t.deps, actor },
      input: {
        name: "Outage",
        body: "Down",
        name_translations: { fr: "Panne" },
        body_translations: { fr: "En panne" },
      },
    });
    await postUpdate({
      ctx: { deps: t.deps, actor },
      input: {
        status: "identified",
        body: "Found",
        deliver_notifications: false,
        kind: "incident",
        id: incident.id,
      },
    });
    const view = await loadIncident(t.deps, "incident", incident.id);
    expect(view.nameTranslations).toEqual({ fr: "Panne" });
    expect(view.updates[1]!.translations).toEqual({ fr: "En panne" });
    const events = (await t.deps.db.select().from(outboxEvents)).filter((e) =>
      e.type.startsWith("incident."),
    );
    expect(events.map((e) => [e.type, e.payload.deliver_notifications])).toEqual([
      ["incident.created", true],
      ["incident.updated", false],
    ]);
  });
});
