import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EmailRig, startEmailRig } from "../../helpers/email-rig.ts";

let rig: EmailRig;
beforeEach(async () => {
  rig = await startEmailRig();
});
afterEach(() => rig.close());

describe("GET /api/admin/notifications", () => {
  it("counts the messages of each incident update after a fan-out through Resend", async () => {
    for (const name of ["a", "b", "c"]) await rig.subscribeAndConfirm(`${name}@example.com`);
    const incident = await rig.t.json("POST", "/api/admin/incidents", {
      body: { name: "Database down", body: "Investigating." },
    });
    await rig.settle();

    const list = await rig.t.json("GET", "/api/admin/notifications", { token: rig.t.tokens.viewer });
    expect(list.status).toBe(200);
    expect(list.body.notifications).toHaveLength(1);
    const [n] = list.body.notifications;
    expect(n).toMatchObject({
      incident_id: incident.body.id,
      incident_name: "Database down",
      kind: "incident-created",
      counts: { recipients: 3, pending: 0, sent: 3, delivered: 0, bounced: 0, complained: 0, failed: 0 },
      by_provider: { resend: 3 },
    });
    expect(n.update_id).toBe(incident.body.incident_updates[0].id);

    const detail = await rig.t.json("GET", `/api/admin/notifications/${n.update_id}?limit=2`, {
      token: rig.t.tokens.viewer,
    });
    expect(detail.status).toBe(200);
    expect(detail.body.deliveries).toHaveLength(2);
    expect(detail.body.deliveries[0]).toMatchObject({ state: "sent", attempts: 1, provider: "resend" });
    const rest = await rig.t.json(
      "GET",
      `/api/admin/notifications/${n.id}?after=${detail.body.next_cursor}`,
      { token: rig.t.tokens.viewer },
    );
    expect(rest.body.next_cursor).toBeNull();
    const addresses = [...detail.body.deliveries, ...rest.body.deliveries].map(
      (d: { address: string }) => d.address,
    );
    expect(addresses.sort()).toEqual(["a@example.com", "b@example.com", "c@example.com"]);
  });

  it("answers 404 for an unknown update and 401 without a token", async () => {
    const unknown = await rig.t.json("GET", "/api/admin/notifications/upd_nope", {
      token: rig.t.tokens.viewer,
    });
    expect(unknown.status).toBe(404);
    for (const path of ["/api/admin/notifications", "/api/admin/subscribers/suppressed"]) {
      const res = await rig.t.json("GET", path, { token: null });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    }
  });

  it("refuses Resend webhooks with 401 when no signing secret is configured", async () => {
    const res = await rig.t.json("POST", "/api/webhooks/resend", {
      token: null,
      body: { type: "email.delivered", data: { email_id: "x" } },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/RESEND_WEBHOOK_SECRET/);
  });
});
