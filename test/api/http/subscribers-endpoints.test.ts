import { parse } from "node-html-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmWebhook } from "../../../api/domain/subscribers/confirm-webhook.ts";
import { webhookSecretFor } from "../../../api/domain/subscribers/webhook-secret.ts";
import { subscribers } from "../../../db/schema/index.ts";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const hook = "https://hooks.example.com/vigie";
const slack = "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/aBcDeFgHiJkL";
const subscribeTo = (body: Record<string, unknown>) =>
  t.json("POST", "/api/subscribers", { token: null, body });

describe("POST /api/subscribers with channel webhook", () => {
  it("waits for its verification and shows the signing secret and the manage link in this answer only", async () => {
    const api = (await t.json("POST", "/api/admin/components", { body: { name: "API" } })).body.id;
    const res = await subscribeTo({ channel: "webhook", url: hook, components: [api] });
    expect(res.status).toBe(201);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.body).toMatchObject({ channel: "webhook", url: hook, state: "pending" });
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(res.body.message).toMatch(/Copy it now: it is not shown again/);
    expect(res.body.message).toMatch(/active once your receiver answers the verification request/);
    expect(await webhookSecretFor(t.deps, res.body.id)).toBe(res.body.secret);
    expect(JSON.stringify(await t.deps.db.select().from(subscribers))).not.toContain(
      res.body.secret.slice(6),
    );

    // The manage link works like an email's: the manage page, then a one-click unsubscribe.
    const manageUrl = new URL(res.body.manageUrl);
    expect(manageUrl.origin).toBe("http://status.test");
    const manage = await t.app.request(`${manageUrl.pathname}${manageUrl.search}`);
    expect(manage.status).toBe(200);
    expect(await manage.text()).toContain(hook);
    const gone = await t.app.request(new URL(res.body.unsubscribeUrl).pathname + manageUrl.search, {
      method: "POST",
    });
    expect(gone.status).toBe(200);
    const [row] = await t.deps.db.select().from(subscribers);
    expect(row?.state).toBe("unsubscribed");
  });

  it("refuses to hand an active URL's secret to a second caller (409)", async () => {
    const first = await subscribeTo({ channel: "webhook", url: hook });
    expect(first.status).toBe(201);
    // As when its receiver has answered the verification request.
    expect(await confirmWebhook(t.deps, first.body.id, 1)).toBe(true);
    const again = await subscribeTo({ channel: "webhook", url: `${hook}` });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already subscribed\. Use the manage link/);
    expect(again.body.secret).toBeUndefined();
  });

  it("gives clear 400s for a bad URL, a chat URL or a language", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ url: "hooks.example.com" }, "url: must be an http(s) URL that accepts POST requests"],
      [{ url: slack }, 'url: is a Slack URL: subscribe with channel "slack"'],
      [{ url: hook, locale: "fr" }, "locale: unknown field"],
      [{}, "url: required"],
    ];
    for (const [body, message] of cases) {
      const res = await subscribeTo({ channel: "webhook", ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
  });

  it("limits requests per URL like email addresses (3 an hour)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await subscribeTo({ channel: "webhook", url: hook })).status);
    // Not yet verified, the URL may be subscribed again (a new verification request each time).
    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});

describe("POST /api/subscribers with a chat channel", () => {
  it("subscribes a Slack, Discord or Teams URL at once, without a secret", async () => {
    const urls = {
      slack,
      discord: "https://discord.com/api/webhooks/112233445566778899/abc-DEF",
      teams: "https://acme.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456",
    };
    for (const [channel, url] of Object.entries(urls)) {
      const res = await subscribeTo({ channel, url, locale: "fr" });
      expect(res.status, channel).toBe(201);
      expect(res.body).toMatchObject({ channel, url, state: "active" });
      expect(res.body.secret).toBeUndefined();
      // The manage page is the status page's own, in the subscriber's language.
      expect(res.body.manageUrl).toMatch(/^http:\/\/status\.test\/fr\/subscribe\/manage\?token=sub_/);
    }
    expect((await t.deps.db.select().from(subscribers)).map((s) => s.locale)).toEqual(["fr", "fr", "fr"]);
  });

  it("refuses a URL of another host, saying which shape is expected", async () => {
    const res = await subscribeTo({ channel: "discord", url: "https://example.com/api/webhooks/1/abc" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "url: must be a Discord incoming-webhook URL: https://discord.com/api/webhooks/<id>/<token>",
    );
  });
});

describe("webhook and chat from the status page's form", () => {
  const post = (fields: [string, string][]) =>
    t.app.request("/api/subscribers", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });

  it("shows the webhook's secret and manage link on a page, ignoring the other channels' fields", async () => {
    const res = await post([
      ["locale", "fr"],
      ["channel", "webhook"],
      ["address", "ignored@example.com"],
      ["phone", ""],
      ["url", hook],
    ]);
    expect(res.status).toBe(201);
    const page = parse(await res.text());
    expect(page.querySelector("h1")?.text).toBe("Votre webhook est abonné");
    const secret = page.querySelector("#secret")?.text ?? "";
    expect(secret).toMatch(/^whsec_/);
    const [row] = await t.deps.db.select().from(subscribers);
    expect(row).toMatchObject({ channel: "webhook", address: hook, locale: "en" });
    expect(await webhookSecretFor(t.deps, row!.id)).toBe(secret);
    expect(page.querySelector("#manage")?.getAttribute("href")).toMatch(
      /\/fr\/subscribe\/manage\?token=sub_/,
    );
  });

  it("answers a refused or duplicate chat URL with a page", async () => {
    const bad = await post([
      ["locale", "en"],
      ["channel", "teams"],
      ["url", "https://example.com/webhookb2/x"],
    ]);
    expect(bad.status).toBe(400);
    // The field is named as the form labels it, with what to paste there.
    expect(parse(await bad.text()).querySelector("[role=alert]")?.text).toBe(
      "URL: paste the https:// address of your webhook, or the incoming-webhook URL your chat tool gave you.",
    );
    expect(
      (
        await post([
          ["channel", "slack"],
          ["url", slack],
        ])
      ).status,
    ).toBe(201);
    const twice = await post([
      ["channel", "slack"],
      ["url", slack],
    ]);
    expect(twice.status).toBe(409);
    expect(parse(await twice.text()).querySelector("[role=alert]")?.text).toMatch(/already subscribed/);
    const french = await post([
      ["locale", "fr"],
      ["channel", "slack"],
      ["url", slack],
    ]);
    expect(parse(await french.text()).querySelector("[role=alert]")?.text).toMatch(
      /^Cette URL est déjà abonnée\./,
    );
  });
});
