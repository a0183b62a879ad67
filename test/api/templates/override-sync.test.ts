import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createResendChannel } from "../../../api/notifier/channels/resend-channel.ts";
import { type Notifier, startNotifier } from "../../../api/notifier/notifier.ts";
import { loadTemplates } from "../../../api/templates/load-templates.ts";
import { type FakeResend, startFakeResend } from "../../helpers/fake-resend.ts";
import { createTestApp, type TestApp, testPublicUrl } from "../../helpers/harness.ts";

let t: TestApp;
let resend: FakeResend;
let notifier: Notifier;

beforeEach(async () => {
  t = await createTestApp();
  resend = await startFakeResend({ requestsPerSecond: 1000 });
  // A worker with its own compiled templates, as another process sharing the database has.
  notifier = startNotifier({
    deps: t.deps,
    channel: createResendChannel({ apiKey: resend.apiKey, baseUrl: resend.url, from: "s@acme.test" }),
    provider: "resend",
    renderer: await loadTemplates(t.deps),
    publicUrl: testPublicUrl,
    pollMs: 60_000,
    overrideSyncMs: 0,
  });
});
afterEach(async () => {
  await notifier.stop();
  await resend.close();
  t.close();
});

async function subscribe(address: string) {
  expect(
    (await t.json("POST", "/api/subscribers", { token: null, body: { channel: "email", address } })).status,
  ).toBe(202);
  await notifier.drain();
  const link = /\/subscribe\/confirm\?token=[\w.-]+/.exec(resend.emails.at(-1)?.text ?? "")?.[0];
  expect((await t.request("POST", link!, { token: null })).status).toBe(200);
}

const incident = (name: string) =>
  t.json("POST", "/api/admin/incidents", { body: { name, body: "Looking into it." } });

describe("template overrides saved through another process", () => {
  it("reach a running worker, and so does their reset", async () => {
    await subscribe("ada@example.com");
    const saved = await t.json("PUT", "/api/admin/templates/incident-created/en", {
      body: { subject: "CUSTOM {{ incident.name }}" },
    });
    expect(saved.status).toBe(200);
    expect((await incident("Checkout down")).status).toBe(201);
    await notifier.drain();
    expect(resend.emails.at(-1)?.subject).toBe("CUSTOM Checkout down");

    expect((await t.request("DELETE", "/api/admin/templates/incident-created/en")).status).toBe(204);
    expect((await incident("Search slow")).status).toBe(201);
    await notifier.drain();
    expect(resend.emails.at(-1)?.subject).not.toContain("CUSTOM");
    expect(resend.emails.at(-1)?.subject).toContain("Search slow");
  });
});
