import { beforeEach, describe, expect, it } from "vitest";
import type { Signal } from "../../../api/domain/signals.ts";
import { testAppForEachTest } from "../../helpers/harness.ts";

const t = testAppForEachTest();
let heard: Signal[];

beforeEach(() => {
  heard = [];
  for (const signal of ["queued", "dependencies-due", "schedule-changed"] as const)
    t.deps.signals.on(signal, () => heard.push(signal));
});

/** What the workers of this process hear from one request, once its write has committed. */
async function heardFrom(method: string, path: string, body?: unknown) {
  heard = [];
  const res = await t.json(method, path, body === undefined ? {} : { body });
  return { status: res.status, body: res.body, heard: [...heard].sort() };
}

const hour = 3_600_000;
const window = (startInHours: number) => {
  const start = new Date(t.clock.now().getTime() + startInHours * hour);
  return {
    scheduled_for: start.toISOString(),
    scheduled_until: new Date(start.getTime() + 2 * hour).toISOString(),
  };
};

describe("the scheduler is woken by a change to a maintenance", () => {
  it("when it is scheduled, edited, updated and deleted; never by a refused change or an incident", async () => {
    const scheduled = await heardFrom("POST", "/api/admin/maintenances", {
      name: "Upgrade",
      body: "We upgrade the database.",
      ...window(1),
    });
    expect(scheduled.status).toBe(201);
    expect(scheduled.heard).toEqual(["queued", "schedule-changed"]);
    const id = scheduled.body.id as string;

    expect(await heardFrom("PATCH", `/api/admin/maintenances/${id}`, window(3))).toMatchObject({
      status: 200,
      heard: ["queued", "schedule-changed"],
    });
    expect(
      await heardFrom("POST", `/api/admin/maintenances/${id}/updates`, {
        status: "in_progress",
        body: "Started early.",
      }),
    ).toMatchObject({ status: 201, heard: ["queued", "schedule-changed"] });
    // Refused (the window ends before it starts): nothing was written, nobody is woken.
    const refused = await heardFrom("PATCH", `/api/admin/maintenances/${id}`, {
      scheduled_for: window(5).scheduled_until,
      scheduled_until: window(5).scheduled_for,
    });
    expect(refused).toMatchObject({ status: 422, heard: [] });
    expect(await heardFrom("DELETE", `/api/admin/maintenances/${id}`)).toMatchObject({
      status: 204,
      heard: ["queued", "schedule-changed"],
    });

    const incident = await heardFrom("POST", "/api/admin/incidents", {
      name: "Checkout errors",
      body: "We are looking into it.",
    });
    expect(incident).toMatchObject({ status: 201, heard: ["queued"] });
  });
});

describe("the notifier is woken by what is queued outside the outbox", () => {
  it("a confirmation email asked for on the public form", async () => {
    const res = await heardFrom("POST", "/api/subscribers", {
      channel: "email",
      address: "reader@example.com",
    });
    expect(res).toMatchObject({ status: 202, heard: ["queued"] });
  });
});
