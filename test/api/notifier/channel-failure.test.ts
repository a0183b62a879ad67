import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { newId } from "../../../api/domain/ids.ts";
import { createIncident } from "../../../api/domain/incidents/create-incident.ts";
import { createToken } from "../../../api/domain/tokens/tokens.ts";
import { createMailboxChannel } from "../../../api/notifier/channels/mailbox-channel.ts";
import { type Notifier, startNotifier } from "../../../api/notifier/notifier.ts";
import { loadTemplates } from "../../../api/templates/load-templates.ts";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { type ConsoleRig, createConsoleRig, readerText } from "../../helpers/console-rig.ts";

/**
 * A channel that cannot send (a data folder that cannot be written, an exception in a channel) must
 * say so where admins look and give its batches back at once, not hold them silently until the
 * lease expires.
 */

let rig: ConsoleRig;
let dir: string;
let notifier: Notifier | undefined;

beforeEach(async () => {
  rig = await createConsoleRig();
  dir = mkdtempSync(join(tmpdir(), "vigie-unwritable-"));
});
afterEach(async () => {
  await notifier?.stop();
  rig.close();
  rmSync(dir, { recursive: true, force: true });
});

async function subscribe(count: number) {
  const at = rig.clock.now();
  await rig.deps.write(async (tx) => {
    for (let i = 0; i < count; i++)
      await tx.insert(subscribers).values({
        id: newId("subscriber"),
        channel: "email",
        address: `reader${i}@example.com`,
        locale: "en",
        state: "active",
        createdAt: at,
        updatedAt: at,
        confirmedAt: at,
      });
  });
}

const allDeliveries = () => rig.deps.read((db) => db.select().from(deliveries));
const leaseMs = 120_000;

describe("a channel that cannot send", () => {
  it("records the mailbox's write error on every delivery, shown in the API and the console log", async () => {
    // DATA_DIR/mailbox cannot be created: DATA_DIR is a file.
    const dataDir = join(dir, "data");
    writeFileSync(dataDir, "not a folder");
    await subscribe(5);
    notifier = startNotifier({
      deps: rig.deps,
      channel: createMailboxChannel({ dir: join(dataDir, "mailbox"), from: "Status <s@acme.test>" }),
      provider: "mailbox",
      renderer: await loadTemplates(rig.deps),
      publicUrl: rig.publicUrl,
      pollMs: 60_000,
      leaseMs,
      batchSize: 2,
    });
    await createIncident({
      ctx: { deps: rig.deps, actor: systemActor("test") },
      input: { name: "API down", body: "Looking." },
    });
    await notifier.drain();

    const rows = (await allDeliveries()).filter((d) => d.kind === "incident-created");
    expect(rows).toHaveLength(5);
    const now = rig.clock.now().getTime();
    for (const d of rows) {
      expect(d.state).toBe("pending");
      expect(d.lastError).toMatch(/ENOTDIR|not a directory/);
      expect(d.leaseUntil).toBeNull();
      // Backoff with full jitter: the next attempt is due later (or, rarely, at once and failed again).
      expect(d.attempts).toBeGreaterThanOrEqual(1);
      expect(d.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(now);
    }

    const { token } = await createToken({
      ctx: { deps: rig.deps, actor: systemActor("test") },
      input: { name: "viewer", role: "viewer" },
    });
    const api = await rig.app.request(`/api/admin/notifications/${rows[0]!.updateId}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const detail = (await api.json()) as { deliveries: { state: string; last_error: string }[] };
    expect(detail.deliveries).toHaveLength(5);
    for (const d of detail.deliveries) {
      expect(d.state).toBe("pending");
      expect(d.last_error).toMatch(/^the email channel failed: .*(ENOTDIR|not a directory)/);
    }
    const admin = await rig.signedIn("viewer");
    const log = await admin.get(`/admin/notifications/${rows[0]!.updateId}`);
    expect(log.status).toBe(200);
    expect(readerText(log.text)).toMatch(/reader\d@example\.com .*(ENOTDIR|not a directory)/);
  });

  it("releases a batch at once when the channel throws, then sends each message once when it recovers", async () => {
    await subscribe(7);
    let broken = true;
    const sent: string[] = [];
    notifier = startNotifier({
      deps: rig.deps,
      channel: {
        async sendBatch(messages) {
          if (broken) throw new Error("disk full");
          sent.push(...messages.map((m) => m.to));
          return messages.map((m) => ({
            deliveryId: m.deliveryId,
            outcome: "sent",
            providerId: `p-${m.deliveryId}`,
          }));
        },
      },
      provider: "test",
      renderer: await loadTemplates(rig.deps),
      publicUrl: rig.publicUrl,
      pollMs: 60_000,
      leaseMs,
      batchSize: 3,
      retryBaseMs: 1000,
      retryCapMs: 1000,
    });
    await createIncident({
      ctx: { deps: rig.deps, actor: systemActor("test") },
      input: { name: "API down", body: "Looking." },
    });
    await notifier.drain();
    const held = await allDeliveries();
    expect(held.every((d) => d.leaseUntil === null && d.state === "pending")).toBe(true);
    expect(held.every((d) => d.lastError === "the email channel failed: disk full")).toBe(true);
    const batches = new Set(held.map((d) => d.batchId));

    // Well before the lease would have expired: the retry is due after the backoff only.
    broken = false;
    rig.clock.advance(2_000);
    await notifier.drain();
    const after = await allDeliveries();
    expect(after.every((d) => d.state === "sent" && d.lastError === null)).toBe(true);
    expect(new Set(after.map((d) => d.batchId))).toEqual(batches);
    expect(sent.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `reader${i}@example.com`).sort());
    expect(readdirSync(dir)).toEqual([]);
    expect(after.every((d) => d.attempts >= 2)).toBe(true);
  });
});
