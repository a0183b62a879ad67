import { afterEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { createIncident } from "../../../api/domain/incidents/create-incident.ts";
import { type Notifier, startNotifier } from "../../../api/notifier/notifier.ts";
import { loadTemplates } from "../../../api/templates/load-templates.ts";
import { type FakeResend, resendChannelTo, startFakeResend } from "../../helpers/fake-resend.ts";
import { createTestApp, type TestApp, testPublicUrl } from "../../helpers/harness.ts";
import { seedEmailSubscribers } from "../../helpers/seed-subscribers.ts";
import { type Served, serveApp } from "../../helpers/serve.ts";

/**
 * An editor's template runs on the server for every recipient. A slow one must be refused when it
 * is saved, and one that is slow only on real data must neither stall HTTP nor cost its render time
 * times the number of subscribers.
 */

let t: TestApp;
let resend: FakeResend | undefined;
let notifier: Notifier | undefined;
let served: Served | undefined;
afterEach(async () => {
  await notifier?.stop();
  await served?.close();
  await resend?.close();
  t.close();
});

/** About 2,000 × 2,000 loop turns: far more than an email needs (seconds of work). */
const slowLoop = "{% for i in (1..2000) %}{% for j in (1..2000) %}{% endfor %}{% endfor %}";

describe("saving a template", () => {
  it("refuses one that does not render the sample message within a few milliseconds (422)", async () => {
    t = await createTestApp();
    const slow = await t.json("PUT", "/api/admin/templates/incident-created/en", {
      token: t.tokens.editor,
      body: { text: `${slowLoop}{{ incident.name }}` },
    });
    expect(slow.status).toBe(422);
    expect(slow.body.error.message).toMatch(
      /^The template takes more than 25 ms to render the sample message; .* remove large loops/,
    );
    expect((await t.json("GET", "/api/admin/templates")).body.templates[0].overridden).toEqual([]);
    const quick = await t.json("PUT", "/api/admin/templates/incident-created/en", {
      token: t.tokens.editor,
      body: { text: "{{ incident.name }}: {{ incident.status }}" },
    });
    expect(quick.status).toBe(200);
  });
});

describe("a slow template during a fan-out", () => {
  it("keeps HTTP answering, and falls back to the built-in template past the notification's budget", {
    timeout: 60_000,
  }, async () => {
    t = await createTestApp();
    const count = 250;
    await seedEmailSubscribers(t.deps, count, { at: t.clock.now() });
    const renderer = await loadTemplates(t.deps);
    // Tens of milliseconds per render, and a filter on the unsubscribe link: one render per
    // recipient. Set directly, as a template saved before the check or slow only on real data.
    const set = renderer.setOverride({
      key: "incident-created",
      locale: "en",
      part: "text",
      source:
        "{% for i in (1..250) %}{% for j in (1..250) %}{% endfor %}{% endfor %}{{ incident.name }} {{ subscriber.unsubscribe_url | upcase }}",
    });
    expect(set.ok).toBe(true);
    resend = await startFakeResend({ requestsPerSecond: 1000 });
    notifier = startNotifier({
      deps: t.deps,
      channel: resendChannelTo(resend, { maxPerSecond: 500 }),
      provider: "resend",
      renderer,
      publicUrl: testPublicUrl,
      pollMs: 60_000,
      batchSize: 50,
    });
    await notifier.drain();
    served = await serveApp(t.app);
    // Warm: the first request compiles the routes and fills the caches.
    await (await fetch(`${served.url}/api/v2/status.json`)).arrayBuffer();

    await createIncident({
      ctx: { deps: t.deps, actor: systemActor("test") },
      input: { name: "Checkout down", body: "Looking." },
    });
    let fanningOut = true;
    const started = performance.now();
    const fanOut = notifier.drain().finally(() => {
      fanningOut = false;
    });
    const latencies: number[] = [];
    while (fanningOut && performance.now() - started < 45_000) {
      const sent = performance.now();
      const res = await fetch(`${served.url}/api/v2/status.json`);
      await res.arrayBuffer();
      latencies.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await fanOut;

    expect(resend.emails).toHaveLength(count);
    const custom = resend.emails.filter((e) => e.text?.includes("HTTP://STATUS.TEST/SUBSCRIBE/UNSUBSCRIBE"));
    // The budget (2 s of rendering) let some recipients get the admin's template, not all of them.
    expect(custom.length).toBeGreaterThan(0);
    expect(custom.length).toBeLessThan(count);
    // The built-in text carries the update; the admin's template does not.
    const builtIn = resend.emails.filter((e) => e.text?.includes("Looking."));
    expect(builtIn.filter((e) => custom.includes(e))).toEqual([]);
    expect(custom.length + builtIn.length).toBe(count);

    expect(latencies.length).toBeGreaterThan(5);
    const worst = Math.max(...latencies);
    // About 120 ms on an idle machine and 320 ms with other test files running beside it; without
    // turns, one lane's batch of per-recipient renders held every request for 700 ms and more.
    expect(worst).toBeLessThan(500);
  });
});
