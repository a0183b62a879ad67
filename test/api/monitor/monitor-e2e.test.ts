import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Monitor } from "../../../api/monitor/poller.ts";
import { startDependencyMonitor } from "../../../api/monitor/start-dependency-monitor.ts";
import { type EmailRig, startEmailRig } from "../../helpers/email-rig.ts";
import { fixture, startUpstreamServer, type UpstreamServer } from "../../helpers/upstream-server.ts";

/**
 * From an upstream outage to our customers' inboxes: a Statuspage-compatible provider on loopback,
 * the real app, the real monitor (registry, safe fetch with private targets allowed by the setting)
 * and the real notifier sending through a fake Resend.
 */

const summaryPath = "/api/v2/summary.json";
const intervalMs = 10_000;
const oncall = "oncall@acme.test";
const upstreamTitle = "Elevated error rates and timeouts on the REST API in eu-west-3";

let rig: EmailRig;
let upstream: UpstreamServer;
let monitor: Monitor;

beforeEach(async () => {
  rig = await startEmailRig();
  upstream = await startUpstreamServer();
  serve("operational");
  const settings = await rig.t.json("PATCH", "/api/admin/settings", {
    body: { allow_private_targets: true },
  });
  expect(settings.status).toBe(200);
  monitor = startDependencyMonitor({ deps: rig.t.deps, timeoutMs: 2_000 });
});
afterEach(async () => {
  await monitor.stop();
  await rig.close();
  await upstream.close();
});

/** What the provider's page says from now on (with an ETag per document, as Statuspage sends). */
function serve(state: "operational" | "outage") {
  upstream.set(summaryPath, { body: fixture(`statuspage-summary-${state}.json`), etag: `"${state}-v1"` });
}

/** One poll interval passes: the dependency is due, the monitor checks it and records the result. */
async function poll() {
  rig.t.clock.advance(intervalMs);
  monitor.wake();
  await monitor.idle();
}

const drafts = async () =>
  (await rig.t.json("GET", "/api/admin/incidents?published=false", { token: rig.t.tokens.viewer })).body
    .incidents as { id: string; name: string; status: string }[];

/**
 * Components A (Checkout, hit by the provider) and B (Search, not), the on-call contact, and three
 * confirmed subscribers: of A, of B, and of everything. Returns who got what from here on.
 */
async function scene(policy: "draft" | "publish") {
  const component = async (name: string) =>
    (await rig.t.json("POST", "/api/admin/components", { body: { name } })).body.id as string;
  const checkout = await component("Checkout");
  const search = await component("Search");
  const contact = await rig.t.json("POST", "/api/admin/oncall-contacts", {
    body: { name: "Ada (on call)", email: oncall },
  });
  expect(contact.status).toBe(201);
  await rig.subscribeAndConfirm("a@example.com", [checkout]);
  await rig.subscribeAndConfirm("b@example.com", [search]);
  await rig.subscribeAndConfirm("all@example.com");

  const created = await rig.t.json("POST", "/api/admin/dependencies", {
    body: {
      name: "Stripe",
      source: { kind: "statuspage", base_url: upstream.url, components: ["REST API"] },
      poll_interval_seconds: 10,
      policy,
      impacts: [{ component_id: checkout, on: "major_outage", set: "partial_outage" }],
    },
  });
  expect(created.status).toBe(201);
  const dependencyId = created.body.id as string;
  // The first reading comes at the dependency's own slot within its interval, and a re-check
  // confirms "operational": no news for anyone.
  await poll();
  await poll();
  const dependency = await rig.t.json("GET", `/api/admin/dependencies/${dependencyId}`);
  expect(dependency.body.state).toBe("operational");
  await rig.settle();

  const seen = rig.resend.emails.length;
  /** The emails sent since the scene was set, by recipient. */
  const inboxes = () => {
    const byAddress: Record<string, { subject: string; text: string }[]> = {};
    for (const e of rig.resend.emails.slice(seen))
      for (const to of e.to)
        byAddress[to] = [...(byAddress[to] ?? []), { subject: e.subject, text: e.text ?? "" }];
    return byAddress;
  };
  return { checkout, search, dependencyId, inboxes };
}

describe("dependency monitor, end to end", () => {
  it("drafts an incident within two polls of an upstream outage and alerts on-call only (draft policy)", async () => {
    const { checkout, inboxes } = await scene("draft");
    serve("outage");
    const reads = upstream.count(summaryPath);
    await poll();
    expect(await drafts()).toEqual([]); // seen once: the flap guard waits for a second sighting
    await poll();
    expect(upstream.count(summaryPath)).toBe(reads + 2);
    expect(upstream.requests.at(-1)!.headers["user-agent"]).toMatch(/^Vigie\//);
    const [draft, ...others] = await drafts();
    expect(others).toEqual([]);
    expect(draft!.name).toBe(
      "Checkout is partially unavailable because of an incident at our provider Stripe",
    );
    await rig.settle();

    expect(Object.keys(inboxes())).toEqual([oncall]);
    const [alert] = inboxes()[oncall]!;
    expect(alert!.subject).toBe("[Vigie] Stripe: major outage");
    expect(alert!.text).toContain("Affected components: Checkout.");
    expect(alert!.text).toContain(`/api/admin/incidents/${draft!.id}/publish`);
    expect(alert!.text).toContain(upstreamTitle);
    const page = await rig.t.json("GET", "/api/v2/summary.json", { token: null });
    expect(page.body.components.find((c: { id: string }) => c.id === checkout).status).toBe("operational");

    // The admin approves: now the subscribers of Checkout, and of everything, hear of it.
    expect((await rig.t.json("POST", `/api/admin/incidents/${draft!.id}/publish`)).status).toBe(200);
    await rig.settle();
    const after = inboxes();
    expect(Object.keys(after).sort()).toEqual(["a@example.com", "all@example.com", oncall]);
    expect(after["a@example.com"]![0]!.subject).toContain("Checkout is partially unavailable");
  });

  it("publishes at once under the publish policy, notifies only the affected subscribers, resolves on recovery", async () => {
    const { checkout, search, dependencyId, inboxes } = await scene("publish");
    serve("outage");
    await poll();
    await poll();
    expect(await drafts()).toEqual([]);
    const open = await rig.t.json("GET", "/api/admin/incidents?published=true&status=identified");
    expect(open.body.incidents).toHaveLength(1);
    const incidentId = open.body.incidents[0].id as string;
    await rig.settle();

    const outage = inboxes();
    expect(Object.keys(outage).sort()).toEqual(["a@example.com", "all@example.com", oncall]);
    for (const reader of ["a@example.com", "all@example.com"]) {
      expect(outage[reader]).toHaveLength(1);
      expect(outage[reader]![0]!.subject).toContain("Checkout is partially unavailable");
      expect(outage[reader]![0]!.text).toContain(upstreamTitle);
    }
    expect(outage[oncall]![0]!.text).toContain(`/incidents/${incidentId}/`);
    const summary = await rig.t.json("GET", "/api/v2/summary.json", { token: null });
    const statusOf = (id: string) => summary.body.components.find((c: { id: string }) => c.id === id).status;
    expect(statusOf(checkout)).toBe("partial_outage");
    expect(statusOf(search)).toBe("operational");

    // The provider recovers: two readings later the incident is resolved, and the same readers hear it.
    serve("operational");
    await poll();
    expect((await rig.t.json("GET", `/api/admin/incidents/${incidentId}`)).body.status).toBe("identified");
    await poll();
    const resolved = await rig.t.json("GET", `/api/admin/incidents/${incidentId}`);
    expect(resolved.body.status).toBe("resolved");
    expect((await rig.t.json("GET", `/api/admin/dependencies/${dependencyId}`)).body.state).toBe(
      "operational",
    );
    await rig.settle();
    const all = inboxes();
    expect(Object.keys(all).sort()).toEqual(["a@example.com", "all@example.com", oncall]);
    for (const reader of ["a@example.com", "all@example.com"]) expect(all[reader]).toHaveLength(2);
    expect(all[oncall]!.map((m) => m.subject)).toEqual([
      "[Vigie] Stripe: major outage",
      "[Vigie] Stripe: operational",
    ]);
    const after = await rig.t.json("GET", "/api/v2/summary.json", { token: null });
    expect(after.body.components.find((c: { id: string }) => c.id === checkout).status).toBe("operational");
  });
});
