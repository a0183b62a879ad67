import { afterEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { claimBatch } from "../../../api/domain/deliveries/claim-deliveries.ts";
import { createIncident } from "../../../api/domain/incidents/create-incident.ts";
import { expandNotifications } from "../../../api/notifier/expand-notifications.ts";
import { type Notifier, startNotifier } from "../../../api/notifier/notifier.ts";
import { loadTemplates } from "../../../api/templates/load-templates.ts";
import { deliveries } from "../../../db/schema/index.ts";
import { type FakeResend, resendChannelTo, startFakeResend } from "../../helpers/fake-resend.ts";
import { createTestDb, type TestDb, testPublicUrl } from "../../helpers/harness.ts";
import { seedEmailSubscribers } from "../../helpers/seed-subscribers.ts";

let t: TestDb;
let resend: FakeResend;
let notifier: Notifier | undefined;
afterEach(async () => {
  await notifier?.stop();
  await resend?.close();
  t?.close();
});

async function setUp(count: number) {
  t = await createTestDb();
  resend = await startFakeResend({ requestsPerSecond: 1000 });
  await seedEmailSubscribers(t.deps, count, { at: t.clock.now() });
  await createIncident({
    ctx: { deps: t.deps, actor: systemActor("test") },
    input: { name: "Checkout is down", body: "Investigating." },
  });
}

async function startElectedNotifier(elected?: () => boolean) {
  notifier = startNotifier({
    deps: t.deps,
    channel: resendChannelTo(resend, { timeoutMs: 2000 }),
    provider: "resend",
    renderer: await loadTemplates(t.deps),
    publicUrl: testPublicUrl,
    pollMs: 60_000,
    elected,
  });
  return notifier;
}

const states = async () => (await t.deps.read((db) => db.select().from(deliveries))).map((d) => d.state);

describe("a notifier that sends only while elected", () => {
  it("expands, claims and sends nothing until it is elected", async () => {
    await setUp(30);
    let elected = false;
    const n = await startElectedNotifier(() => elected);
    await n.drain();
    expect(await states()).toEqual([]);
    expect(resend.requests).toEqual([]);
    elected = true;
    await n.drain();
    expect(await states()).toEqual(Array(30).fill("sent"));
    expect(new Set(resend.emails.flatMap((e) => e.to)).size).toBe(30);
  });

  it("takes over the batch a previous sender held at once, not when its lease runs out", async () => {
    await setUp(30);
    await expandNotifications(t.deps);
    // The previous sender claimed the batch for two minutes, then died (the clock never moves here).
    const held = await claimBatch(t.deps, {
      owner: "worker-dead",
      size: 100,
      leaseMs: 120_000,
      channel: "email",
    });
    expect(held).toHaveLength(30);
    const n = await startElectedNotifier(() => true);
    await n.drain();
    expect(await states()).toEqual(Array(30).fill("sent"));
  });

  it("leaves another sender's batch alone when it runs without an election (every process sends)", async () => {
    await setUp(5);
    await expandNotifications(t.deps);
    await claimBatch(t.deps, { owner: "worker-alive", size: 100, leaseMs: 120_000, channel: "email" });
    const n = await startElectedNotifier();
    await n.drain();
    expect(await states()).toEqual(Array(5).fill("pending"));
  });
});
