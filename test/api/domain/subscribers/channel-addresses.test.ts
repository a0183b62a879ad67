import { describe, expect, it } from "vitest";
import { subscribeInput, verifyInput } from "../../../../api/domain/subscribers/schemas.ts";

/** The one message zod gives for a subscribe body, or the parsed value. */
function check(body: unknown): { ok: true; value: unknown } | { ok: false; messages: string[] } {
  const parsed = subscribeInput.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, messages: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
}

const refused = (body: unknown) => {
  const result = check(body);
  if (result.ok) throw new Error(`expected ${JSON.stringify(body)} to be refused`);
  return result.messages.join("; ");
};
const accepted = (body: unknown) => {
  const result = check(body);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(body)} to pass: ${result.messages.join("; ")}`);
  return result.value as Record<string, unknown>;
};

describe("SMS numbers", () => {
  it("normalises an international mobile number to E.164", () => {
    expect(accepted({ channel: "sms", phone: " +33 6 12 34 56 78 " }).phone).toBe("+33612345678");
    expect(accepted({ channel: "sms", phone: "+1 (415) 555-2671" }).phone).toBe("+14155552671");
  });

  it("asks for the international format when the number has no country code", () => {
    expect(refused({ channel: "sms", phone: "06 12 34 56 78" })).toBe(
      "phone: must be in international format: + then the country code and the number, e.g. +33612345678",
    );
    expect(refused({ channel: "sms", phone: "+33 6 12 34 56 7a" })).toMatch(/international format/);
  });

  it("refuses an impossible number, saying what to check", () => {
    expect(refused({ channel: "sms", phone: "+33 6 12" })).toMatch(
      /^phone: is not a valid phone number: check the country code and the number of digits/,
    );
  });

  it("refuses numbers that cannot receive SMS, naming their kind", () => {
    expect(refused({ channel: "sms", phone: "+33 1 45 67 89 01" })).toBe(
      "phone: must be a mobile number that can receive SMS (+33145678901 is fixed line)",
    );
    expect(refused({ channel: "sms", phone: "+33 800 12 34 56" })).toMatch(/\+33800123456 is toll free/);
  });

  it("reads a texted code with or without spaces, and refuses anything but 6 digits", () => {
    expect(verifyInput.parse({ phone: "+33612345678", code: "123 456" }).code).toBe("123456");
    const bad = verifyInput.safeParse({ phone: "+33612345678", code: "12345" });
    expect(bad.error?.issues[0]?.message).toBe("must be the 6 digits of the code we sent by SMS");
  });
});

describe("webhook URLs", () => {
  it("stores the normalised URL", () => {
    expect(accepted({ channel: "webhook", url: "HTTPS://Hooks.Example.COM:443/vigie?x=1" }).url).toBe(
      "https://hooks.example.com/vigie?x=1",
    );
  });

  it("refuses what is not an http(s) URL, or carries credentials", () => {
    const expected = "url: must be an http(s) URL that accepts POST requests, e.g. https://example.com/hooks";
    expect(refused({ channel: "webhook", url: "example.com/hooks" })).toBe(expected);
    expect(refused({ channel: "webhook", url: "ftp://example.com/hooks" })).toBe(expected);
    expect(refused({ channel: "webhook", url: "https://ada:pw@example.com/" })).toBe(
      "url: must not contain a user name or password",
    );
    expect(refused({ channel: "webhook", url: `https://example.com/${"a".repeat(2100)}` })).toBe(
      "url: must be at most 2048 characters",
    );
  });

  it("sends a chat tool's URL to its own channel", () => {
    expect(
      refused({ channel: "webhook", url: "https://hooks.slack.com/services/T0001/B0001/abcDEF123" }),
    ).toBe('url: is a Slack URL: subscribe with channel "slack" so messages use its format');
  });

  it("has no language (payloads are JSON) and no other address field", () => {
    expect(refused({ channel: "webhook", url: "https://example.com/h", locale: "fr" })).toMatch(/locale/);
    expect(refused({ channel: "webhook", address: "https://example.com/h" })).toMatch(/url/);
  });
});

describe("chat incoming-webhook URLs", () => {
  const cases = {
    slack: {
      good: ["https://hooks.slack.com/services/T0123ABCD/B0456EFGH/aBcDeFgHiJkLmNoPqRsTuVwX"],
      bad: [
        "http://hooks.slack.com/services/T0123ABCD/B0456EFGH/aBcDeF",
        "https://hooks.slack.com.evil.example/services/T0123ABCD/B0456EFGH/aBcDeF",
        "https://hooks.slack.com/triggers/T0123ABCD/B0456EFGH",
        "https://example.com/services/T0123ABCD/B0456EFGH/aBcDeF",
      ],
      expected: "https://hooks.slack.com/services/T…/B…/…",
    },
    discord: {
      good: [
        "https://discord.com/api/webhooks/112233445566778899/abc-DEF_123",
        "https://discordapp.com/api/webhooks/112233445566778899/abc-DEF_123",
        "https://canary.discord.com/api/v10/webhooks/112233445566778899/abc",
      ],
      bad: [
        "https://discord.com/api/webhooks/not-a-number/abc",
        "https://evil-discord.com/api/webhooks/112233445566778899/abc",
        "https://discord.com.evil.example/api/webhooks/112233445566778899/abc",
      ],
      expected: "https://discord.com/api/webhooks/<id>/<token>",
    },
    teams: {
      good: [
        "https://acme.webhook.office.com/webhookb2/1234-abcd@5678/IncomingWebhook/abcd/efgh",
        "https://prod-12.westeurope.logic.azure.com/workflows/abc123/triggers/manual/paths/invoke?api-version=2016-06-01&sig=xyz",
        "https://default1234abcd.0e.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=xyz",
      ],
      bad: [
        "https://acme.webhook.office.com/other/1234",
        "https://logic.azure.com.evil.example/workflows/abc",
        "https://evil.example/acme.webhook.office.com/webhookb2/1234",
      ],
      expected: "https://<tenant>.webhook.office.com/webhookb2/…",
    },
  } as const;

  for (const [channel, { good, bad, expected }] of Object.entries(cases)) {
    it(`${channel}: accepts the service's own URLs and names the expected shape otherwise`, () => {
      for (const url of good) expect(accepted({ channel, url }).url).toBe(new URL(url).href);
      for (const url of bad) {
        const message = refused({ channel, url });
        expect(message, url).toMatch(/^url: must be a .* incoming-webhook URL: /);
        expect(message, url).toContain(expected);
      }
    });
  }

  it("refuses a URL with credentials, another path of the service, or no URL at all", () => {
    expect(refused({ channel: "discord", url: "https://user:pw@discord.com/api/webhooks/1/x" })).toBe(
      "url: must not contain a user name or password",
    );
    expect(refused({ channel: "discord", url: "https://discord.com/channels/1/2" })).toContain(
      "must be a Discord incoming-webhook URL",
    );
    expect(refused({ channel: "slack", url: "https://discord.com/api/webhooks/1/x" })).toContain(
      "must be a Slack incoming-webhook URL",
    );
    expect(refused({ channel: "teams", url: "not a url" })).toContain(
      "must be a Microsoft Teams incoming-webhook URL",
    );
  });

  it("keeps the language of chat messages", () => {
    const slack = "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/aBcDeF";
    expect(accepted({ channel: "slack", url: slack, locale: "fr" }).locale).toBe("fr");
  });

  it("names the channels it knows when the channel is wrong", () => {
    expect(refused({ channel: "fax", url: "https://example.com" })).toMatch(
      /channel: .*'email' \| 'sms' \| 'webhook' \| 'slack' \| 'discord' \| 'teams'/,
    );
  });
});
