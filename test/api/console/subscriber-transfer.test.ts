import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseCsv } from "../../../api/console/subscribers/csv.ts";
import { listAuditLog } from "../../../api/domain/audit/list-audit-log.ts";
import { systemActor } from "../../../api/domain/context.ts";
import { newId } from "../../../api/domain/ids.ts";
import { deliveries, subscriberComponents, subscribers } from "../../../db/schema/index.ts";
import { type Browser, type ConsoleRig, createConsoleRig } from "../../helpers/console-rig.ts";
import { monitorRig } from "../../helpers/monitor-incident-rig.ts";

let t: ConsoleRig;
let notified = 0;
const rigs: ConsoleRig[] = [];
beforeEach(async () => {
  notified = 0;
  t = await createConsoleRig();
  t.deps.signals.on("queued", () => notified++);
  rigs.push(t);
});
afterEach(() => {
  for (const rig of rigs.splice(0)) rig.close();
});

const byAddress = async (rig: ConsoleRig, address: string) =>
  (await rig.deps.read((db) => db.select().from(subscribers).where(eq(subscribers.address, address))))[0];

/** Posts the import form as a browser does with a file chosen: multipart, with the page's token. */
async function uploadFile(b: Browser, rig: ConsoleRig, csv: string) {
  await b.get("/admin/subscribers/import");
  const body = new FormData();
  body.set("_csrf", b.csrfToken!);
  body.set("csv_file", new File([csv], "list.csv", { type: "text/csv" }));
  body.set("csv_text", "");
  const res = await rig.app.request(`${b.origin}/admin/subscribers/import`, {
    method: "POST",
    body,
    headers: {
      Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      Origin: b.origin,
      "Sec-Fetch-Site": "same-origin",
    },
  });
  return { status: res.status, text: await res.text() };
}

describe("GET /admin/subscribers.csv", () => {
  it("exports every subscriber as RFC 4180 CSV with formulas defused, audited, for editors only", async () => {
    const m = monitorRig(t);
    const checkout = await m.component("Checkout");
    await m.subscriber("ada@example.com", [checkout]);
    const at = t.clock.now();
    await t.deps.write((tx) =>
      tx.insert(subscribers).values([
        {
          id: newId("subscriber"),
          channel: "sms",
          address: "+33612345678",
          locale: "fr",
          state: "pending",
          createdAt: at,
          updatedAt: at,
        },
        {
          id: newId("subscriber"),
          channel: "webhook",
          address: "https://hooks.example.com/a,b",
          locale: "en",
          state: "active",
          createdAt: at,
          updatedAt: at,
          confirmedAt: at,
        },
      ]),
    );
    expect((await (await t.signedIn("viewer")).get("/admin/subscribers.csv")).status).toBe(403);
    const editor = await t.signedIn("editor");
    const res = await editor.get("/admin/subscribers.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="subscribers.csv"');
    const lines = res.text.split("\r\n");
    expect(lines[0]).toBe("channel,address,locale,state,components,confirmed_at");
    expect(lines).toContain(`email,ada@example.com,en,active,${checkout},2026-11-27T12:00:00.000Z`);
    expect(lines).toContain("sms,'+33612345678,fr,pending,,");
    expect(lines).toContain('webhook,"https://hooks.example.com/a,b",en,active,,2026-11-27T12:00:00.000Z');
    const audit = await listAuditLog({
      ctx: { deps: t.deps, actor: systemActor("test") },
      input: { limit: 5 },
    });
    expect(audit.map((a) => a.action)).toContain("subscribers.export");
  });

  it("streams a list longer than one page", async () => {
    const at = t.clock.now();
    const rows = Array.from({ length: 1203 }, (_, i) => ({
      id: newId("subscriber"),
      channel: "email" as const,
      address: `r${i}@example.com`,
      locale: "en" as const,
      state: "active" as const,
      createdAt: at,
      updatedAt: at,
    }));
    await t.deps.write((tx) => tx.insert(subscribers).values(rows));
    const res = await (await t.signedIn("editor")).get("/admin/subscribers.csv");
    const parsed = parseCsv(res.text);
    expect(parsed.ok && parsed.records.length).toBe(1204);
  });
});

describe("POST /admin/subscribers/import", () => {
  it("imports confirmed lines as active, asks the others to confirm, and reports every other line", async () => {
    const m = monitorRig(t);
    const checkout = await m.component("Checkout");
    await m.subscriber("known@example.com");
    const csv = [
      "channel,address,locale,state,components,confirmed_at",
      `email,Ada@Example.com,fr,active,${checkout},2025-03-01T09:00:00Z`,
      "email,bob@example.com,,,,",
      ",not-an-email,,,,",
      "sms,'+33612345678,,active,,2025-03-01T09:00:00Z",
      "email,gone@example.com,,unsubscribed,,",
      "email,known@example.com,,active,,2025-03-01T09:00:00Z",
      "email,future@example.com,,active,,2099-01-01T00:00:00Z",
      "email,lost@example.com,,active,cmp_nope,2025-03-01T09:00:00Z",
    ].join("\r\n");
    const editor = await t.signedIn("editor");
    await editor.get("/admin/subscribers/import");
    notified = 0;
    const res = await editor.post("/admin/subscribers/import", { form: { csv_text: csv } });
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      "1 imported as confirmed, 1 asked to confirm by email, 2 skipped, 4 with errors.",
    );
    expect(res.text).toMatch(/<td>4<\/td><td>not-an-email<\/td><td>error: address: must be an email address/);
    expect(res.text).toMatch(/<td>5<\/td><td>\+33612345678<\/td><td>error: channel: only email subscribers/);
    expect(res.text).toContain("skipped: state unsubscribed: not imported");
    expect(res.text).toContain("skipped: already a subscriber (active)");
    expect(res.text).toContain("confirmed_at: must not be in the future");
    expect(res.text).toContain("components: component &quot;cmp_nope&quot; does not exist.");

    const ada = (await byAddress(t, "ada@example.com"))!;
    expect(ada).toMatchObject({
      state: "active",
      locale: "fr",
      confirmedAt: new Date("2025-03-01T09:00:00Z"),
    });
    const follows = await t.deps.read((db) =>
      db.select().from(subscriberComponents).where(eq(subscriberComponents.subscriberId, ada.id)),
    );
    expect(follows.map((f) => f.componentId)).toEqual([checkout]);
    const bob = (await byAddress(t, "bob@example.com"))!;
    expect(bob).toMatchObject({ state: "pending", confirmedAt: null, locale: "en" });
    const confirmation = await t.deps.read((db) =>
      db.select().from(deliveries).where(eq(deliveries.subscriberId, bob.id)),
    );
    expect(confirmation.map((d) => d.kind)).toEqual(["confirmation"]);
    expect(notified).toBe(1);
    expect(await byAddress(t, "gone@example.com")).toBeUndefined();
    const audit = await listAuditLog({
      ctx: { deps: t.deps, actor: systemActor("test") },
      input: { limit: 20 },
    });
    expect(
      audit
        .filter((a) => a.action === "subscriber.import")
        .map((a) => a.entityId)
        .sort(),
    ).toEqual([ada.id, bob.id].sort());
  });

  it("takes an uploaded file, and imports back what it exported", async () => {
    const source = t;
    await monitorRig(source).subscriber("round@example.com");
    const exported = (await (await source.signedIn("editor")).get("/admin/subscribers.csv")).text;
    const target = await createConsoleRig();
    rigs.push(target);
    const res = await uploadFile(await target.signedIn("editor"), target, exported);
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      "1 imported as confirmed, 0 asked to confirm by email, 0 skipped, 0 with errors.",
    );
    expect(await byAddress(target, "round@example.com")).toMatchObject({
      state: "active",
      confirmedAt: new Date("2026-11-27T12:00:00Z"),
    });
  });

  it("says what is wrong with the file as a whole, and refuses more than 64 KiB", async () => {
    const editor = await t.signedIn("editor");
    await editor.get("/admin/subscribers/import");
    const open = await editor.post("/admin/subscribers/import", {
      form: { csv_text: 'address\n"ada@example.com' },
    });
    expect(open.status).toBe(422);
    expect(open.text).toContain("line 2: a quoted cell is never closed");
    const noColumn = await editor.post("/admin/subscribers/import", {
      form: { csv_text: "email\nada@example.com" },
    });
    expect(noColumn.status).toBe(422);
    expect(noColumn.text).toContain("The header line must name an address column");
    const empty = await editor.post("/admin/subscribers/import", { form: { csv_text: "  " } });
    expect(empty.status).toBe(422);
    const big = await editor.post("/admin/subscribers/import", {
      form: { csv_text: `address\n${"x@example.com\n".repeat(6000)}` },
    });
    expect(big.status).toBe(413);
    expect(big.text).toContain("larger than 64 KiB");
    expect(await t.deps.read((db) => db.select().from(subscribers))).toEqual([]);
  });

  it("is for editors, with the CSRF token", async () => {
    const viewer = await t.signedIn("viewer");
    expect((await viewer.get("/admin/subscribers/import")).status).toBe(403);
    expect(
      (await viewer.post("/admin/subscribers/import", { form: { csv_text: "address\na@example.com" } }))
        .status,
    ).toBe(403);
    const editor = await t.signedIn("editor");
    const res = await editor.post("/admin/subscribers/import", {
      form: { csv_text: "address\na@example.com" },
      csrf: false,
    });
    expect(res.status).toBe(403);
    expect(await t.deps.read((db) => db.select().from(subscribers))).toEqual([]);
  });
});
