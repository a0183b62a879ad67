import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  createTemplateRenderer,
  sampleInput,
  TemplateRenderError,
  type TemplateRendererOptions,
} from "../../../api/templates/index.ts";
import { copyTemplates, templatesDir } from "./helpers.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const ready = async (options: Partial<TemplateRendererOptions> = {}) => {
  const renderer = createTemplateRenderer({ templatesDir, ...options });
  await renderer.parseAll();
  return renderer;
};

const scratchCopy = async () => {
  const copy = await copyTemplates();
  cleanups.push(copy.remove);
  return copy.dir;
};

describe("admin overrides", () => {
  it("replaces one (key, locale, part) and leaves the others alone", async () => {
    const renderer = await ready({
      overrides: [
        { key: "incident-created", locale: "fr", part: "subject", source: "ALERTE {{ incident.name }}" },
      ],
    });
    expect(renderer.render("incident-created", "fr", sampleInput("incident-created", "fr")).subject).toBe(
      "ALERTE Paiements en échec",
    );
    expect(renderer.render("incident-created", "en", sampleInput("incident-created", "en")).subject).toBe(
      "[Acme Cloud] Incident: Checkout payments failing",
    );
  });

  it("refuses a template that does not parse, with the parser's message", async () => {
    const renderer = await ready();
    expect(renderer.validateTemplate("{% if incident %}unclosed")).toEqual({
      ok: false,
      message: expect.stringMatching(/tag \{% if incident %\} not closed/),
    });
    expect(renderer.validateTemplate("{{ incident.name | shout }}")).toEqual({
      ok: false,
      message: expect.stringMatching(/undefined filter: shout/),
    });
    expect(renderer.validateTemplate("{{ incident.name | upcase }}")).toEqual({ ok: true });

    const refused = renderer.setOverride({
      key: "incident-created",
      locale: "en",
      part: "html",
      source: "{% for %}",
    });
    expect(refused.ok).toBe(false);
    const { html } = renderer.render("incident-created", "en", sampleInput("incident-created", "en"));
    expect(html).toContain("We are aware of an incident");
  });

  it("refuses to start on an override that does not parse, naming it", async () => {
    const source = "{% if x %}";
    await expect(
      ready({ overrides: [{ key: "confirmation", locale: "fr", part: "text", source }] }),
    ).rejects.toThrow(/override confirmation\/fr\/text.*not closed/);
  });

  it("previews a key with sample data, with or without an unsaved source", async () => {
    const renderer = await ready();
    const current = renderer.preview("maintenance-started", "fr");
    expect(current.ok && current.email.subject).toBe(
      "[Acme Cloud] Maintenance\u00a0: Mise à niveau de la base de données",
    );
    const draft = renderer.preview("maintenance-started", "fr", {
      html: "<p>{{ maintenance.scheduled_until }}</p>",
    });
    expect(draft.ok && draft.email.html).toMatch(/<p>dimanche 15 mars 2026 à 00:30/);
    expect(renderer.preview("maintenance-started", "fr", { text: "{% endfor %}" })).toEqual({
      ok: false,
      message: expect.stringMatching(/endfor/),
    });
  });
});

describe("sandbox limits", () => {
  it("stops a template that loops for too long, and keeps rendering the others", async () => {
    const loop = "{% for i in (1..2000) %}{% for j in (1..2000) %}{{ i }}{% endfor %}{% endfor %}";
    const renderer = await ready({ limits: { renderLimit: 200, memoryLimit: 1e9 } });
    expect(
      renderer.setOverride({ key: "incident-updated", locale: "en", part: "text", source: loop }).ok,
    ).toBe(true);
    const started = performance.now();
    expect(() => renderer.render("incident-updated", "en", sampleInput("incident-updated", "en"))).toThrow(
      /Cannot render incident-updated\/en\/text: template render limit exceeded/,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(renderer.render("incident-updated", "fr", sampleInput("incident-updated", "fr")).text).toContain(
      "Paiements en échec",
    );
  });

  it("stops a template whose output doubles until it exhausts memory", async () => {
    const bomb =
      '{% assign s = "boom" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}';
    const renderer = await ready();
    renderer.setOverride({ key: "confirmation", locale: "en", part: "html", source: bomb });
    const render = () => renderer.render("confirmation", "en", sampleInput("confirmation", "en"));
    expect(render).toThrow(TemplateRenderError);
    expect(render).toThrow(/memory alloc limit exceeded/);
  });

  it("gives templates no access to the file system", async () => {
    const renderer = await ready();
    renderer.setOverride({
      key: "confirmation",
      locale: "en",
      part: "text",
      source: '{% include "/etc/passwd" %}',
    });
    expect(() => renderer.render("confirmation", "en", sampleInput("confirmation", "en"))).toThrow(
      /Failed to lookup "\/etc\/passwd"/,
    );
  });
});

describe("template files", () => {
  it("refuses to start when a file does not parse, naming the file", async () => {
    const dir = await scratchCopy();
    const file = join(dir, "email", "incident-resolved", "fr", "html.liquid");
    await writeFile(file, "<p>{{ incident.name </p>");
    await expect(ready({ templatesDir: dir })).rejects.toThrow(`Cannot parse email template ${file}`);
  });

  it("falls back to English for a key whose locale has no templates", async () => {
    const dir = await scratchCopy();
    await rm(join(dir, "email", "maintenance-reminder", "fr"), { recursive: true });
    const renderer = await ready({ templatesDir: dir });
    const email = renderer.render("maintenance-reminder", "fr", sampleInput("maintenance-reminder", "en"));
    expect(email.subject).toBe("[Acme Cloud] Maintenance: Database upgrade");
    expect(email.text).toContain("Unsubscribe");
    expect(email.html).toContain('lang="en"');
    expect(
      renderer.render("maintenance-started", "fr", sampleInput("maintenance-started", "fr")).text,
    ).toContain("Me désabonner");
  });

  it("needs the English templates", async () => {
    const dir = await scratchCopy();
    await rm(join(dir, "email", "incident-created", "en", "text.liquid"));
    await expect(ready({ templatesDir: dir })).rejects.toThrow(/incident-created\/en\/text\.liquid/);
  });
});
