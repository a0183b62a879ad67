import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { finishBuildRecord, startBuildRecord } from "../../../api/domain/site/site-builds.ts";
import { expandNotifications } from "../../../api/notifier/expand-notifications.ts";
import { incidents } from "../../../db/schema/index.ts";
import { dashboardCard as card, consoleRigForEachTest } from "../../helpers/console-rig.ts";
import { monitorRigForEachTest } from "../../helpers/monitor-incident-rig.ts";

const t = consoleRigForEachTest();
const m = monitorRigForEachTest(t);

/** Checkout depends on Stripe (draft policy); Stripe's outage drafts an incident. */
async function draftOutage() {
  const checkout = await m.component("Checkout");
  const stripe = await m.dependency("Stripe", [
    { component: checkout, on: "degraded_performance", set: "partial_outage" },
  ]);
  await m.change(stripe, "major_outage");
  const [link] = await m.incidentsOf(stripe);
  return { checkout, stripe, draft: link!.incident };
}

const published = async (id: string) =>
  (await t.deps.read((db) => db.select().from(incidents).where(eq(incidents.id, id))))[0]!.published;

describe("GET /admin", () => {
  it("says all is well on a quiet page", async () => {
    const b = await t.signedIn("viewer");
    const res = await b.get("/admin");
    expect(res.status).toBe(200);
    expect(card(res.text, "Overall status")).toContain("All Systems Operational");
    expect(card(res.text, "Active incidents")).toContain("No incident or maintenance under way.");
    expect(card(res.text, "Drafts awaiting approval")).toContain("No draft");
    expect(card(res.text, "Dependencies not operational")).toContain(
      "Every provider we watch reports operational.",
    );
    expect(card(res.text, "Last site build")).toContain("has not been built yet");
    expect(card(res.text, "Notifications in flight")).toMatch(/ 0 messages queued/);
  });

  it("shows the draft, the failing provider, the last build and what is queued; an editor publishes the draft", async () => {
    const { checkout, draft } = await draftOutage();
    await m.subscriber("buyer@example.com", [checkout]);
    const build = await startBuildRecord(t.deps, 1);
    await finishBuildRecord(t.deps, build, {
      ok: false,
      durationMs: 2400,
      error: "astro build exited with code 1",
    });

    const editor = await t.signedIn("editor");
    const before = await editor.get("/admin");
    expect(card(before.text, "Drafts awaiting approval")).toContain(draft.name);
    expect(before.text).toContain(`action="/admin/incidents/${draft.id}/publish"`);
    expect(card(before.text, "Dependencies not operational")).toMatch(/Stripe major outage/);
    expect(card(before.text, "Last site build")).toMatch(/failed .* 2\.4 s/);
    expect(card(before.text, "Last site build")).toContain("astro build exited with code 1");
    expect(card(before.text, "Active incidents")).toContain("No incident");

    const res = await editor.post(`/admin/incidents/${draft.id}/publish`, { form: {} });
    expect(res.status).toBe(303);
    expect(await published(draft.id)).toBe(true);
    await expandNotifications(t.deps);
    const after = await editor.get(res.location!);
    expect(after.text).toContain("is published; subscribers are being notified.");
    expect(card(after.text, "Drafts awaiting approval")).toContain("No draft");
    expect(card(after.text, "Active incidents")).toContain(draft.name);
    expect(card(after.text, "Overall status")).not.toContain("All Systems Operational");
    expect(card(after.text, "Overall status")).toMatch(/Checkout partial outage/);
    expect(card(after.text, "Notifications in flight")).toMatch(/ 1 message queued/);

    const again = await editor.post(`/admin/incidents/${draft.id}/publish`, { form: {} });
    expect(again.status).toBe(409);
    expect(again.text).toContain("already published");
  });

  it("shows a viewer the draft without a Publish button, and refuses the publish", async () => {
    const { draft } = await draftOutage();
    const viewer = await t.signedIn("viewer");
    const page = await viewer.get("/admin");
    expect(card(page.text, "Drafts awaiting approval")).toContain("An editor or an owner can publish it.");
    expect(page.text).not.toContain(`/admin/incidents/${draft.id}/publish`);
    const res = await viewer.post(`/admin/incidents/${draft.id}/publish`, { form: {} });
    expect(res.status).toBe(403);
    expect(await published(draft.id)).toBe(false);
  });
});
