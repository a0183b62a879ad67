import { doIUseEmail } from "@jsx-email/doiuse-email";
import { parse } from "node-html-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { locales } from "../../../api/domain/types.ts";
import {
  createTemplateRenderer,
  createUpdateBodyRenderer,
  type IncidentRenderInput,
  sampleInput,
  type TemplateKey,
  type TemplateRenderer,
  templateKeys,
} from "../../../api/templates/index.ts";
import { templatesDir } from "./helpers.ts";

let renderer: TemplateRenderer;
beforeAll(async () => {
  renderer = createTemplateRenderer({ templatesDir });
  await renderer.parseAll();
});

const pairs = templateKeys.flatMap((key) => locales.map((locale) => ({ key, locale })));

// A phrase each subject must carry, so a French file that still holds English (or the reverse) fails.
// Every message of one incident (or maintenance) has the same subject, so mail clients thread them.
const incidentSubject = { en: "[Acme Cloud] Incident: ", fr: "[Acme Cloud] Incident\u00a0: " };
const maintenanceSubject = { en: "[Acme Cloud] Maintenance: ", fr: "[Acme Cloud] Maintenance\u00a0: " };
const subjectPhrases: Record<TemplateKey, { en: string; fr: string }> = {
  confirmation: { en: "Confirm your subscription", fr: "Confirmez votre abonnement" },
  "incident-created": incidentSubject,
  "incident-updated": incidentSubject,
  "incident-resolved": incidentSubject,
  "maintenance-scheduled": maintenanceSubject,
  "maintenance-reminder": maintenanceSubject,
  "maintenance-started": maintenanceSubject,
  "maintenance-completed": maintenanceSubject,
};

const renderIncident = (change: (input: IncidentRenderInput) => IncidentRenderInput) =>
  renderer.render("incident-updated", "en", change(sampleInput("incident-updated", "en")));

const hrefs = (html: string) =>
  parse(html)
    .querySelectorAll("a")
    .map((a) => a.getAttribute("href"));

describe("every email in every locale", () => {
  it.each(pairs)(
    "renders $key in $locale with a subject, an HTML part and a text part",
    ({ key, locale }) => {
      const email = renderer.render(key, locale, sampleInput(key, locale));
      expect(email.subject.startsWith(subjectPhrases[key][locale])).toBe(true);
      expect(email.subject).not.toMatch(/[\r\n]/);
      const document = parse(email.html);
      expect(document.querySelector("html")?.getAttribute("lang")).toBe(locale);
      expect(document.querySelector("body")?.text).toContain("Acme Cloud");
      expect(email.text).toContain("Acme Cloud");
      expect(email.text).not.toMatch(/<[a-z]/i);
      expect(email.text).not.toMatch(/\{\{|\{%/);
      expect(email.html).not.toMatch(/\{\{|\{%/);
    },
  );

  it.each(templateKeys)("writes %s in French when the subscriber reads French", (key) => {
    const fr = renderer.render(key, "fr", sampleInput(key, "fr"));
    const en = renderer.render(key, "en", sampleInput(key, "en"));
    for (const part of [fr.text, parse(fr.html).text]) {
      expect(part).toContain("Me désabonner");
      expect(part).toContain("Gérer mon abonnement");
      expect(part).not.toMatch(/Unsubscribe|Manage your subscription|View on the status page|Status:/);
    }
    expect(fr.subject).not.toBe(en.subject);
    if (key !== "confirmation") expect(fr.text).toContain("Voir sur la page de statut");
  });

  it("translates the affected components' new status and formats maintenance dates for the locale", () => {
    const incident = renderer.render("incident-updated", "fr", sampleInput("incident-updated", "fr"));
    expect(incident.text).toContain("- Checkout\u00a0: Panne partielle");
    expect(parse(incident.html).text).toContain("Performances dégradées");
    const maintenance = renderer.render(
      "maintenance-scheduled",
      "fr",
      sampleInput("maintenance-scheduled", "fr"),
    );
    // 22:00 UTC is 23:00 in Paris.
    expect(maintenance.text).toMatch(/samedi 14 mars 2026 à 23:00/);
    const english = renderer.render(
      "maintenance-scheduled",
      "en",
      sampleInput("maintenance-scheduled", "en"),
    );
    expect(english.text).toMatch(/Saturday, March 14, 2026 at 11:00\sPM/);
  });

  it.each(pairs)(
    "renders $key in $locale without errors in Gmail, Apple Mail and Outlook for Windows",
    ({ key, locale }) => {
      const { html } = renderer.render(key, locale, sampleInput(key, locale));
      const report = doIUseEmail(html, { emailClients: ["gmail.*", "apple-mail.*", "outlook.windows"] });
      expect(report.success ? [] : report.errors).toEqual([]);
    },
  );
});

describe("links and branding", () => {
  it("carries the accent colour, the incident link, and the manage and unsubscribe links", () => {
    const input = sampleInput("incident-created", "en");
    const email = renderer.render("incident-created", "en", {
      ...input,
      page: { ...input.page, accent_color: "#ff0066" },
    });
    expect(email.html).toContain("border-top: 4px solid #ff0066");
    expect(email.html).toContain('bgcolor="#ff0066"');
    const links = hrefs(email.html);
    expect(links).toContain(input.incident.url);
    expect(links).toContain(input.subscriber.manage_url);
    expect(links).toContain(input.subscriber.unsubscribe_url);
    for (const url of [input.incident.url, input.subscriber.manage_url, input.subscriber.unsubscribe_url]) {
      expect(email.text).toContain(url);
    }
  });

  it("puts the confirmation link in both parts of the confirmation email", () => {
    const input = sampleInput("confirmation", "fr");
    const email = renderer.render("confirmation", "fr", input);
    expect(hrefs(email.html)).toContain(input.confirm_url);
    expect(email.text).toContain(input.confirm_url);
    expect(hrefs(email.html)).toContain(input.subscriber.unsubscribe_url);
  });

  it("ignores an accent colour that is not a hex colour instead of writing it into a style", () => {
    const input = sampleInput("confirmation", "en");
    const accent = "red; background-image: url(https://evil.example)";
    const email = renderer.render("confirmation", "en", {
      ...input,
      page: { ...input.page, accent_color: accent },
    });
    expect(email.html).not.toContain("evil.example");
    expect(email.html).toContain("border-top: 4px solid #2563eb");
  });
});

describe("escaping", () => {
  it("escapes an incident and a component named like markup in HTML, and keeps them verbatim in text", () => {
    const email = renderIncident((input) => ({
      ...input,
      incident: {
        ...input.incident,
        name: "<script>alert(1)</script>",
        components: [{ name: '<img src=x onerror="alert(2)">', status: "major_outage" }],
      },
    }));
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img");
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(parse(email.html).querySelector("h1")?.text).toBe("<script>alert(1)</script>");
    expect(email.text).toContain("<script>alert(1)</script>");
    expect(email.subject).toBe("[Acme Cloud] Incident: <script>alert(1)</script>");
  });

  it("escapes raw HTML and drops javascript: links in the markdown body", () => {
    const renderBody = createUpdateBodyRenderer();
    const body = renderBody(
      'Fixed.\n\n<iframe src="https://evil.example"></iframe>\n\n[click](javascript:alert(1)) **now**',
    );
    const email = renderIncident((input) => ({ ...input, incident: { ...input.incident, ...body } }));
    expect(email.html).not.toContain("<iframe");
    expect(email.html).toContain("&lt;iframe");
    expect(hrefs(email.html).some((href) => href?.startsWith("javascript:"))).toBe(false);
    expect(email.html).toContain("<strong>now</strong>");
  });

  it("keeps a subject on one header line whatever the incident name holds", () => {
    const email = renderIncident((input) => ({
      ...input,
      incident: { ...input.incident, name: "Down\r\nBcc: x@evil" },
    }));
    expect(email.subject).toBe("[Acme Cloud] Incident: Down Bcc: x@evil");
  });
});

describe("fan-out", () => {
  const subscriberNo = (i: number) => ({
    manage_url: `https://status.example.com/subscription/manage?token=m${i}&lang=fr`,
    unsubscribe_url: `https://status.example.com/subscription/unsubscribe?token=u${i}&x="'<>`,
  });

  it.each(pairs)(
    "gives each recipient of $key in $locale the same email a full render would",
    ({ key, locale }) => {
      const { subscriber: _, ...update } = sampleInput(key, locale);
      const perRecipient = renderer.prepare(key, locale, update);
      for (const i of [1, 2]) {
        const subscriber = subscriberNo(i);
        const full = renderer.render(key, locale, { ...sampleInput(key, locale), subscriber });
        expect(perRecipient(subscriber)).toEqual(full);
      }
    },
  );

  it("renders per recipient when a template transforms the subscriber's links", async () => {
    const overridden = createTemplateRenderer({
      templatesDir,
      overrides: [
        { key: "confirmation", locale: "en", part: "text", source: "{{ subscriber.manage_url | upcase }}" },
      ],
    });
    await overridden.parseAll();
    const { subscriber: _, ...update } = sampleInput("confirmation", "en");
    const email = overridden.prepare("confirmation", "en", update)(subscriberNo(7));
    expect(email.text).toContain("TOKEN=M7&LANG=FR");
  });

  it("renders 10,000 messages in well under ten seconds, one by one or prepared once per update", () => {
    const input = sampleInput("incident-updated", "fr");
    let started = performance.now();
    let bytes = 0;
    for (let i = 0; i < 10_000; i++) {
      const email = renderer.render("incident-updated", "fr", { ...input, subscriber: subscriberNo(i) });
      bytes += email.html.length + email.text.length;
    }
    const oneByOne = performance.now() - started;
    started = performance.now();
    const { subscriber: _, ...update } = input;
    const perRecipient = renderer.prepare("incident-updated", "fr", update);
    for (let i = 0; i < 10_000; i++) {
      const email = perRecipient(subscriberNo(i));
      bytes += email.html.length + email.text.length;
    }
    const prepared = performance.now() - started;
    console.log(
      `10,000 emails: ${Math.round(oneByOne)} ms rendered one by one, ${Math.round(prepared)} ms prepared once`,
    );
    expect(bytes).toBeGreaterThan(20_000 * 1_000);
    expect(oneByOne).toBeLessThan(10_000);
    expect(prepared).toBeLessThan(oneByOne);
  });
});
