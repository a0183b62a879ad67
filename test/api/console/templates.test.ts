import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAuditLog } from "../../../api/domain/audit/list-audit-log.ts";
import { systemActor } from "../../../api/domain/context.ts";
import { listOverrides } from "../../../api/domain/templates/template-overrides.ts";
import { createTemplateRenderer, type TemplateRenderer } from "../../../api/templates/index.ts";
import { templatesDir } from "../../../api/templates/load-templates.ts";
import { type ConsoleRig, createConsoleRig } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
let renderer: TemplateRenderer;
beforeEach(async () => {
  renderer = createTemplateRenderer({ templatesDir });
  await renderer.parseAll();
  t = await createConsoleRig({ app: { templates: renderer } });
});
afterEach(() => t.close());

const page = "/admin/templates/incident-created/en";
const builtIn = (part: "subject" | "html" | "text") => renderer.builtInSource("incident-created", "en", part);
const form = (changes: Partial<Record<"subject" | "html" | "text", string>> = {}) => ({
  subject: builtIn("subject"),
  html: builtIn("html"),
  text: builtIn("text"),
  ...changes,
});
const escaped = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

describe("/admin/templates", () => {
  it("lists every email in every language, saying which ones were changed", async () => {
    const editor = await t.signedIn("editor");
    const list = await editor.get("/admin/templates");
    expect(list.status).toBe(200);
    for (const key of ["confirmation", "incident-created", "maintenance-completed"])
      for (const locale of ["en", "fr"])
        expect(list.text).toContain(`href="/admin/templates/${key}/${locale}"`);
    expect(list.text).not.toContain("customised");
    await editor.get(page);
    await editor.post(page, { form: form({ subject: "New: {{ incident.name }}" }) });
    expect((await editor.get("/admin/templates")).text).toContain("customised: subject");
  });

  it("shows the sources and a preview with sample data in a sandboxed frame that runs no script", async () => {
    const viewer = await t.signedIn("viewer");
    const res = await viewer.get(page);
    expect(res.status).toBe(200);
    expect(res.text).toContain(escaped(builtIn("subject").trim()));
    expect(res.text).toContain("[Acme Cloud] Incident:");
    expect(res.text).toMatch(/<iframe class="preview" sandbox="" srcdoc="&lt;!DOCTYPE html&gt;/);
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    // The console's own script, by hash only: nothing inline of anyone else's, no eval.
    expect(csp).toMatch(/script-src 'sha256-[\w+/=]+'(;|$)/);
    expect(csp).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("default-src 'self'");
    // Viewers read, they do not edit.
    expect(res.text).toContain("readonly");
    expect(res.text).not.toContain(">Save</button>");
  });

  it("previews unsaved changes without saving them, keeping the email's markup out of the page", async () => {
    const editor = await t.signedIn("editor");
    await editor.get(page);
    const res = await editor.post(`${page}/preview`, {
      form: form({
        subject: "Heads up: {{ incident.name }}",
        html: '<p>Hello</p><script>alert("x")</script>',
      }),
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Preview of your unsaved changes");
    expect(res.text).toContain("Heads up: ");
    expect(res.text).not.toContain('<script>alert("x")</script>');
    expect(res.text).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(await listOverrides({ ctx: { deps: t.deps } })).toEqual([]);
  });

  it("shows the parser's message next to the field that does not parse, with the input kept (400)", async () => {
    const editor = await t.signedIn("editor");
    await editor.get(page);
    const broken = "<p>{% if incident.name %}unclosed</p>";
    for (const path of [`${page}/preview`, page]) {
      const res = await editor.post(path, { form: form({ html: broken }) });
      expect(res.status, path).toBe(400);
      expect(res.text).toMatch(/<p class="notice error" id="f-html-error">This does not parse: [^<]*if/);
      expect(res.text).not.toContain('id="f-subject-error"');
      expect(res.text).toContain(escaped(broken));
      expect(res.text).not.toContain('id="preview"');
    }
    expect(await listOverrides({ ctx: { deps: t.deps } })).toEqual([]);
  });

  it("refuses a template too slow to render the sample message, with the input kept (400)", async () => {
    const editor = await t.signedIn("editor");
    await editor.get(page);
    const slow =
      "{% for i in (1..2000) %}{% for j in (1..2000) %}{% endfor %}{% endfor %}{{ incident.name }}";
    const res = await editor.post(page, { form: form({ text: slow }) });
    expect(res.status).toBe(400);
    expect(res.text).toContain("The template takes more than 25 ms to render the sample message");
    expect(res.text).toContain(escaped(slow));
    expect(await listOverrides({ ctx: { deps: t.deps } })).toEqual([]);
  });

  it("saves only the parts that differ from the built-in version, and the notifier uses them at once", async () => {
    const editor = await t.signedIn("editor");
    await editor.get(page);
    const res = await editor.post(page, {
      form: form({ subject: "Incident at {{ page.name }}\r\n" }),
    });
    expect(res.status).toBe(303);
    const after = await editor.get(res.location!);
    expect(after.text).toContain("Saved: subscribers get this version from now on (subject).");
    expect(after.text).toContain("Customised here: subject.");
    const rows = await listOverrides({ ctx: { deps: t.deps } });
    expect(rows.map((r) => [r.key, r.locale, r.part, r.source])).toEqual([
      ["incident-created", "en", "subject", "Incident at {{ page.name }}\n"],
    ]);
    expect(renderer.preview("incident-created", "en")).toMatchObject({
      ok: true,
      email: { subject: "Incident at Acme Cloud" },
    });
    const [audit] = await listAuditLog({
      ctx: { deps: t.deps, actor: systemActor("test") },
      input: { limit: 1 },
    });
    expect(audit).toMatchObject({ action: "template.override", entityId: "incident-created/en" });
  });

  it("says when there is nothing to save", async () => {
    const editor = await t.signedIn("editor");
    await editor.get(page);
    const res = await editor.post(page, { form: form() });
    expect(res.status).toBe(303);
    expect((await editor.get(res.location!)).text).toContain(
      "Nothing to save: this is the built-in version.",
    );
    expect(await listOverrides({ ctx: { deps: t.deps } })).toEqual([]);
  });

  it("resets to the built-in version", async () => {
    const editor = await t.signedIn("editor");
    await editor.get(page);
    await editor.post(page, { form: form({ text: "Short text for {{ page.name }}" }) });
    expect((await editor.get(page)).text).toContain("Reset to default");
    const res = await editor.post(`${page}/reset`, { form: {} });
    expect(res.status).toBe(303);
    const after = await editor.get(res.location!);
    expect(after.text).toContain("Back to the built-in version.");
    expect(after.text).toContain("This is the built-in version.");
    expect(await listOverrides({ ctx: { deps: t.deps } })).toEqual([]);
    const preview = renderer.preview("incident-created", "en");
    expect(preview.ok && preview.email.text).not.toContain("Short text for");
  });

  it("refuses viewers' changes, posts without a CSRF token, and unknown templates", async () => {
    const viewer = await t.signedIn("viewer");
    await viewer.get(page);
    for (const path of [page, `${page}/preview`, `${page}/reset`]) {
      const res = await viewer.post(path, { form: form({ subject: "x" }) });
      expect(res.status, path).toBe(403);
      expect(res.text).toContain("This needs the editor role; you have the viewer role.");
    }
    const editor = await t.signedIn("editor");
    await editor.get(page);
    const forged = await editor.post(page, { form: form({ subject: "forged" }), csrf: false });
    expect(forged.status).toBe(403);
    expect(await listOverrides({ ctx: { deps: t.deps } })).toEqual([]);
    expect((await editor.get("/admin/templates/no-such-email/en")).status).toBe(404);
    expect((await editor.get("/admin/templates/confirmation/de")).status).toBe(404);
  });
});
