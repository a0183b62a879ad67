import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMailboxChannel } from "../../../api/notifier/channels/mailbox-channel.ts";
import { type Notifier, startNotifier } from "../../../api/notifier/notifier.ts";
import { loadTemplates } from "../../../api/templates/load-templates.ts";
import { subscribers } from "../../../db/schema/index.ts";
import { createTestApp, type TestApp, testPublicUrl } from "../../helpers/harness.ts";

let t: TestApp;
let dir: string;
let notifier: Notifier;

beforeEach(async () => {
  t = await createTestApp();
  dir = mkdtempSync(join(tmpdir(), "vigie-mailbox-"));
  notifier = startNotifier({
    deps: t.deps,
    channel: createMailboxChannel({ dir, from: "Acme Status <status@acme.test>" }),
    provider: "mailbox",
    renderer: await loadTemplates(t.deps),
    publicUrl: testPublicUrl,
    pollMs: 60_000,
  });
});
afterEach(async () => {
  await notifier.stop();
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every message in the mailbox, parsed the way a mail client would. */
async function mailbox() {
  const files = readdirSync(dir).filter((f) => f.endsWith(".eml"));
  return Promise.all(files.map((f) => simpleParser(readFileSync(join(dir, f)))));
}

const pathOf = (url: string) => url.replace(testPublicUrl, "");

describe("the development mailbox", () => {
  it("writes real MIME messages whose links confirm, and whose one-click unsubscribe works", async () => {
    const api = (await t.json("POST", "/api/admin/components", { body: { name: "API" } })).body.id;
    await t.json("POST", "/api/subscribers", {
      token: null,
      body: { channel: "email", address: "ada@example.com", locale: "fr" },
    });
    await notifier.drain();
    const [confirmation] = await mailbox();
    expect(confirmation!.to).toMatchObject({ text: "ada@example.com" });
    expect(confirmation!.text).toBeTruthy();
    expect(confirmation!.html).toBeTruthy();
    // A French subscriber's links lead to the French pages.
    const confirm = /http:\/\/status\.test\/fr\/subscribe\/confirm\?token=[\w.-]+/.exec(
      confirmation!.text!,
    )![0];
    const shown = await t.request("GET", pathOf(confirm), { token: null });
    expect(await shown.text()).toContain("Confirmer mon abonnement");
    const [still] = await t.deps.db.select().from(subscribers);
    expect(still!.state).toBe("pending");
    expect((await t.request("POST", pathOf(confirm), { token: null })).status).toBe(200);

    const created = await t.json("POST", "/api/admin/incidents", {
      body: {
        name: "API down",
        body: "Investigating",
        components: { [api]: "major_outage" },
        body_translations: { fr: "Nous enquêtons" },
      },
    });
    await notifier.drain();
    const incident = (await mailbox()).find((m) => m.subject?.includes("API down"))!;
    expect(incident.text).toContain("Nous enquêtons");
    expect(incident.html).toContain("Nous enquêtons");
    const header = (name: string) => incident.headerLines.find((h) => h.key === name)?.line ?? "";
    expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const link = /<(http:\/\/status\.test\/fr\/subscribe\/unsubscribe\?token=[\w.-]+)>/.exec(
      header("list-unsubscribe"),
    )![1]!;
    expect(header("list-id")).toMatch(/^List-ID: Status <page_\w+\.status\.test>$/i);
    // The sender's name is the page's; the address stays EMAIL_FROM's while the settings name none.
    expect(incident.from?.value[0]).toMatchObject({ name: "Status", address: "status@acme.test" });

    // The next update answers the first message, under the same subject: one conversation.
    await t.json("POST", `/api/admin/incidents/${created.body.id}/updates`, {
      body: { status: "resolved", body: "Fixed", body_translations: { fr: "Réparé" } },
    });
    await notifier.drain();
    const next = (await mailbox()).find((m) => m.text?.includes("Réparé"))!;
    expect(next.subject).toBe(incident.subject);
    expect(next.messageId).not.toBe(incident.messageId);
    expect(next.inReplyTo).toBe(incident.messageId);
    expect(next.references).toBe(incident.messageId);

    const res = await t.request("POST", pathOf(link), { token: null });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("désabonné");
  });
});

describe("the development mailbox's files", () => {
  it("are whole messages only: each is written beside its name, then renamed in one step", async () => {
    await t.json("POST", "/api/subscribers", {
      token: null,
      body: { channel: "email", address: "grace@example.com" },
    });
    await notifier.drain();
    const names = readdirSync(dir);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^[^.].*\.eml$/);
    expect((await mailbox())[0]!.to).toMatchObject({ text: "grace@example.com" });
  });
});
