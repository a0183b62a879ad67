import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locales } from "../../../api/domain/types.ts";
import type { AnyRenderInput } from "../../../api/templates/keys.ts";
import {
  createSmsRenderer,
  type SmsRenderer,
  type SmsRenderInput,
  type SmsTemplateKey,
  smsTemplateKeys,
} from "../../../api/templates/render-sms.ts";
import { sampleInput } from "../../../api/templates/sample-data.ts";
import { smsLength } from "../../../api/templates/sms-segments.ts";

const templatesDir = fileURLToPath(new URL("../../../templates", import.meta.url));
const longUrl = `https://status.very-long-company-name.example.com/incidents/inc_01HZXJ4Q9V2${"k".repeat(60)}`;
const longName =
  "Card payments, invoices and subscription renewals fail for customers in Europe and North America " +
  "because our payment provider's API in eu-west-3 times out under load, and retries make it worse";

let renderer: SmsRenderer;
beforeAll(async () => {
  renderer = await createSmsRenderer({ templatesDir });
});

function input<K extends SmsTemplateKey>(key: K, locale: "en" | "fr", long = false): SmsRenderInput<K> {
  if (key === "confirmation") {
    return { page: sampleInput("confirmation", locale).page, code: "482913" } as SmsRenderInput<K>;
  }
  const full: AnyRenderInput = sampleInput(key, locale);
  const { subscriber: _, ...sample } = full;
  if (!long || !("incident" in sample)) return sample as SmsRenderInput<K>;
  const incident = { ...sample.incident, name: longName, url: longUrl };
  return { ...sample, incident } as SmsRenderInput<K>;
}

describe("SMS templates", () => {
  it.each(locales.flatMap((locale) => smsTemplateKeys.map((key) => [key, locale] as const)))(
    "%s (%s) fits 2 segments with a long incident name and a long URL, and keeps the link whole",
    (key, locale) => {
      const text = renderer.render(key, locale, input(key, locale, true));
      expect(smsLength(text).segments).toBeGreaterThanOrEqual(1);
      expect(smsLength(text).segments).toBeLessThanOrEqual(2);
      expect(text.startsWith("Acme Cloud")).toBe(true);
      if (key === "confirmation") expect(text).toContain("482913");
      else expect(text.endsWith(` ${longUrl}`)).toBe(true);
      expect(text).not.toMatch(/\{\{|\{%|\n\n| {2}/);
    },
  );

  it("says the status, the components and the link, in the subscriber's language", () => {
    expect(renderer.render("incident-created", "en", input("incident-created", "en"))).toBe(
      "Acme Cloud: new incident (Investigating). Checkout: Partial outage, API: Degraded performance. " +
        "Checkout payments failing. https://status.example.com/incidents/inc_sample",
    );
    expect(renderer.render("confirmation", "fr", input("confirmation", "fr"))).toBe(
      "Acme Cloud : votre code est 482913",
    );
  });

  it("spells ê as e only when that saves a segment, and cuts a long name with ...", () => {
    const created = renderer.render("incident-created", "fr", input("incident-created", "fr"));
    expect(created).toContain("(Enquete en cours)");
    expect(smsLength(created)).toMatchObject({ encoding: "GSM-7", segments: 2 });

    const page = { ...sampleInput("confirmation", "fr").page, name: "Forêt" };
    expect(renderer.render("confirmation", "fr", { page, code: "1" })).toBe("Forêt : votre code est 1");

    // The name comes last before the link: a long one is what gets cut, not the status or components.
    const long = renderer.render("incident-updated", "en", input("incident-updated", "en", true));
    expect(long).toMatch(
      /^Acme Cloud: incident update \(Identified\)\. Checkout: Partial outage, API: Degraded performance\. Card payments, invoices .*\w\.\.\. https:/,
    );
  });
});

describe("SMS renderer: files", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "vigie-sms-"));
    await cp(join(templatesDir, "sms", "en"), join(dir, "sms", "en"), { recursive: true });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("falls back to English for a locale without its own template", async () => {
    const englishOnly = await createSmsRenderer({ templatesDir: dir });
    expect(englishOnly.render("confirmation", "fr", input("confirmation", "fr"))).toBe(
      "Acme Cloud: your code is 482913",
    );
  });

  it("refuses to start without an English template, naming the file", async () => {
    await rm(join(dir, "sms", "en", "incident-resolved.liquid"));
    await expect(createSmsRenderer({ templatesDir: dir })).rejects.toThrow(
      /Cannot read SMS template .*en\/incident-resolved\.liquid: ENOENT/,
    );
  });
});
