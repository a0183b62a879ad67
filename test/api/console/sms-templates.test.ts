import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAuditLog } from "../../../api/domain/audit/list-audit-log.ts";
import { systemActor } from "../../../api/domain/context.ts";
import { newId } from "../../../api/domain/ids.ts";
import { listOverrides } from "../../../api/domain/templates/template-overrides.ts";
import { createTemplateRenderer } from "../../../api/templates/index.ts";
import { templatesDir } from "../../../api/templates/load-templates.ts";
import { createSmsRenderer } from "../../../api/templates/render-sms.ts";
import { subscribers } from "../../../db/schema/index.ts";
import { type ConsoleRig, createConsoleRig, readerText } from "../../helpers/console-rig.ts";
import { monitorRig } from "../../helpers/monitor-incident-rig.ts";

let t: ConsoleRig;
beforeEach(async () => {
  const renderer = createTemplateRenderer({ templatesDir });
  await renderer.parseAll();
  t = await createConsoleRig({ app: { templates: renderer } });
});
afterEach(() => t.close());

const page = "/admin/sms-templates/incident-created/en";
const builtIn = async () =>
  (await createSmsRenderer({ templatesDir })).builtInSource("incident-created", "en");
const escaped = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
const smsRows = async () => (await listOverrides({ ctx: { deps: t.deps } })).filter((r) => r.part === "sms");

describe("/admin/sms-templates", () => {
  it("are listed beside the emails, each language saying whether it was changed", async () => {
    const viewer = await t.signedIn("viewer");
    const list = await viewer.get("/admin/templates");
    expect(list.status).toBe(200);
    for (const key of ["confirmation", "incident-created", "maintenance-completed"])
      for (const locale of ["en", "fr"])
        expect(list.text).toContain(`href="/admin/sms-templates/${key}/${locale}"`);
    expect(readerText(list.text)).toContain("Incident created SMS in French built-in");
  });

  it("show the source, the sample message as the sender sends it, and its segment count", async () => {
    const viewer = await t.signedIn("viewer");
    const res = await viewer.get(page);
    expect(res.status).toBe(200);
    expect(res.text).toContain(escaped((await builtIn()).trim()));
    const text = readerText(res.text);
    expect(text).toContain("Acme Cloud: new incident (Investigating). Checkout: Partial outage");
    expect(text).toContain("2 segments · GSM-7 · 169 characters, 153 per segment");
    // Viewers read, they do not edit; the live preview is only wired for editors.
    expect(res.text).toContain("readonly");
    expect(res.text).not.toContain("data-live=");
    expect(res.headers.get("Content-Security-Policy")).toMatch(/script-src 'sha256-[\w+/=]+'/);
  });

  it("count as the sender does: GSM-7 extension characters twice, one emoji makes it UCS-2, 153/67 per part", async () => {
    const editor = await t.signedIn("editor");
    await editor.get(page);
    const preview = async (source: string) =>
      readerText((await editor.post(`${page}/preview`, { form: { source } })).text);
    expect(await preview("x".repeat(150))).toContain("1 segment · GSM-7 · 150 of 160 characters");
    expect(await preview(`${"x".repeat(150)}€€€€€`)).toContain("1 segment · GSM-7 · 160 of 160 characters");
    expect(await preview(`${"x".repeat(150)}€€€€€€`)).toContain(
      "2 segments · GSM-7 · 162 characters, 153 per segment",
    );
    const ucs = await preview("Checkout is down 🔥");
    expect(ucs).toContain("1 segment · UCS-2 · 19 of 70 characters");
    expect(ucs).toContain("UCS-2 because of “🔥”");
    expect(await preview(`${"y".repeat(70)}`)).toContain("1 segment · GSM-7 · 70 of 160");
    expect(await preview(`🔥${"y".repeat(68)}`)).toContain("1 segment · UCS-2 · 70 of 70 characters");
    expect(await preview(`🔥${"y".repeat(69)}`)).toContain(
      "2 segments · UCS-2 · 71 characters, 67 per segment",
    );
    // Past two segments the sender shortens it; the preview says so and shows what is sent.
    const long = await preview("word ".repeat(100));
    expect(long).toContain("4 segments · GSM-7 · 499 characters, 153 per segment");
    expect(long).toContain("Longer than 2 segments: the sender shortens it to fit, as below.");
    // Markup and control characters in a template come back as text in the preview, not as markup.
    const hostile = await editor.post(`${page}/preview`, {
      form: { source: "<img src=x onerror=alert(1)>\u0000{{ page.name }}" },
    });
    expect(hostile.text).not.toContain("<img src=x");
    expect(hostile.text).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(await smsRows()).toEqual([]);
  });

  it("refuses a source that does not parse or is too slow, as a sentence next to the field, input kept (400)", async () => {
    const editor = await t.signedIn("editor");
    await editor.get(page);
    const broken = "{% if page.name %}<unclosed>";
    for (const path of [`${page}/preview`, page]) {
      const res = await editor.post(path, { form: { source: broken } });
      expect(res.status, path).toBe(400);
      expect(res.text).toContain(escaped(broken));
      expect(res.text).toMatch(
        /id="f-source-error">This does not parse: tag \{% if page.name %\} not closed/,
      );
      expect(res.text).toContain('aria-invalid="true"');
    }
    const slow = "{% for i in (1..2000) %}{% for j in (1..2000) %}{% endfor %}{% endfor %}{{ page.name }}";
    const res = await editor.post(page, { form: { source: slow } });
    expect(res.status).toBe(400);
    expect(res.text).toContain("The template takes more than 25 ms to render the sample message");
    expect(res.text).toContain(escaped(slow));
    expect(await smsRows()).toEqual([]);
  });

  it("saves an edit (audited, emails untouched), then resets it to the built-in version", async () => {
    const editor = await t.signedIn("editor");
    await editor.get(page);
    const res = await editor.post(page, {
      form: { source: "{{ page.name }} is down: {{ incident.name }}\r\n" },
    });
    expect(res.status).toBe(303);
    const after = await editor.get(res.location!);
    expect(readerText(after.text)).toContain("Saved: SMS subscribers get this version");
    expect(readerText(after.text)).toContain("Acme Cloud is down: Checkout payments failing");
    expect(
      (await listOverrides({ ctx: { deps: t.deps } })).map((r) => [r.key, r.locale, r.part, r.source]),
    ).toEqual([["incident-created", "en", "sms", "{{ page.name }} is down: {{ incident.name }}\n"]]);
    const [audit] = await listAuditLog({
      ctx: { deps: t.deps, actor: systemActor("test") },
      input: { limit: 1 },
    });
    expect(audit).toMatchObject({ action: "template.override", entityId: "sms/incident-created/en" });
    expect(readerText((await editor.get("/admin/templates")).text)).toContain(
      "Incident created SMS in English customised",
    );
    // The email of the same key is not customised by it, and resetting the email leaves the SMS.
    expect((await editor.get("/admin/templates/incident-created/en")).text).toContain(
      "This is the built-in version.",
    );
    await editor.post("/admin/templates/incident-created/en/reset", { form: {} });
    expect(await smsRows()).toHaveLength(1);
    const reset = await editor.post(`${page}/reset`, { form: {} });
    expect(reset.status).toBe(303);
    expect(readerText((await editor.get(reset.location!)).text)).toContain("Back to the built-in version.");
    expect(await smsRows()).toEqual([]);
  });

  it("says when there is nothing to save", async () => {
    const editor = await t.signedIn("editor");
    await editor.get(page);
    const res = await editor.post(page, { form: { source: await builtIn() } });
    expect(readerText((await editor.get(res.location!)).text)).toContain(
      "Nothing to save: this is the built-in version.",
    );
    expect(await smsRows()).toEqual([]);
  });

  it("refuses viewers, forged posts and unknown templates", async () => {
    const viewer = await t.signedIn("viewer");
    await viewer.get(page);
    for (const path of [page, `${page}/preview`, `${page}/reset`]) {
      const res = await viewer.post(path, { form: { source: "x" } });
      expect(res.status, path).toBe(403);
    }
    const editor = await t.signedIn("editor");
    await editor.get(page);
    expect((await editor.post(page, { form: { source: "forged" }, csrf: false })).status).toBe(403);
    // The live preview's fetch is a form post like any other: another site's page cannot make one.
    for (const path of [`${page}/preview`, "/admin/templates/incident-created/en/preview"]) {
      const res = await editor.post(path, {
        form: { source: "x", subject: "x" },
        headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      });
      expect(res.status, path).toBe(403);
      expect(res.text).toContain("This request came from another site");
      expect((await editor.post(path, { form: { source: "x", subject: "x" }, csrf: false })).status).toBe(
        403,
      );
    }
    expect(await smsRows()).toEqual([]);
    expect((await editor.get("/admin/sms-templates/no-such/en")).status).toBe(404);
    expect((await editor.get("/admin/sms-templates/confirmation/de")).status).toBe(404);
  });

  it("is what the incident form's preview shows for SMS subscribers once saved", async () => {
    const checkout = await monitorRig(t).component("Checkout");
    const now = t.clock.now();
    await t.deps.write((tx) =>
      tx.insert(subscribers).values({
        id: newId("subscriber"),
        channel: "sms",
        address: "+33612345678",
        locale: "fr",
        state: "active",
        createdAt: now,
        updatedAt: now,
      }),
    );
    const editor = await t.signedIn("editor");
    await editor.get("/admin/sms-templates/incident-created/fr");
    const saved = await editor.post("/admin/sms-templates/incident-created/fr", {
      form: { source: "ALERTE {{ page.name }} : {{ incident.name }}" },
    });
    expect(saved.status).toBe(303);
    await editor.get("/admin/incidents/new");
    const preview = await editor.post("/admin/incidents", {
      form: {
        name: "Checkout down",
        name_fr: "Paiement en panne",
        body: "Investigating.",
        body_fr: "En cours.",
        status: "investigating",
        impact: "",
        [`component-${checkout}`]: "major_outage",
        deliver: "on",
        intent: "preview",
      },
    });
    expect(preview.status).toBe(200);
    expect(readerText(preview.text)).toMatch(/ALERTE .* : Paiement en panne/);
  });
});
