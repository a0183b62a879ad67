import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../api/config.ts";
import { newId } from "../../../api/domain/ids.ts";
import { failoverOpenMs } from "../../../api/notifier/email-transport.ts";
import { type ServerNotifier, startServerNotifier } from "../../../api/notifier/start-notifier.ts";
import { loadTemplates } from "../../../api/templates/load-templates.ts";
import { subscribers } from "../../../db/schema/index.ts";
import { type FakeResend, startFakeResend } from "../../helpers/fake-resend.ts";
import { createTestApp, type TestApp, testPublicUrl } from "../../helpers/harness.ts";
import { settleDeliveries } from "../../helpers/settle-deliveries.ts";
import { type SmtpSink, startSmtpSink } from "../../helpers/smtp-sink.ts";

/**
 * Resend down during a fan-out: the notifier, wired from the environment as the server wires it
 * (RESEND_API_KEY and SMTP_URL), carries every message through the SMTP relay, exactly once each,
 * and goes back to Resend once Resend answers again after the circuit's open time.
 */

const recipients = 200;
let t: TestApp;
let resend: FakeResend;
let sink: SmtpSink;
let email: ServerNotifier | undefined;
let dataDir: string;

beforeEach(async () => {
  t = await createTestApp();
  resend = await startFakeResend({ requestsPerSecond: 1000 });
  sink = await startSmtpSink();
  dataDir = mkdtempSync(join(tmpdir(), "vigie-failover-"));
});
afterEach(async () => {
  await email?.notifier.stop();
  email = undefined;
  await resend.close();
  await sink.close();
  t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The notifier as the server starts it, from these environment variables. */
async function start(env: Record<string, string>) {
  const config = parseConfig({
    EMAIL_FROM: "Acme Status <status@acme.test>",
    PUBLIC_URL: testPublicUrl,
    DATA_DIR: dataDir,
    ...env,
  });
  email = await startServerNotifier({ deps: t.deps, config, renderer: await loadTemplates(t.deps) });
  return email;
}

const address = (i: number) => `reader${String(i).padStart(3, "0")}@example.com`;

/** Confirmed subscribers to everything, inserted at once: the public route limits sign-ups per hour. */
async function subscribe(count: number) {
  const now = t.clock.now();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: newId("subscriber"),
    channel: "email" as const,
    address: address(i),
    locale: "en" as const,
    state: "active" as const,
    createdAt: now,
    updatedAt: now,
    confirmedAt: now,
  }));
  await t.deps.write((tx) => tx.insert(subscribers).values(rows));
}

/** Runs the notifier until nothing is pending, moving the clock past each retry delay. */
const settle = () => settleDeliveries(t, email!.notifier, 30);

/** How many messages each address got, whoever carried them. */
function perRecipient(resendEmails: FakeResend["emails"], smtpMessages: SmtpSink["messages"]) {
  const counts = new Map<string, number>();
  const add = (to: string) => counts.set(to, (counts.get(to) ?? 0) + 1);
  for (const e of resendEmails) for (const to of e.to) add(to);
  for (const m of smtpMessages) for (const to of m.envelope.to) add(to);
  return counts;
}

const everyoneOnce = () => new Map(Array.from({ length: recipients }, (_, i) => [address(i), 1]));

async function providersOf(updateId: string) {
  const detail = await t.json("GET", `/api/admin/notifications/${updateId}?limit=500`, {
    token: t.tokens.viewer,
  });
  expect(detail.status).toBe(200);
  expect(detail.body.next_cursor).toBeNull();
  const byProvider: Record<string, string[]> = {};
  for (const d of detail.body.deliveries as { address: string; state: string; provider: string }[]) {
    expect(d.state).toBe("sent");
    byProvider[d.provider] = [...(byProvider[d.provider] ?? []), d.address];
  }
  return byProvider;
}

const postUpdate = async (incidentId: string, status: string, body: string) => {
  const res = await t.json("POST", `/api/admin/incidents/${incidentId}/updates`, { body: { status, body } });
  expect(res.status).toBe(201);
  return res.body.incident_updates[0].id as string;
};

describe("email failover from Resend to SMTP", () => {
  it("carries a fan-out through the SMTP relay while Resend fails, then goes back to Resend", async () => {
    const { description } = await start({
      RESEND_API_KEY: resend.apiKey,
      RESEND_BASE_URL: resend.url,
      SMTP_URL: sink.url,
    });
    expect(description).toMatch(
      /^sent through Resend from .*through the SMTP relay smtp:\/\/127\.0\.0\.1:\d+ /,
    );
    expect(description).not.toContain("s3cret-pass");
    await subscribe(recipients);
    resend.setFaults({ kind: "random", probability: 1, faults: ["500"] });

    const incident = await t.json("POST", "/api/admin/incidents", {
      body: { name: "Checkout errors", body: "We are investigating failed payments." },
    });
    expect(incident.status).toBe(201);
    const firstUpdate = incident.body.incident_updates[0].id as string;
    await settle();

    // Resend refused every call; each recipient got the email once, through the relay.
    expect(resend.requests.length).toBeGreaterThan(0);
    expect(resend.requests.every((r) => r.outcome === 500)).toBe(true);
    expect(resend.emails).toHaveLength(0);
    expect(perRecipient([], sink.messages)).toEqual(everyoneOnce());
    expect(sink.messages[0]!.parsed.subject).toContain("Checkout errors");
    expect(sink.messages[0]!.parsed.from?.text).toContain("status@acme.test");
    const first = await providersOf(firstUpdate);
    expect(Object.keys(first)).toEqual(["smtp"]);
    // What /metrics reports as vigie_provider_circuit_state.
    expect(email!.circuits()).toEqual([{ channel: "email", provider: "resend", state: "open" }]);
    expect(first.smtp).toHaveLength(recipients);

    const list = await t.json("GET", "/api/admin/notifications", { token: t.tokens.viewer });
    expect(list.body.notifications[0]).toMatchObject({
      update_id: firstUpdate,
      by_provider: { smtp: recipients },
      by_channel: { email: { recipients, sent: recipients, failed: 0, pending: 0 } },
    });

    // Resend is back. Within the open time everything still goes to the relay; after it, one batch
    // probes Resend, and once that is carried the circuit closes.
    resend.setFaults({ kind: "none" });
    const callsWhileOpen = resend.requests.length;
    t.clock.advance(failoverOpenMs);
    const smtpBefore = sink.messages.length;
    const secondUpdate = await postUpdate(incident.body.id, "identified", "A card processor is failing.");
    await settle();
    const second = await providersOf(secondUpdate);
    expect(second.resend?.length ?? 0).toBeGreaterThanOrEqual(100); // at least the probe batch
    expect((second.resend?.length ?? 0) + (second.smtp?.length ?? 0)).toBe(recipients);
    expect(resend.requests.slice(callsWhileOpen).every((r) => r.outcome === 200)).toBe(true);
    expect(perRecipient(resend.emails, sink.messages.slice(smtpBefore))).toEqual(everyoneOnce());
    expect(resend.emails.map((e) => e.to[0]).sort()).toEqual(second.resend!.sort());

    // Closed again: a third update goes through Resend alone.
    const resendBefore = resend.emails.length;
    const smtpAfterSecond = sink.messages.length;
    const thirdUpdate = await postUpdate(incident.body.id, "monitoring", "Payments are going through again.");
    await settle();
    expect(Object.keys(await providersOf(thirdUpdate))).toEqual(["resend"]);
    expect(email!.circuits()).toEqual([{ channel: "email", provider: "resend", state: "closed" }]);
    expect(sink.messages.length).toBe(smtpAfterSecond);
    expect(perRecipient(resend.emails.slice(resendBefore), [])).toEqual(everyoneOnce());
  });

  it("sends through the SMTP relay alone when SMTP_URL is set without a Resend key", async () => {
    const { description } = await start({ SMTP_URL: sink.url });
    expect(description).toMatch(/^sent through the SMTP relay smtp:\/\/127\.0\.0\.1:\d+ from Acme Status/);
    await subscribe(3);
    const incident = await t.json("POST", "/api/admin/incidents", {
      body: { name: "Login failures", body: "Investigating." },
    });
    await settle();
    expect(resend.requests).toHaveLength(0);
    expect(perRecipient([], sink.messages)).toEqual(new Map([0, 1, 2].map((i) => [address(i), 1])));
    const providers = await providersOf(incident.body.incident_updates[0].id);
    expect(Object.keys(providers)).toEqual(["smtp"]);
    // The first message of an incident is named after it and its recipient, so later ones thread to it.
    expect(sink.messages[0]!.parsed.messageId).toMatch(/^<inc_\w+\.sub_\w+@status\.test>$/);
  });
});
