import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EmailRig, startEmailRig } from "../../helpers/email-rig.ts";
import { testPublicUrl } from "../../helpers/harness.ts";

/** What subscribers' email clients see of the sender and of the thread, through Resend. */

let rig: EmailRig;
beforeEach(async () => {
  rig = await startEmailRig();
});
afterEach(() => rig.close());

describe("subscriber emails through Resend", () => {
  it("come from the page by default, and from the sender the owner set", async () => {
    await rig.subscribeAndConfirm("ada@example.com");
    // Nothing set: the page's name, EMAIL_FROM's address.
    expect(rig.mailTo("ada@example.com")[0]).toMatchObject({ from: "Status <status@acme.test>" });
    const set = await rig.t.json("PATCH", "/api/admin/settings", {
      body: {
        name: "Acme Cloud",
        email_from_name: "Acme Ops",
        email_from_address: "ops@acme.example",
        email_reply_to: "support@acme.example",
      },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ email_from_name: "Acme Ops", email_reply_to: "support@acme.example" });
    await rig.t.json("POST", "/api/admin/incidents", { body: { name: "API down", body: "Looking" } });
    await rig.settle();
    const incident = rig.mailTo("ada@example.com").find((m) => m.subject.includes("API down"))!;
    expect(incident).toMatchObject({ from: "Acme Ops <ops@acme.example>", replyTo: "support@acme.example" });
    expect(incident.headers["List-Id"]).toMatch(/^Acme Cloud <page_\w+\.status\.test>$/);
  });

  it("thread every message of one incident under one subject", async () => {
    await rig.subscribeAndConfirm("ada@example.com");
    const created = await rig.t.json("POST", "/api/admin/incidents", {
      body: { name: "API down", body: "Looking" },
    });
    await rig.t.json("POST", `/api/admin/incidents/${created.body.id}/updates`, {
      body: { status: "identified", body: "Found it" },
    });
    await rig.t.json("POST", `/api/admin/incidents/${created.body.id}/updates`, {
      body: { status: "resolved", body: "Fixed" },
    });
    await rig.settle();
    const thread = rig.mailTo("ada@example.com").filter((m) => m.subject.includes("API down"));
    expect(thread).toHaveLength(3);
    expect(new Set(thread.map((m) => m.subject)).size).toBe(1);
    // The first message starts the thread; the two updates answer it, by the incident's id.
    const answers = thread.filter((m) => m.headers["In-Reply-To"]);
    expect(answers).toHaveLength(2);
    for (const m of answers) {
      expect(m.headers["In-Reply-To"]).toMatch(new RegExp(`^<${created.body.id}\\.sub_\\w+@status\\.test>$`));
      expect(m.headers.References).toBe(m.headers["In-Reply-To"]);
    }
  });

  it("link a maintenance to its own page, not to an incident page", async () => {
    await rig.subscribeAndConfirm("ada@example.com");
    const scheduled = await rig.t.json("POST", "/api/admin/maintenances", {
      body: {
        name: "Database upgrade",
        body: "Short downtime",
        scheduled_for: "2026-11-28T10:00:00Z",
        scheduled_until: "2026-11-28T11:00:00Z",
      },
    });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.shortlink).toBe(`${testPublicUrl}/maintenances/${scheduled.body.id}`);
    await rig.settle();
    const mail = rig.mailTo("ada@example.com").find((m) => m.subject.includes("Database upgrade"))!;
    for (const part of [mail.text ?? "", mail.html ?? ""]) {
      expect(part).toContain(`${testPublicUrl}/maintenances/${scheduled.body.id}/`);
      expect(part).not.toContain(`/incidents/${scheduled.body.id}`);
    }
  });
});
